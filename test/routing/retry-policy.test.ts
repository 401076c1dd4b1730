// Retry-After parsing (delay seconds and HTTP dates, RFC 9110 10.2.3; Azure's retry-after-ms),
// exponential backoff and the capped cooldown that results.
import { describe, expect, it } from "vitest";
import { backoffMs, cooldownMs, parseRetryAfter, parseRetryAfterMs } from "../../src/routing/retry-policy.js";

const NOW = Date.parse("2026-03-01T12:00:00Z");

describe("parseRetryAfter", () => {
  it("reads delay seconds, also fractional and padded", () => {
    expect(parseRetryAfter("7", NOW)).toBe(7000);
    expect(parseRetryAfter(" 0 ", NOW)).toBe(0);
    expect(parseRetryAfter("1.5", NOW)).toBe(1500);
  });

  it("reads HTTP dates relative to now (IMF-fixdate, obsolete RFC 850)", () => {
    expect(parseRetryAfter("Sun, 01 Mar 2026 12:00:30 GMT", NOW)).toBe(30_000);
    expect(parseRetryAfter("Sunday, 01-Mar-26 12:01:00 GMT", NOW)).toBe(60_000);
  });

  it("treats a date in the past as no delay", () => {
    expect(parseRetryAfter("Sun, 01 Mar 2026 11:00:00 GMT", NOW)).toBe(0);
  });

  it("ignores what it cannot read", () => {
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
    expect(parseRetryAfter("", NOW)).toBeUndefined();
    expect(parseRetryAfter("-3", NOW)).toBeUndefined();
    expect(parseRetryAfter("soon", NOW)).toBeUndefined();
    expect(parseRetryAfter("12 34", NOW)).toBeUndefined();
  });

  it("reads retry-after-ms", () => {
    expect(parseRetryAfterMs("250")).toBe(250);
    expect(parseRetryAfterMs("x")).toBeUndefined();
    expect(parseRetryAfterMs(undefined)).toBeUndefined();
  });
});

describe("backoff and cooldown", () => {
  const policy = { baseMs: 1000, maxMs: 10_000 };

  it("doubles per consecutive failure up to the cap", () => {
    expect([1, 2, 3, 4, 5, 6].map((failures) => backoffMs(failures, policy))).toEqual([
      1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
    expect(backoffMs(1000, policy)).toBe(10_000);
    expect(backoffMs(0, policy)).toBe(1000);
  });

  it("uses the upstream's delay when it sent one, capped", () => {
    expect(cooldownMs(3000, 4, policy)).toBe(3000);
    expect(cooldownMs(0, 4, policy)).toBe(0);
    expect(cooldownMs(3_600_000, 1, policy)).toBe(10_000);
    expect(cooldownMs(undefined, 3, policy)).toBe(4000);
  });
});
