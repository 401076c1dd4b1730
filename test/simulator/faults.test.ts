// Fault injection of the simulator (in process and through the /_sim control API): HTTP errors
// with and without Retry-After, throttling inside a 200 stream, dropped connections, latency,
// token expiry, rule matching and use counts.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";
import { sseDataPayloads, tenantClient, type TenantClient, jsonOf } from "../helpers/simulator-client.js";

let simulator: Simulator;
let a: TenantClient;
let b: TenantClient;
const CHAT = "/chat/completions?api-version=2024-10-21";
const hello = { messages: [{ role: "user", content: "count to 40" }] };

beforeAll(async () => {
  simulator = await startSimulator();
  a = await tenantClient(simulator, "tenant-a");
  b = await tenantClient(simulator, "tenant-b");
});
afterAll(() => simulator.close());
afterEach(() => simulator.faults.clear());

describe("HTTP error faults", () => {
  it("answers 429 with the default Retry-After, in the family's error shape", async () => {
    simulator.faults.add({ kind: "http-error", status: 429, model: "gpt-4o" });
    const response = await a.infer("gpt-4o", CHAT, hello);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("2");
    expect((await jsonOf(response)).error).toMatchObject({ code: "429", message: expect.any(String) });
    expect(simulator.requestLog.last()).toMatchObject({ status: 429, fault: "http-error 429" });
  });

  it("can omit Retry-After or send an HTTP date", async () => {
    simulator.faults.add({ kind: "http-error", status: 429, retryAfter: null, times: 1 });
    expect((await a.infer("gpt-4o", CHAT, hello)).headers.get("retry-after")).toBeNull();
    const date = "Wed, 21 Oct 2026 07:28:00 GMT";
    simulator.faults.add({ kind: "http-error", status: 429, retryAfter: date, times: 1 });
    expect((await a.infer("gpt-4o", CHAT, hello)).headers.get("retry-after")).toBe(date);
  });

  it("applies a rule only as many times as asked, then serves normally", async () => {
    simulator.faults.add({ kind: "http-error", status: 503, times: 2, deployment: a.deploymentId("gpt-4o") });
    expect((await a.infer("gpt-4o", CHAT, hello)).status).toBe(503);
    expect((await a.infer("gpt-4o", CHAT, hello)).status).toBe(503);
    expect((await a.infer("gpt-4o", CHAT, hello)).status).toBe(200);
    expect(simulator.faults.list()).toEqual([]);
  });

  it("matches by tenant, deployment, model and path", async () => {
    simulator.faults.add({ kind: "http-error", status: 500, tenant: "tenant-b" });
    simulator.faults.add({ kind: "http-error", status: 502, path: "/embeddings" });
    expect((await a.infer("gpt-4o", CHAT, hello)).status).toBe(200);
    expect((await b.infer("gpt-4o", CHAT, hello)).status).toBe(500);
    expect(
      (await a.infer("text-embedding-3-small", "/embeddings?api-version=1", { input: "x" })).status,
    ).toBe(502);
  });

  it("applies to the token endpoint and the AI API too", async () => {
    simulator.faults.add({ kind: "http-error", status: 503, path: "/oauth/token", times: 1 });
    await expect(tenantClient(simulator, "tenant-a")).rejects.toThrow(/503/);
    simulator.faults.add({ kind: "http-error", status: 429, path: "/v2/lm/deployments", times: 1 });
    const listing = await fetch(`${a.apiUrl}/v2/lm/deployments`, { headers: a.headers() });
    expect(listing.status).toBe(429);
    expect(listing.headers.get("retry-after")).toBe("2");
    expect((await jsonOf(listing)).error.requestId).toEqual(expect.any(String));
  });
});

