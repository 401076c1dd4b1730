// Against a stand-in deployment that streams slowly: a client that disconnects (mid-stream or
// before the answer started) aborts the upstream request and frees the deployment's in-flight
// slot; an upstream that goes silent longer than `timeouts.idle_ms` after the first byte ends the
// stream with the client protocol's error event.
import { writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../helpers/gateway.js";

interface Plan {
  /** Before the response headers. */
  headersDelayMs: number;
  /** After the first event. */
  pauseAfterFirstMs: number;
  gapMs: number;
  events: number;
}

interface Seen {
  path: string;
  closedEarly: boolean;
}

const IDLE_MS = 300;
const GPT = "gpt-4o";
const GEMINI = "gemini-2.5-flash";

let upstream: Server;
let setup: TestGateway;
let plan: Plan;
const seen: Seen[] = [];

function chunk(path: string, index: number): string {
  if (path.includes(":streamGenerateContent")) {
    return `data: ${JSON.stringify({ candidates: [{ content: { role: "model", parts: [{ text: `tick${index} ` }] }, index: 0 }] })}\r\n\r\n`;
  }
  return `data: ${JSON.stringify({
    id: "chatcmpl-1",
    object: "chat.completion.chunk",
    created: 1,
    model: GPT,
    choices: [{ index: 0, delta: { content: `tick${index} ` }, finish_reason: null }],
  })}\n\n`;
}

beforeAll(async () => {
  upstream = createServer((request, response) => {
    const record: Seen = { path: request.url ?? "", closedEarly: false };
    seen.push(record);
    request.resume();
    response.on("close", () => {
      if (!response.writableFinished) record.closedEarly = true;
    });
    void (async () => {
      await sleep(plan.headersDelayMs);
      if (response.destroyed) return;
      response.writeHead(200, { "content-type": "text/event-stream" });
      for (let index = 0; index < plan.events && !response.destroyed; index += 1) {
        response.write(chunk(record.path, index));
        await sleep(index === 0 ? plan.pauseAfterFirstMs : plan.gapMs);
      }
      if (!response.destroyed) response.end(record.path.includes("chat") ? "data: [DONE]\n\n" : "");
    })();
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v2/inference/deployments`;
  setup = await startTestGateway({
    subAccounts: (simulator, directory) => {
      writeFileSync(join(directory, "key.json"), JSON.stringify(simulator.serviceKey("tenant-a")));
      return {
        standin: {
          service_key_json: "key.json",
          deployment_models: { [GPT]: [`${base}/standin1`], [GEMINI]: [`${base}/standin2`] },
        },
      };
    },
    extra: { timeouts: { idle_ms: IDLE_MS } },
  });
});
afterAll(async () => {
  await setup.close();
  await new Promise((resolve) => upstream.close(resolve));
});
beforeEach(() => {
  seen.length = 0;
  plan = { headersDelayMs: 0, pauseAfterFirstMs: 30, gapMs: 30, events: 200 };
});

interface Client {
  name: string;
  deployment: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  endsWithError(text: string): boolean;
}

const CLIENTS: Client[] = [
  {
    name: "OpenAI chat",
    deployment: "standin1",
    path: "/v1/chat/completions",
    headers: { authorization: "Bearer test-key" },
    body: { model: GPT, stream: true, messages: [{ role: "user", content: "hi" }] },
    endsWithError: (text) => /data: \{"error":\{[^\n]*\n\n$/.test(text),
  },
  {
    name: "Anthropic messages",
    deployment: "standin1",
    path: "/v1/messages",
    headers: { "x-api-key": "test-key", "anthropic-version": "2023-06-01" },
    body: { model: GPT, stream: true, max_tokens: 100, messages: [{ role: "user", content: "hi" }] },
    endsWithError: (text) => /event: error\ndata: [^\n]*\n\n$/.test(text),
  },
  {
    name: "Gemini streamGenerateContent",
    deployment: "standin2",
    path: `/v1beta/models/${GEMINI}:streamGenerateContent?alt=sse`,
    headers: { "x-goog-api-key": "test-key" },
    body: { contents: [{ role: "user", parts: [{ text: "hi" }] }] },
    endsWithError: (text) => /data: \{"error":\{[^\n]*\r\n\r\n$/.test(text),
  },
];

function send(client: Client, signal?: AbortSignal): Promise<Response> {
  return fetch(`${setup.url}${client.path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...client.headers },
    body: JSON.stringify(client.body),
    ...(signal ? { signal } : {}),
  });
}

function inFlight(client: Client): number {
  return setup.gateway.context.routing.healthOf({ subAccount: "standin", deploymentId: client.deployment })
    .inFlight;
}

describe.each(CLIENTS)("$name", (client) => {
  it("a client that disconnects mid-stream aborts the upstream request and frees its slot", async () => {
    const controller = new AbortController();
    const response = await send(client, controller.signal);
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    await reader.read();
    expect(inFlight(client)).toBe(1);
    controller.abort();
    await expect.poll(() => seen[0]?.closedEarly, { timeout: 2000 }).toBe(true);
    await expect.poll(() => inFlight(client), { timeout: 2000 }).toBe(0);
  });

  it("a client that disconnects before the answer started aborts the upstream request", async () => {
    plan.headersDelayMs = 5000;
    const controller = new AbortController();
    const pending = send(client, controller.signal).catch((error: unknown) => error);
    await expect.poll(() => seen.length, { timeout: 2000 }).toBe(1);
    expect(inFlight(client)).toBe(1);
    controller.abort();
    await pending;
    await expect.poll(() => seen[0]?.closedEarly, { timeout: 2000 }).toBe(true);
    await expect.poll(() => inFlight(client), { timeout: 2000 }).toBe(0);
    expect(seen).toHaveLength(1);
  });

  it("an upstream silent for longer than idle_ms after the first byte ends the stream with an error event", async () => {
    plan.pauseAfterFirstMs = IDLE_MS * 10;
    const started = Date.now();
    const response = await send(client);
    expect(response.status).toBe(200);
    const text = await response.text();
    // undici checks its body timeout on a coarse timer: well before the upstream speaks again
    expect(Date.now() - started).toBeLessThan(IDLE_MS * 8);
    expect(text).toContain("tick0");
    expect(client.endsWithError(text)).toBe(true);
    expect(seen).toHaveLength(1);
    expect(inFlight(client)).toBe(0);
  });
});
