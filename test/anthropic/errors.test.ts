// Errors on the Anthropic routes, in Anthropic's shape with the right status, as the SDK and
// Claude Code read them: unknown models, keys, malformed and oversized bodies, upstream 4xx/429/5xx
// (with retry-after), a throttling exception as the first event of SAP's 200 stream, and streams
// that break before and after the first event.
import Anthropic from "@anthropic-ai/sdk";
import { writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../helpers/gateway.js";
import { jsonOf } from "../helpers/simulator-client.js";
import { parseFrames, post } from "./helpers.js";

let setup: TestGateway;
let client: Anthropic;
const SONNET = "anthropic--claude-4.5-sonnet";
const simple = (content = "count to 20") => ({
  model: SONNET,
  max_tokens: 200,
  messages: [{ role: "user" as const, content }],
});

beforeAll(async () => {
  // paced, so that the events before a `drop` fault leave the simulator before the connection dies
  setup = await startTestGateway({
    extra: { body_limit_mb: 0.05 },
    simulator: { behaviour: { streamIntervalMs: 5 } },
  });
  client = new Anthropic({ apiKey: "test-key", baseURL: setup.url, maxRetries: 0 });
});
afterAll(() => setup.close());
beforeEach(() => {
  setup.simulator.faults.clear();
  setup.simulator.requestLog.clear();
  // Both tenants serve the model: each test starts with fresh deployments (no cooldowns), and
  // faults apply to both, so that failover finds none that serves.
  setup.gateway.context.routing.reset();
});

async function caught(promise: Promise<unknown>): Promise<InstanceType<typeof Anthropic.APIError>> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(Anthropic.APIError);
  return error as InstanceType<typeof Anthropic.APIError>;
}