describe("stream faults", () => {
  it("sends Azure's throttling error as the first event after the prompt-filter event, without [DONE]", async () => {
    simulator.faults.add({ kind: "stream-error", model: "gpt-4o", message: "exceeded token rate limit" });
    const plain = await a.infer("gpt-4o", CHAT, hello);
    expect(plain.status).toBe(200);
    expect((await jsonOf(plain)).object).toBe("chat.completion");
    const streamed = await a.infer("gpt-4o", CHAT, { ...hello, stream: true });
    expect(streamed.status).toBe(200);
    const payloads = sseDataPayloads(await streamed.text()).map((payload) => JSON.parse(payload));
    expect(payloads).toHaveLength(2);
    expect(payloads[0].prompt_filter_results).toBeDefined();
    expect(payloads[1]).toEqual({ error: { code: "429", message: "exceeded token rate limit" } });
  });

  it("drops the connection after the given number of events", async () => {
    simulator.faults.add({ kind: "drop", afterEvents: 3, times: 1 });
    const response = await a.infer("gpt-4o", CHAT, { ...hello, stream: true });
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
  });

  it("drops a non-streaming request before any byte", async () => {
    simulator.faults.add({ kind: "drop", afterEvents: 0, times: 1 });
    await expect(a.infer("gpt-4o", CHAT, hello)).rejects.toThrow();
    expect((await a.infer("gpt-4o", CHAT, hello)).status).toBe(200);
  });

  it("paces streamed events and adds latency before the response", async () => {
    simulator.faults.add({ kind: "latency", ms: 150, times: 1 });
    const started = performance.now();
    const response = await a.infer("gpt-4o", CHAT, hello);
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });
});

describe("token expiry fault", () => {
  it("answers one request with 401 Jwt is expired", async () => {
    simulator.faults.add({ kind: "token-expired", tenant: "tenant-a", times: 1 });
    const response = await a.infer("gpt-4o", CHAT, hello);
    expect(response.status).toBe(401);
    expect(await response.text()).toBe("Jwt is expired");
    expect((await a.infer("gpt-4o", CHAT, hello)).status).toBe(200);
  });
});

describe("/_sim control API", () => {
  it("adds, lists and removes faults over HTTP, validating the rule", async () => {
    const created = await fetch(`${simulator.url}/_sim/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ kind: "http-error", status: 429, model: "gpt-4o" }),
    });
    expect(created.status).toBe(201);
    const { id } = await jsonOf(created);
    const listed = await jsonOf(await fetch(`${simulator.url}/_sim/faults`));
    expect(listed.faults).toEqual([
      { id, rule: { kind: "http-error", status: 429, model: "gpt-4o" }, remaining: null },
    ]);
    expect((await a.infer("gpt-4o", CHAT, hello)).status).toBe(429);
    expect((await fetch(`${simulator.url}/_sim/faults/${id}`, { method: "DELETE" })).status).toBe(204);
    expect((await a.infer("gpt-4o", CHAT, hello)).status).toBe(200);
    const invalid = await fetch(`${simulator.url}/_sim/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ kind: "http-error", status: 200 }),
    });
    expect(invalid.status).toBe(400);
    expect((await jsonOf(invalid)).error).toContain("status");
  });

  it("serves the landscape, the request log and token expiry", async () => {
    const landscape = await jsonOf(await fetch(`${simulator.url}/_sim/landscape`));
    expect(landscape.tenants.map((tenant: { name: string }) => tenant.name)).toEqual([
      "tenant-a",
      "tenant-b",
    ]);
    expect(landscape.tenants[0].serviceKey.serviceurls.AI_API_URL).toBe(a.apiUrl);
    await a.infer("gpt-4o", CHAT, hello);
    const log = await jsonOf(await fetch(`${simulator.url}/_sim/requests?tenant=tenant-a`));
    expect(log.requests.at(-1).body).toEqual(hello);
    expect(
      (await fetch(`${simulator.url}/_sim/tenants/tenant-a/expire-tokens`, { method: "POST" })).status,
    ).toBe(204);
    expect((await a.infer("gpt-4o", CHAT, hello)).status).toBe(401);
    a = await tenantClient(simulator, "tenant-a");
    expect((await fetch(`${simulator.url}/_sim/tenants/nope/expire-tokens`, { method: "POST" })).status).toBe(
      404,
    );
  });
});
