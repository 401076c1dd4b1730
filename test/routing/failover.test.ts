// executeWithFailover with fake attempts on a fake clock: failover order, what is retried and
// what is not, cooldowns and the circuit between requests, the retry budget, timeouts, client
// aborts, leases (in-flight), session affinity with spill-over, and the error a client gets
// when no deployment can serve.
import { describe, expect, it } from "vitest";
import { ProxyError } from "../../src/errors/proxy-error.js";
import { executeWithFailover, type AttemptTarget, type FailoverRequest } from "../../src/routing/failover.js";
import type { Candidate } from "../../src/routing/model-registry.js";
import { DEFAULT_ROUTING, type RoutingConfig } from "../../src/routing/routing-config.js";
import { RoutingState } from "../../src/routing/routing-state.js";
import { A1, B1, C1, FakeClock, MemoryLog } from "./fakes.js";

type Outcome = "ok" | Error | ((target: AttemptTarget) => Promise<string>);

function rateLimited(retryAfter?: string): ProxyError {
  return new ProxyError("upstream_error", 429, "SAP AI Core answered 429: slow down", {
    upstream: { status: 429, headers: retryAfter === undefined ? {} : { "retry-after": retryAfter } },
  });
}
const unavailable = () =>
  new ProxyError("upstream_error", 503, "SAP AI Core answered 503: busy", { upstream: { status: 503 } });
const badRequest = () =>
  new ProxyError("upstream_error", 400, "temperature: too high", { upstream: { status: 400 } });

function setup(config: Partial<RoutingConfig> = {}) {
  const clock = new FakeClock();
  const state = new RoutingState({ ...DEFAULT_ROUTING, ...config }, clock.now);
  const log = new MemoryLog();
  const calls: string[] = [];
  const run = (
    outcomes: Record<string, Outcome>,
    extra: Partial<FailoverRequest<string>> = {},
    candidates: readonly Candidate[] = [A1, B1, C1],
  ) =>
    executeWithFailover<string>(state, {
      model: "gpt-4o",
      candidates,
      timeoutMs: 1000,
      log,
      attempt: async (target) => {
        const id = target.candidate.deploymentId;
        calls.push(id);
        const outcome = outcomes[id] ?? "ok";
        if (outcome === "ok") return `served by ${id}`;
        if (outcome instanceof Error) throw outcome;
        return outcome(target);
      },
      ...extra,
    });
  return { clock, state, log, calls, run };
}

async function rejection(promise: Promise<unknown>): Promise<ProxyError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ProxyError);
  return error as ProxyError;
}