describe("errors before anything reaches SAP", () => {
  it("answers an unknown model with 404 not_found_error", async () => {
    const error = await caught(client.messages.create({ ...simple(), model: "claude-nonexistent-9" }));
    expect(error).toBeInstanceOf(Anthropic.NotFoundError);
    expect(error.error).toMatchObject({ type: "error", error: { type: "not_found_error" } });
    expect(error.requestID).toBeTruthy();
  });

  it("answers a missing or wrong key with 401 authentication_error", async () => {
    const response = await fetch(`${setup.url}/v1/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", "anthropic-version": "2023-06-01" },
      body: JSON.stringify(simple()),
    });
    expect(response.status).toBe(401);
    expect(await jsonOf(response)).toMatchObject({ type: "error", error: { type: "authentication_error" } });
    const wrong = new Anthropic({ apiKey: "wrong", baseURL: setup.url, maxRetries: 0 });
    expect(await caught(wrong.messages.create(simple()))).toBeInstanceOf(Anthropic.AuthenticationError);
    const count = await fetch(`${setup.url}/v1/messages/count_tokens`, { method: "POST", body: "{}" });
    expect(count.status).toBe(401);
    expect((await jsonOf(count)).type).toBe("error");
  });

  it("answers malformed JSON with 400 invalid_request_error", async () => {
    const response = await post(setup, "/v1/messages?beta=true", '{"model": "x", "messages": [');
    expect(response.status).toBe(400);
    const body = await jsonOf(response);
    expect(body).toMatchObject({ type: "error", error: { type: "invalid_request_error" } });
    expect(body.error.message).toContain("not valid JSON");
  });

  it("answers a missing max_tokens or messages with 400", async () => {
    for (const body of [
      { model: SONNET, messages: [] },
      { model: SONNET, max_tokens: 10 },
    ]) {
      const response = await post(setup, "/v1/messages", body);
      expect(response.status).toBe(400);
      expect((await jsonOf(response)).error.type).toBe("invalid_request_error");
    }
  });

  it("answers an oversized body with 413 request_too_large", async () => {
    const response = await post(setup, "/v1/messages", simple("x".repeat(80_000)));
    expect(response.status).toBe(413);
    expect(await jsonOf(response)).toMatchObject({ type: "error", error: { type: "request_too_large" } });
    expect(setup.simulator.requestLog.all()).toHaveLength(0);
  });

  it("renders unknown paths in the shape of the client that asks", async () => {
    const anthropic = await post(setup, "/v1/nothing-here", {});
    expect(await jsonOf(anthropic)).toMatchObject({ type: "error", error: { type: "not_found_error" } });
    const openai = await fetch(`${setup.url}/v1/nothing-here`, {
      headers: { authorization: "Bearer test-key" },
    });
    expect((await jsonOf(openai)).error).toMatchObject({ type: "invalid_request_error", code: "not_found" });
  });
});

describe("upstream errors", () => {
  it("keeps SAP's 400 status and message", async () => {
    const error = await caught(client.messages.create({ ...simple(), ...({ temperature: 3 } as object) }));
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect(error.message).toContain("temperature");
    expect(error.error).toMatchObject({ error: { type: "invalid_request_error" } });
  });

  it("turns a 429 into RateLimitError with retry-after", async () => {
    setup.simulator.faults.add({ kind: "http-error", status: 429, retryAfter: 7, path: "/invoke" });
    const error = await caught(client.messages.create(simple()));
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect(error.headers?.get("retry-after")).toBe("7");
    expect(error.error).toMatchObject({ type: "error", error: { type: "rate_limit_error" } });
  });

  it("turns 503 into overloaded_error and other 5xx into api_error", async () => {
    setup.simulator.faults.add({ kind: "http-error", status: 503, path: "/invoke" });
    const overloaded = await caught(client.messages.create(simple()));
    expect(overloaded.status).toBe(503);
    expect(overloaded.error).toMatchObject({ error: { type: "overloaded_error" } });
    setup.simulator.faults.clear();
    setup.gateway.context.routing.reset();
    setup.simulator.faults.add({ kind: "http-error", status: 500, path: "/invoke" });
    const failed = await caught(client.messages.create(simple()));
    expect(failed.status).toBe(502);
    expect(failed.error).toMatchObject({ error: { type: "api_error" } });
  });

  it("answers a throttlingException as the first event of SAP's 200 stream with a 429", async () => {
    setup.simulator.faults.add({ kind: "stream-error", path: "/invoke-with-response-stream" });
    const response = await post(setup, "/v1/messages", { ...simple(), stream: true });
    expect(response.status).toBe(429);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(await jsonOf(response)).toMatchObject({
      type: "error",
      error: { type: "rate_limit_error", message: expect.stringContaining("throttlingException") },
    });
    const error = await caught(client.messages.stream(simple()).finalMessage());
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
  });

  it("answers a stream that breaks before its first event with a 502", async () => {
    setup.simulator.faults.add({ kind: "drop", afterEvents: 0, path: "/invoke-with-response-stream" });
    const response = await post(setup, "/v1/messages", { ...simple(), stream: true });
    expect(response.status).toBe(502);
    expect(await jsonOf(response)).toMatchObject({ type: "error", error: { type: "api_error" } });
  });

  it("ends a stream that breaks mid-way with event: error", async () => {
    setup.simulator.faults.add({ kind: "drop", afterEvents: 4, path: "/invoke-with-response-stream" });
    const response = await post(setup, "/v1/messages", { ...simple(), stream: true });
    expect(response.status).toBe(200);
    const frames = parseFrames(await response.text());
    const events = frames.map((frame) => frame.event);
    expect(events.length).toBeGreaterThanOrEqual(3);
    expect(events.slice(0, -1)).toEqual(
      ["message_start", "content_block_start", "content_block_delta", "content_block_delta"].slice(
        0,
        events.length - 1,
      ),
    );
    expect(frames.at(-1)!.data).toMatchObject({ type: "error", error: { type: "api_error" } });

    setup.simulator.faults.add({ kind: "drop", afterEvents: 4, path: "/invoke-with-response-stream" });
    const error = await caught(client.messages.stream(simple()).finalMessage());
    expect(error.error).toMatchObject({ type: "error", error: { type: "api_error" } });
  });
});

describe("retry headers of an upstream that sets them", () => {
  // A stand-in deployment that answers every call with 429, Retry-After and x-should-retry.
  let upstream: Server;
  let gateway: TestGateway;
  beforeAll(async () => {
    upstream = createServer((_request, response) => {
      response.writeHead(429, {
        "content-type": "application/json",
        "retry-after": "30",
        "x-should-retry": "false",
      });
      response.end(JSON.stringify({ message: "Quota exhausted for this month" }));
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    const { port } = upstream.address() as AddressInfo;
    gateway = await startTestGateway({
      subAccounts: (simulator, directory) => {
        writeFileSync(join(directory, "key.json"), JSON.stringify(simulator.serviceKey("tenant-a")));
        return {
          fake: {
            service_key_json: "key.json",
            deployment_models: {
              "anthropic--claude-4.5-sonnet": [`http://127.0.0.1:${port}/v2/inference/deployments/fake1`],
            },
          },
        };
      },
    });
  });
  afterAll(async () => {
    await gateway.close();
    await new Promise((resolve) => upstream.close(resolve));
  });

  it("passes retry-after and x-should-retry through unchanged", async () => {
    for (const stream of [false, true]) {
      const response = await post(gateway, "/v1/messages", { ...simple(), stream });
      expect(response.status).toBe(429);
      expect(response.headers.get("retry-after")).toBe("30");
      expect(response.headers.get("x-should-retry")).toBe("false");
      expect(await jsonOf(response)).toMatchObject({
        type: "error",
        error: { type: "rate_limit_error", message: expect.stringContaining("Quota exhausted") },
      });
    }
  });
});
