// Seeded chaos: random 429s (with and without Retry-After), 5xx, throttling errors inside 200
// streams and dropped connections on two of three tenants' deployments, hundreds of requests
// over every client protocol and family, time moving on. Every request succeeds (one deployment
// of each model always can), the healthy tenant carries most of the load, and without faults the
// load spreads evenly, as round robin says.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FaultRuleInput } from "../../src/simulator/faults.js";
import { startRoutingGateway, tenantsOf, twinTenants, type RoutingSetup } from "./helpers.js";
import { clientsFor, UPSTREAM_PATHS, type Clients } from "./paths.js";

const TENANTS = ["tenant-a", "tenant-b", "tenant-c"];
const FLAKY = ["tenant-a", "tenant-b"];

/** mulberry32: a small seeded PRNG, so that a failing run can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)]!;
}

const FAULTS: FaultRuleInput[] = [
  { kind: "http-error", status: 429, retryAfter: 1 },
  { kind: "http-error", status: 429, retryAfter: null },
  { kind: "http-error", status: 500 },
  { kind: "http-error", status: 503 },
  { kind: "stream-error" },
  { kind: "drop", afterEvents: 0 },
];

let setup: RoutingSetup;
let clients: Clients;

beforeAll(async () => {
  setup = await startRoutingGateway({ tenants: twinTenants(TENANTS), streamIntervalMs: 0 });
  clients = clientsFor(setup);
});
afterAll(() => setup.close());

describe("chaos", () => {
  it("serves every request while two of three tenants fail at random", async () => {
    const next = random(20260301);
    const failures: string[] = [];
    for (let request = 0; request < 300; request += 1) {
      const path = pick(next, UPSTREAM_PATHS);
      for (const tenant of FLAKY) {
        if (next() < 0.4)
          setup.simulator.faults.add({ ...pick(next, FAULTS), tenant, model: path.model, times: 1 });
      }
      setup.clock.advance(Math.floor(next() * 1500));
      const answer = await path.call(clients).catch((error: unknown) => `failed: ${String(error)}`);
      if (answer !== "pong") failures.push(`${request} ${path.name}: ${answer}`);
    }
    expect(failures).toEqual([]);
    const attempts = tenantsOf(setup);
    const served = (tenant: string) => attempts.filter((entry) => entry === tenant).length;
    expect(served("tenant-c")).toBeGreaterThan(served("tenant-a"));
    expect(served("tenant-c")).toBeGreaterThan(served("tenant-b"));
    expect(served("tenant-a")).toBeGreaterThan(0);
    expect(served("tenant-b")).toBeGreaterThan(0);
    // failover adds some load, not a multiple of it
    expect(attempts.length).toBeLessThan(300 * 2);
  });

  it("spreads the load evenly once the faults are gone", async () => {
    setup.reset();
    for (let round = 0; round < 10; round += 1) {
      for (const path of UPSTREAM_PATHS) expect(await path.call(clients)).toBe("pong");
    }
    const attempts = tenantsOf(setup);
    expect(attempts).toHaveLength(10 * UPSTREAM_PATHS.length);
    for (const tenant of TENANTS) {
      const share = attempts.filter((entry) => entry === tenant).length / attempts.length;
      expect(share).toBeGreaterThan(0.3);
      expect(share).toBeLessThan(0.37);
    }
  });
});
