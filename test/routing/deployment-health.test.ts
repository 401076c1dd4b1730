// One deployment's health: cooldowns from Retry-After or backoff, the breaker's view, the ring
// of recent errors, and the readiness view built from it.
import { describe, expect, it } from "vitest";
import { DeploymentHealth } from "../../src/routing/deployment-health.js";
import type { ClassifiedFailure } from "../../src/routing/failure-classifier.js";
import { ModelRegistry } from "../../src/routing/model-registry.js";
import { DEFAULT_ROUTING } from "../../src/routing/routing-config.js";
import { RoutingState } from "../../src/routing/routing-state.js";
import { A1, B1, FakeClock } from "./fakes.js";

const policy = { cooldown: { baseMs: 1000, maxMs: 60_000 }, circuit: { failures: 3, openMs: 30_000 } };

function failure(retryAfterMs?: number, status = 503): ClassifiedFailure {
  return {
    kind: "deployment",
    status,
    upstreamStatus: status,
    retryAfterMs,
    message: `failed with ${status}`,
  };
}

describe("DeploymentHealth", () => {
  it("cools down for the upstream's Retry-After, else with doubling backoff", () => {
    const health = new DeploymentHealth(policy);
    expect(health.failedWith(0, failure(5000, 429))).toBe(5000);
    expect(health.availability(4999)).toEqual({ available: false, reason: "cooling-down", until: 5000 });
    expect(health.availability(5000)).toEqual({ available: true });
    expect(health.failedWith(5000, failure())).toBe(7000);
  });

  it("opens the circuit after consecutive failures; a success clears everything", () => {
    const health = new DeploymentHealth(policy);
    health.failedWith(0, failure());
    health.failedWith(0, failure());
    health.failedWith(0, failure());
    expect(health.availability(10_000)).toEqual({ available: false, reason: "circuit-open", until: 30_000 });
    expect(health.circuit(30_000)).toBe("half-open");
    health.begin(30_000);
    expect(health.availability(30_001)).toMatchObject({ available: false, reason: "probe-in-flight" });
    health.succeeded(30_010);
    health.end();
    expect(health.availability(30_011)).toEqual({ available: true });
    expect(health.consecutiveFailures).toBe(0);
    expect(health.inFlight).toBe(0);
  });

  it("keeps the last ten errors", () => {
    const health = new DeploymentHealth({ ...policy, circuit: { failures: 100, openMs: 1 } });
    for (let index = 0; index < 12; index += 1) health.failedWith(index, failure(0, 500 + index));
    expect(health.recentErrors()).toHaveLength(10);
    expect(health.recentErrors()[0]).toEqual({ time: 2, status: 502, message: "failed with 502" });
  });
});

describe("RoutingState.snapshot", () => {
  it("lists every deployment once, with its models, state, cooldown, in-flight and errors", () => {
    const clock = new FakeClock(0);
    const state = new RoutingState(DEFAULT_ROUTING, clock.now);
    const registry = new ModelRegistry();
    registry.add("gpt-4o", A1);
    registry.add("gpt-4o", B1);
    registry.add("smart", A1);
    state.healthOf(B1).failedWith(0, failure(20_000, 429));
    state.healthOf(A1).begin(0);
    const views = state.snapshot(registry);
    expect(views).toHaveLength(2);
    expect(views.find((view) => view.deploymentId === "d1")).toMatchObject({
      subAccount: "a",
      models: ["gpt-4o", "smart"],
      status: "ready",
      circuit: "closed",
      availableAt: null,
      inFlight: 1,
    });
    expect(views.find((view) => view.deploymentId === "d2")).toMatchObject({
      subAccount: "b",
      models: ["gpt-4o"],
      status: "cooling-down",
      availableAt: "1970-01-01T00:00:20.000Z",
      consecutiveFailures: 1,
      failed: 1,
      recentErrors: [{ time: "1970-01-01T00:00:00.000Z", status: 429, message: "failed with 429" }],
    });
  });
});
