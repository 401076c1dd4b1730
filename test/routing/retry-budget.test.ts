// The retry budget: failover attempts stay below ratio x requests of the sliding window plus a
// floor, and come back as the window slides.
import { describe, expect, it } from "vitest";
import { RetryBudget } from "../../src/routing/retry-budget.js";

describe("RetryBudget", () => {
  it("always allows the floor (minPerSecond x window)", () => {
    const budget = new RetryBudget({ ratio: 0, minPerSecond: 0.5, windowSeconds: 4 });
    expect(budget.tryRetry(0)).toBe(true);
    expect(budget.tryRetry(0)).toBe(true);
    expect(budget.tryRetry(0)).toBe(false);
  });

  it("allows ratio x requests on top", () => {
    const budget = new RetryBudget({ ratio: 0.2, minPerSecond: 0, windowSeconds: 10 });
    for (let request = 0; request < 50; request += 1) budget.recordRequest(1000);
    const granted = Array.from({ length: 20 }, () => budget.tryRetry(1000)).filter(Boolean).length;
    expect(granted).toBe(10);
    expect(budget.totals(1000)).toEqual({ requests: 50, retries: 10 });
  });

  it("slides: old requests and retries leave the window", () => {
    const budget = new RetryBudget({ ratio: 1, minPerSecond: 0, windowSeconds: 2 });
    budget.recordRequest(0);
    expect(budget.tryRetry(0)).toBe(true);
    expect(budget.tryRetry(500)).toBe(false);
    expect(budget.tryRetry(1999)).toBe(false);
    budget.recordRequest(2000);
    expect(budget.tryRetry(2000)).toBe(true);
    expect(budget.totals(2000)).toEqual({ requests: 1, retries: 1 });
  });
});
