// Between requests: a failed deployment is skipped while it cools down (Retry-After honoured,
// on the gateway's clock) and used again afterwards; a circuit opens after consecutive
// failures, sends one probe after its wait and closes; when every deployment fails the client
// gets a 429 with Retry-After; log lines say who served and why deployments were skipped.
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GPT, startRoutingGateway, tenantsOf, viewOf, type RoutingSetup } from "./helpers.js";

let setup: RoutingSetup;
let openai: OpenAI;

beforeAll(async () => {
  setup = await startRoutingGateway({
    extra: {
      routing: { circuit: { failures: 3, open_ms: 60_000 }, cooldown: { base_ms: 1000, max_ms: 300_000 } },
    },
  });
  openai = new OpenAI({ apiKey: "test-key", baseURL: `${setup.url}/v1`, maxRetries: 0 });
});
afterAll(() => setup.close());
beforeEach(() => setup.reset());

async function ask(): Promise<void> {
  const completion = await openai.chat.completions.create({
    model: GPT,
    messages: [{ role: "user", content: "reply with exactly: pong" }],
  });
  expect(completion.choices[0]?.message.content).toBe("pong");
}

async function askTimes(count: number): Promise<void> {
  for (let index = 0; index < count; index += 1) await ask();
}

describe("cooldown", () => {
  it("skips the deployment until its Retry-After has passed, then uses it again", async () => {
    setup.simulator.faults.add({
      kind: "http-error",
      status: 429,
      retryAfter: 30,
      tenant: "tenant-a",
      times: 1,
    });
    await ask();
    expect(tenantsOf(setup)).toEqual(["tenant-a", "tenant-b"]);
    expect(viewOf(setup, "tenant-a", GPT)).toMatchObject({ status: "cooling-down" });
    setup.simulator.requestLog.clear();
    await askTimes(4);
    expect(tenantsOf(setup)).toEqual(["tenant-b", "tenant-b", "tenant-b", "tenant-b"]);

    setup.clock.advance(29_000);
    setup.simulator.requestLog.clear();
    await askTimes(2);
    expect(tenantsOf(setup)).toEqual(["tenant-b", "tenant-b"]);

    setup.clock.advance(1_000);
    setup.simulator.requestLog.clear();
    await askTimes(4);
    expect(tenantsOf(setup).filter((tenant) => tenant === "tenant-a")).toHaveLength(2);
    expect(viewOf(setup, "tenant-a", GPT)).toMatchObject({ status: "ready", consecutiveFailures: 0 });
  });

  it("honours a Retry-After given as an HTTP date", async () => {
    const at = new Date(setup.clock.now() + 20_000).toUTCString();
    setup.simulator.faults.add({
      kind: "http-error",
      status: 429,
      retryAfter: at,
      tenant: "tenant-a",
      times: 1,
    });
    await ask();
    setup.clock.advance(15_000);
    setup.simulator.requestLog.clear();
    await askTimes(2);
    expect(tenantsOf(setup)).toEqual(["tenant-b", "tenant-b"]);
    setup.clock.advance(6_000);
    setup.simulator.requestLog.clear();
    await askTimes(2);
    expect(tenantsOf(setup)).toContain("tenant-a");
  });

  it("logs who served, why a deployment failed and why it was skipped", async () => {
    setup.simulator.faults.add({ kind: "http-error", status: 503, tenant: "tenant-a", times: 1 });
    await askTimes(2);
    const lines = setup.logLines();
    const failed = lines.find((line) => String(line.msg).startsWith("Deployment failed"));
    expect(failed).toMatchObject({ level: 40, subAccount: "tenant-a", status: 503, attempt: 1 });
    expect(failed?.cooldownUntil).toEqual(expect.any(String));
    const served = lines.filter((line) => line.msg === "chat completion served");
    expect(served.map((line) => [line.subAccount, line.attempt])).toEqual([
      ["tenant-b", 2],
      ["tenant-b", 1],
    ]);
    expect(served[0]?.deployment).toEqual(expect.any(String));
    const skipped = lines.find((line) =>
      String(line.msg).startsWith("Skipping deployment: cooling down until"),
    );
    expect(skipped).toMatchObject({ level: 20, subAccount: "tenant-a", reason: "cooling-down" });
  });
});

