// Failover on every upstream path (every client protocol on every family, streamed and not,
// embeddings): with a fault on tenant-a's deployment, the request is served by tenant-b's, the
// simulator saw exactly those two attempts, and tenant-a's deployment cools down. Faults:
// connection dropped before any byte, no answer within the timeout, 429 with and without
// Retry-After, 5xx, and a throttling error as the first event of a 200 stream.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { FaultRuleInput } from "../../src/simulator/faults.js";
import { attempts, startRoutingGateway, viewOf, type RoutingSetup } from "./helpers.js";
import { clientsFor, UPSTREAM_PATHS, type Clients } from "./paths.js";

const TIMEOUT_MS = 500;

let setup: RoutingSetup;
let clients: Clients;

beforeAll(async () => {
  setup = await startRoutingGateway({
    extra: { timeouts: { first_byte_ms: TIMEOUT_MS, response_ms: TIMEOUT_MS } },
  });
  clients = clientsFor(setup);
});
afterAll(() => setup.close());
beforeEach(() => setup.reset());

const FAULTS: [string, FaultRuleInput, { streamOnly?: boolean; status?: number }][] = [
  ["a connection dropped before the answer", { kind: "drop", afterEvents: 0 }, {}],
  ["no answer within the timeout", { kind: "latency", ms: TIMEOUT_MS * 3 }, {}],
  ["429 with Retry-After", { kind: "http-error", status: 429, retryAfter: 30 }, { status: 429 }],
  ["429 without Retry-After", { kind: "http-error", status: 429, retryAfter: null }, { status: 429 }],
  ["503", { kind: "http-error", status: 503 }, { status: 503 }],
  ["500", { kind: "http-error", status: 500 }, { status: 500 }],
  [
    "a throttling error as the first event of a 200 stream",
    { kind: "stream-error" },
    { streamOnly: true, status: 200 },
  ],
];

describe.each(UPSTREAM_PATHS)("$name", (path) => {
  const faults = FAULTS.filter(([, , options]) => path.stream || !options.streamOnly);
  it.each(faults)("fails over on %s", async (_name, fault, options) => {
    setup.simulator.faults.add({ ...fault, tenant: "tenant-a", model: path.model });
    expect(await path.call(clients)).toBe("pong");
    const seen = attempts(setup);
    expect(seen.map((attempt) => attempt.tenant)).toEqual(["tenant-a", "tenant-b"]);
    if (options.status !== undefined) expect(seen[0]!.status).toBe(options.status);
    expect(seen[1]!.status).toBe(200);
    const failed = viewOf(setup, "tenant-a", path.model);
    expect(failed.status).toBe("cooling-down");
    expect(failed.recentErrors).toHaveLength(1);
    expect(viewOf(setup, "tenant-b", path.model)).toMatchObject({ status: "ready", served: 1, inFlight: 0 });
  });
});
