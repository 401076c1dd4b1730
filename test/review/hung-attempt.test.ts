// Review item 2: the router's per-attempt timeout covers an attempt that does not honour its
// signal (a hung XSUAA token fetch), and `TokenProvider.token(signal)` stops waiting when the
// signal aborts while the shared fetch goes on for the other callers.
import { Agent } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseServiceKey } from "../../src/config/service-key.js";
import { executeWithFailover } from "../../src/routing/failover.js";
import { DEFAULT_ROUTING } from "../../src/routing/routing-config.js";
import { RoutingState } from "../../src/routing/routing-state.js";
import { TokenProvider } from "../../src/sap/token-provider.js";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";
import { A1, B1, FakeClock, MemoryLog } from "../routing/fakes.js";

describe("executeWithFailover timeout", () => {
  it("fails over after timeoutMs even when the attempt ignores its signal", async () => {
    const clock = new FakeClock();
    const state = new RoutingState(DEFAULT_ROUTING, clock.now);
    const calls: string[] = [];
    const started = Date.now();
    const committed = await executeWithFailover<string>(state, {
      model: "gpt-4o",
      candidates: [A1, B1],
      timeoutMs: 50,
      log: new MemoryLog(),
      attempt: async ({ candidate }) => {
        calls.push(candidate.deploymentId);
        // never settles, whatever the signal says
        if (candidate === A1) return new Promise<string>(() => undefined);
        return `served by ${candidate.deploymentId}`;
      },
    });
    expect(committed.value).toBe("served by d2");
    expect(calls).toEqual(["d1", "d2"]);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(state.healthOf(A1).recentErrors()[0]).toMatchObject({ status: 504 });
    expect(state.healthOf(A1).inFlight).toBe(0);
    committed.release();
  });
});

describe("TokenProvider.token(signal)", () => {
  let simulator: Simulator;
  const http = new Agent();
  beforeAll(async () => {
    simulator = await startSimulator();
  });
  afterAll(async () => {
    await simulator.close();
    await http.close();
  });

  it("stops waiting when the signal aborts; the shared fetch still serves the others", async () => {
    simulator.faults.add({ kind: "latency", ms: 400, tenant: "tenant-a", path: "/oauth/token" });
    const credentials = parseServiceKey(simulator.serviceKey("tenant-a"), "tenant-a");
    const tokens = new TokenProvider("tenant-a", credentials, { http, clock: Date.now });
    const patient = tokens.token();
    const started = Date.now();
    const impatient = await tokens.token(AbortSignal.timeout(30)).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(Date.now() - started).toBeLessThan(300);
    expect(impatient).toBeInstanceOf(Error);
    expect(typeof (await patient)).toBe("string");
  });
});
