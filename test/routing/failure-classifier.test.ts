// Which failures fail over to another deployment (and cool this one down), which are the
// client's, and which never reached an upstream.
import { describe, expect, it } from "vitest";
import { ProxyError } from "../../src/errors/proxy-error.js";
import { classifyFailure } from "../../src/routing/failure-classifier.js";

const NOW = Date.parse("2026-03-01T12:00:00Z");

function upstream(status: number, clientStatus: number, headers: Record<string, string> = {}): ProxyError {
  return new ProxyError("upstream_error", clientStatus, `answered ${status}`, {
    upstream: { status, headers, body: "{}" },
  });
}

describe("classifyFailure", () => {
  it("fails over on 429 and keeps its Retry-After (seconds or HTTP date)", () => {
    expect(classifyFailure(upstream(429, 429, { "retry-after": "7" }), NOW)).toMatchObject({
      kind: "deployment",
      status: 429,
      upstreamStatus: 429,
      retryAfterMs: 7000,
    });
    expect(
      classifyFailure(upstream(429, 429, { "retry-after": "Sun, 01 Mar 2026 12:00:20 GMT" }), NOW)
        .retryAfterMs,
    ).toBe(20_000);
    expect(classifyFailure(upstream(429, 429, { "retry-after-ms": "1500" }), NOW).retryAfterMs).toBe(1500);
    expect(classifyFailure(upstream(429, 429), NOW).retryAfterMs).toBeUndefined();
  });

  it("fails over on 5xx, also when the client sees 502", () => {
    for (const [status, clientStatus] of [
      [500, 502],
      [502, 502],
      [503, 503],
      [504, 504],
    ] as const) {
      expect(classifyFailure(upstream(status, clientStatus), NOW).kind).toBe("deployment");
    }
  });

  it("fails over on connection errors, timeouts and this subaccount's rejected credentials", () => {
    const unreachable = new ProxyError("upstream_unreachable", 502, "ECONNREFUSED", { retryable: true });
    const timeout = new ProxyError("upstream_timeout", 504, "no answer", { retryable: true });
    const credentials = new ProxyError("upstream_auth_failed", 502, "token request failed with 401", {
      retryable: false,
      upstream: { status: 401 },
    });
    for (const error of [unreachable, timeout, credentials]) {
      expect(classifyFailure(error, NOW).kind).toBe("deployment");
    }
  });

  it("fails over on an error as the first event of a 200 stream", () => {
    const throttled = new ProxyError("upstream_error", 429, "throttlingException: slow down", {
      retryable: true,
    });
    expect(classifyFailure(throttled, NOW)).toMatchObject({ kind: "deployment", status: 429 });
    const inStream = new ProxyError("upstream_error", 429, "Resource exhausted", {
      upstream: { status: 429 },
    });
    expect(classifyFailure(inStream, NOW).kind).toBe("deployment");
  });

  it("fails over on a 404 of the inference URL (deployment gone since discovery)", () => {
    expect(classifyFailure(upstream(404, 404), NOW).kind).toBe("deployment");
  });

  it("does not retry the client's 4xx", () => {
    for (const status of [400, 413, 422]) {
      expect(classifyFailure(upstream(status, status), NOW)).toMatchObject({ kind: "client", status });
    }
  });

  it("does not retry what failed before reaching an upstream", () => {
    expect(classifyFailure(new ProxyError("invalid_request", 400, "bad"), NOW).kind).toBe("gateway");
    expect(classifyFailure(new TypeError("bug"), NOW)).toMatchObject({ kind: "gateway", message: "bug" });
  });
});