describe("circuit breaker", () => {
  // Short cooldowns, so that only the breaker keeps a failing deployment out.
  let circuit: RoutingSetup;
  let client: OpenAI;
  beforeAll(async () => {
    circuit = await startRoutingGateway({
      extra: {
        routing: { circuit: { failures: 3, open_ms: 60_000 }, cooldown: { base_ms: 10, max_ms: 10 } },
      },
    });
    client = new OpenAI({ apiKey: "test-key", baseURL: `${circuit.url}/v1`, maxRetries: 0 });
  });
  afterAll(() => circuit.close());

  async function served(count: number): Promise<(string | null)[]> {
    circuit.simulator.requestLog.clear();
    for (let index = 0; index < count; index += 1) {
      await client.chat.completions.create({ model: GPT, messages: [{ role: "user", content: "hi" }] });
      circuit.clock.advance(20);
    }
    return tenantsOf(circuit);
  }

  it("opens after consecutive failures, stops costing attempts, and recovers with one probe", async () => {
    circuit.simulator.faults.add({ kind: "http-error", status: 503, tenant: "tenant-a" });
    // round robin: tenant-a leads every other request, fails, and tenant-b serves
    const first = await served(6);
    expect(first.filter((tenant) => tenant === "tenant-a")).toHaveLength(3);
    expect(first.filter((tenant) => tenant === "tenant-b")).toHaveLength(6);
    expect(viewOf(circuit, "tenant-a", GPT)).toMatchObject({ status: "circuit-open", circuit: "open" });
    expect(await served(4)).toEqual(["tenant-b", "tenant-b", "tenant-b", "tenant-b"]);

    circuit.simulator.faults.clear();
    circuit.clock.advance(60_000);
    expect(viewOf(circuit, "tenant-a", GPT)).toMatchObject({ status: "half-open", circuit: "half-open" });
    expect((await served(4)).filter((tenant) => tenant === "tenant-a")).toHaveLength(2);
    expect(viewOf(circuit, "tenant-a", GPT)).toMatchObject({ status: "ready", circuit: "closed" });
  });

  it("opens again when the probe fails", async () => {
    circuit.reset();
    circuit.simulator.faults.add({ kind: "http-error", status: 503, tenant: "tenant-a" });
    await served(6);
    circuit.clock.advance(60_000);
    const probe = await served(2);
    expect(probe.filter((tenant) => tenant === "tenant-a")).toHaveLength(1);
    expect(viewOf(circuit, "tenant-a", GPT)).toMatchObject({ status: "circuit-open" });
  });
});

describe("every deployment failing", () => {
  it("answers 429 with the shortest Retry-After", async () => {
    setup.simulator.faults.add({ kind: "http-error", status: 429, retryAfter: 30, tenant: "tenant-a" });
    setup.simulator.faults.add({ kind: "http-error", status: 429, retryAfter: 7, tenant: "tenant-b" });
    const error = (await ask().catch((reason: unknown) => reason)) as InstanceType<typeof OpenAI.APIError>;
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.headers?.get("retry-after")).toBe("7");
    expect(tenantsOf(setup)).toEqual(["tenant-a", "tenant-b"]);
  });

  it("gives a 429 without Retry-After one from the deployments' cooldown", async () => {
    setup.simulator.faults.add({ kind: "http-error", status: 429, retryAfter: null });
    const response = await fetch(`${setup.url}/v1/messages`, {
      method: "POST",
      headers: {
        "x-api-key": "test-key",
        "anthropic-version": "2023-06-01",
        "content-type": "application/json",
      },
      body: JSON.stringify({ model: GPT, max_tokens: 50, messages: [{ role: "user", content: "hi" }] }),
    });
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("1");
    expect(await response.json()).toMatchObject({ type: "error", error: { type: "rate_limit_error" } });
  });

  it("answers a throttling error inside every 200 stream with 429 and Retry-After", async () => {
    setup.simulator.faults.add({ kind: "stream-error" });
    const response = await fetch(
      `${setup.url}/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse`,
      {
        method: "POST",
        headers: { "x-goog-api-key": "test-key", "content-type": "application/json" },
        body: JSON.stringify({ contents: [{ role: "user", parts: [{ text: "hi" }] }] }),
      },
    );
    expect(response.status).toBe(429);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(tenantsOf(setup)).toEqual(["tenant-a", "tenant-b"]);
  });

  it("answers the last failure when none was a 429", async () => {
    setup.simulator.faults.add({ kind: "http-error", status: 503, tenant: "tenant-a" });
    setup.simulator.faults.add({ kind: "drop", afterEvents: 0, tenant: "tenant-b" });
    const error = (await ask().catch((reason: unknown) => reason)) as InstanceType<typeof OpenAI.APIError>;
    expect(error.status).toBe(502);
    expect(error.message).toContain("unreachable");
  });
});