describe("failover", () => {
  it("serves from the first deployment of the strategy's order and holds a lease until release", async () => {
    const { state, run, calls } = setup();
    const committed = await run({});
    expect(committed).toMatchObject({ value: "served by d1", attempts: 1, candidate: A1 });
    expect(state.healthOf(A1).inFlight).toBe(1);
    committed.release();
    committed.release();
    expect(state.healthOf(A1).inFlight).toBe(0);
    expect(calls).toEqual(["d1"]);
  });

  it.each([
    ["429", rateLimited("3")],
    ["503", unavailable()],
    ["a connection error", new ProxyError("upstream_unreachable", 502, "ECONNRESET", { retryable: true })],
    [
      "a throttling event in a 200 stream",
      new ProxyError("upstream_error", 429, "throttlingException", { retryable: true }),
    ],
  ])("fails over on %s and cools the failed deployment down", async (_name, error) => {
    const { state, run, calls, log, clock } = setup();
    const committed = await run({ d1: error });
    expect(committed).toMatchObject({ value: "served by d2", attempts: 2 });
    expect(calls).toEqual(["d1", "d2"]);
    expect(state.healthOf(A1).inFlight).toBe(0);
    expect(state.healthOf(A1).availability(clock.nowMs).available).toBe(false);
    expect(log.lines.find((line) => line.level === "warn")?.fields).toMatchObject({
      subAccount: "a",
      deployment: "d1",
      attempt: 1,
    });
  });

  it("does not retry a client error, and does not hold it against the deployment", async () => {
    const { state, run, calls, clock } = setup();
    const error = await rejection(run({ d1: badRequest() }));
    expect(error.status).toBe(400);
    expect(calls).toEqual(["d1"]);
    expect(state.healthOf(A1).availability(clock.nowMs).available).toBe(true);
    expect(state.healthOf(A1).inFlight).toBe(0);
  });

  it("does not retry an error raised before the upstream call", async () => {
    const { run, calls } = setup();
    await expect(run({ d1: new TypeError("bug") })).rejects.toThrow("bug");
    expect(calls).toEqual(["d1"]);
  });

  it("skips a cooling deployment until its Retry-After has passed, then uses it again", async () => {
    const { run, calls, clock, log } = setup();
    (await run({ d1: rateLimited("10") })).release();
    calls.length = 0;
    for (let request = 0; request < 4; request += 1) (await run({})).release();
    expect(calls).not.toContain("d1");
    expect(
      log.messages("debug").some((message) => message.startsWith("Skipping deployment: cooling down until")),
    ).toBe(true);
    clock.advance(10_000);
    calls.length = 0;
    for (let request = 0; request < 3; request += 1) (await run({})).release();
    expect(calls).toContain("d1");
  });

  it("honours a Retry-After given as an HTTP date", async () => {
    const { run, calls, clock } = setup();
    const date = new Date(clock.nowMs + 5000).toUTCString();
    (await run({ d1: rateLimited(date), d2: "ok" }, {}, [A1, B1])).release();
    calls.length = 0;
    clock.advance(4000);
    (await run({}, {}, [A1, B1])).release();
    (await run({}, {}, [A1, B1])).release();
    expect(calls).toEqual(["d2", "d2"]);
    clock.advance(1000);
    calls.length = 0;
    (await run({}, {}, [A1, B1])).release();
    (await run({}, {}, [A1, B1])).release();
    expect(calls.sort()).toEqual(["d1", "d2"]);
  });

  it("when every deployment cools down, tries only the one available soonest", async () => {
    const { run, calls, log } = setup();
    await rejection(run({ d1: rateLimited("30"), d2: rateLimited("5"), d3: rateLimited("60") }));
    calls.length = 0;
    const committed = await run({});
    expect(calls).toEqual(["d2"]);
    expect(committed.candidate).toBe(B1);
    expect(log.messages("warn").at(-1)).toContain("trying the one available soonest");
  });

  it("answers 429 with the shortest Retry-After when every deployment is rate limited", async () => {
    const { run } = setup();
    const error = await rejection(run({ d1: rateLimited("30"), d2: rateLimited("5"), d3: unavailable() }));
    expect(error.status).toBe(429);
    expect(error.options.upstream?.headers?.["retry-after"]).toBe("5");
  });

  it("gives a 429 without Retry-After one from the soonest cooldown", async () => {
    const { run } = setup({ cooldown: { baseMs: 4000, maxMs: 60_000 } });
    const error = await rejection(run({ d1: rateLimited(), d2: unavailable(), d3: rateLimited() }));
    expect(error.status).toBe(429);
    expect(error.message).toContain("slow down");
    expect(error.options.upstream?.headers?.["retry-after"]).toBe("4");
  });

  it("answers with the last failure when none was a 429", async () => {
    const { run } = setup();
    const timeout = new ProxyError("upstream_timeout", 504, "no answer within 1000 ms", { retryable: true });
    const error = await rejection(run({ d1: unavailable(), d2: unavailable(), d3: timeout }));
    expect(error).toBe(timeout);
  });

  it("turns an attempt that does not commit in time into a 504 and tries the next", async () => {
    const { run, calls, state, clock } = setup();
    let aborted = false;
    const committed = await run(
      {
        d1: (target) =>
          new Promise((_resolve, reject) => {
            target.signal.addEventListener("abort", () => {
              aborted = true;
              reject(new Error("aborted by undici"));
            });
          }),
      },
      { timeoutMs: 20 },
    );
    expect(aborted).toBe(true);
    expect(committed.value).toBe("served by d2");
    expect(calls).toEqual(["d1", "d2"]);
    expect(state.healthOf(A1).recentErrors()[0]).toMatchObject({ status: 504 });
    expect(state.healthOf(A1).availability(clock.nowMs).available).toBe(false);
  });

  it("stops when the client goes away, frees the slot, and does not blame the deployment", async () => {
    const { run, calls, state, clock } = setup();
    const client = new AbortController();
    const pending = run(
      {
        d1: (target) =>
          new Promise((_resolve, reject) => {
            target.signal.addEventListener("abort", () => reject(new Error("aborted")));
            setTimeout(() => client.abort(), 5);
          }),
      },
      { signal: client.signal },
    );
    await expect(pending).rejects.toThrow("aborted");
    expect(calls).toEqual(["d1"]);
    expect(state.healthOf(A1).inFlight).toBe(0);
    expect(state.healthOf(A1).availability(clock.nowMs).available).toBe(true);
  });

  it("aborts a committed attempt's signal when the client goes away later", async () => {
    const { run } = setup();
    const client = new AbortController();
    let signal: AbortSignal | undefined;
    const committed = await run(
      {
        d1: (target) => {
          signal = target.signal;
          return Promise.resolve("streaming");
        },
      },
      { signal: client.signal },
    );
    expect(signal?.aborted).toBe(false);
    client.abort();
    expect(signal?.aborted).toBe(true);
    committed.release();
  });
});

