// Circuit breaker transitions on a fake clock: closed -> open after N consecutive failures ->
// half-open after the wait, one probe -> closed on success, open again on failure.
import { describe, expect, it } from "vitest";
import { CircuitBreaker } from "../../src/routing/circuit-breaker.js";

describe("CircuitBreaker", () => {
  it("opens after the configured consecutive failures, not before", () => {
    const breaker = new CircuitBreaker({ failures: 3, openMs: 1000 });
    breaker.onFailure(0);
    breaker.onFailure(10);
    expect(breaker.state(20)).toBe("closed");
    expect(breaker.allows(20)).toBe(true);
    breaker.onFailure(20);
    expect(breaker.state(21)).toBe("open");
    expect(breaker.allows(21)).toBe(false);
    expect(breaker.availableAt(21)).toBe(1020);
  });

  it("a success in between resets the count", () => {
    const breaker = new CircuitBreaker({ failures: 2, openMs: 1000 });
    breaker.onFailure(0);
    breaker.onSuccess();
    breaker.onFailure(1);
    expect(breaker.state(2)).toBe("closed");
    expect(breaker.consecutiveFailures).toBe(1);
  });

  it("goes half-open after the wait and lets exactly one probe through", () => {
    const breaker = new CircuitBreaker({ failures: 1, openMs: 1000 });
    breaker.onFailure(0);
    expect(breaker.state(999)).toBe("open");
    expect(breaker.state(1000)).toBe("half-open");
    expect(breaker.allows(1000)).toBe(true);
    breaker.onAttempt(1000);
    expect(breaker.allows(1001)).toBe(false);
  });

  it("closes when the probe succeeds", () => {
    const breaker = new CircuitBreaker({ failures: 1, openMs: 1000 });
    breaker.onFailure(0);
    breaker.onAttempt(1500);
    breaker.onSuccess();
    expect(breaker.state(1501)).toBe("closed");
    expect(breaker.allows(1501)).toBe(true);
    expect(breaker.consecutiveFailures).toBe(0);
  });

  it("opens again when the probe fails", () => {
    const breaker = new CircuitBreaker({ failures: 3, openMs: 1000 });
    for (const time of [0, 1, 2]) breaker.onFailure(time);
    breaker.onAttempt(1500);
    breaker.onFailure(1600);
    expect(breaker.state(1601)).toBe("open");
    expect(breaker.availableAt(1601)).toBe(2600);
    expect(breaker.state(2600)).toBe("half-open");
  });

  it("frees the probe slot when the probe says nothing (client error, client gone)", () => {
    const breaker = new CircuitBreaker({ failures: 1, openMs: 1000 });
    breaker.onFailure(0);
    breaker.onAttempt(1000);
    breaker.onNeutral();
    expect(breaker.state(1001)).toBe("half-open");
    expect(breaker.allows(1001)).toBe(true);
  });
});