describe("circuit breaker through requests", () => {
  it("opens after consecutive failures, sends one probe after the wait, and closes on success", async () => {
    const { run, calls, clock, state } = setup({
      circuit: { failures: 2, openMs: 10_000 },
      cooldown: { baseMs: 10, maxMs: 10 },
    });
    const candidates = [A1, B1];
    // round robin: d1 first on requests 1 and 3
    for (let request = 0; request < 3; request += 1) {
      (await run({ d1: unavailable() }, {}, candidates)).release();
      clock.advance(20);
    }
    expect(state.healthOf(A1).circuit(clock.nowMs)).toBe("open");
    calls.length = 0;
    for (let request = 0; request < 4; request += 1) (await run({}, {}, candidates)).release();
    expect(calls).toEqual(["d2", "d2", "d2", "d2"]);
    clock.advance(10_000);
    expect(state.healthOf(A1).circuit(clock.nowMs)).toBe("half-open");
    calls.length = 0;
    const probe = await run({}, {}, candidates);
    const meanwhile = await run({}, {}, candidates);
    expect(calls.filter((id) => id === "d1")).toHaveLength(1);
    probe.release();
    meanwhile.release();
    expect(state.healthOf(A1).circuit(clock.nowMs)).toBe("closed");
  });

  it("opens again when the probe fails", async () => {
    const { run, clock, state } = setup({
      circuit: { failures: 1, openMs: 1000 },
      cooldown: { baseMs: 1, maxMs: 1 },
    });
    (await run({ d1: unavailable() }, {}, [A1, B1])).release();
    clock.advance(1000);
    expect(state.healthOf(A1).circuit(clock.nowMs)).toBe("half-open");
    await rejection(run({ d1: unavailable() }, {}, [A1]));
    expect(state.healthOf(A1).circuit(clock.nowMs)).toBe("open");
  });
});

describe("retry budget", () => {
  it("stops failing over when the budget is spent and answers with the last failure", async () => {
    const { run, calls, log } = setup({ retryBudget: { ratio: 0, minPerSecond: 0.1 } });
    // floor: 0.1/s x 10 s = 1 retry in the window
    const first = await rejection(run({ d1: unavailable(), d2: unavailable(), d3: unavailable() }));
    expect(first.status).toBe(503);
    expect(calls).toEqual(["d1", "d2"]);
    expect(log.messages("warn").at(-1)).toContain("Retry budget exhausted");
  });
});

describe("session affinity", () => {
  const affinity = (busyThreshold = 2): Partial<RoutingConfig> => ({
    default: { ...DEFAULT_ROUTING.default, affinity: "session", busyThreshold },
  });

  it("keeps a session on the deployment that served it first, while others rotate", async () => {
    const { run, calls } = setup(affinity());
    (await run({}, { affinityKey: "s1" })).release(); // d1, pinned
    (await run({}, {})).release(); // round robin: d2
    (await run({}, { affinityKey: "s2" })).release(); // d3, pinned
    calls.length = 0;
    for (let request = 0; request < 3; request += 1) {
      (await run({}, { affinityKey: "s1" })).release();
      (await run({}, { affinityKey: "s2" })).release();
    }
    expect(calls).toEqual(["d1", "d3", "d1", "d3", "d1", "d3"]);
  });

  it("spills when the preferred deployment is busy, and keeps the pin", async () => {
    const { run, calls } = setup(affinity(2));
    const held = [await run({}, { affinityKey: "s" }), await run({}, { affinityKey: "s" })];
    expect(calls).toEqual(["d1", "d1"]);
    const spilled = await run({}, { affinityKey: "s" });
    expect(spilled.candidate).not.toBe(A1);
    spilled.release();
    for (const lease of held) lease.release();
    calls.length = 0;
    (await run({}, { affinityKey: "s" })).release();
    expect(calls).toEqual(["d1"]);
  });

  it("spills when the preferred deployment cools down, and re-pins to the one that served", async () => {
    const { run, calls, clock } = setup(affinity());
    (await run({}, { affinityKey: "s" })).release();
    const failedOver = await run({ d1: rateLimited("5") }, { affinityKey: "s" });
    failedOver.release();
    expect(failedOver.candidate).toBe(B1);
    clock.advance(5000);
    calls.length = 0;
    (await run({}, { affinityKey: "s" })).release();
    expect(calls).toEqual(["d2"]);
  });

  it("ignores the key when the model does not use affinity", async () => {
    const { run, calls } = setup();
    for (let request = 0; request < 3; request += 1) (await run({}, { affinityKey: "s" })).release();
    expect(calls).toEqual(["d1", "d2", "d3"]);
  });
});
