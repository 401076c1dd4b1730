// HTTP plumbing of the gateway: body limit, CORS, request ids, streams relayed as they arrive,
// client disconnects aborting the upstream request, HTTPS.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Agent, request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../helpers/gateway.js";
import { jsonOf } from "../helpers/simulator-client.js";

const lines: string[] = [];
let setup: TestGateway;
const auth = { authorization: "Bearer test-key", "content-type": "application/json" };

beforeAll(async () => {
  setup = await startTestGateway({
    extra: { body_limit_mb: 0.05, api_versions: { "gpt-4.1": "2025-03-01-preview" } },
    simulator: { behaviour: { streamIntervalMs: 40 }, onRequestLine: (line) => lines.push(line) },
  });
});
afterAll(() => setup.close());

describe("limits, CORS and request ids", () => {
  it("answers an oversized body with 413 in OpenAI's shape and keeps serving", async () => {
    const big = JSON.stringify({
      model: "gpt-4o",
      messages: [{ role: "user", content: "x".repeat(100_000) }],
    });
    const response = await fetch(`${setup.url}/v1/chat/completions`, {
      method: "POST",
      headers: auth,
      body: big,
    });
    expect(response.status).toBe(413);
    expect((await jsonOf(response)).error).toMatchObject({
      code: "request_too_large",
      message: expect.stringContaining("body_limit_mb"),
    });
    const small = await fetch(`${setup.url}/v1/models`, { headers: auth });
    expect(small.status).toBe(200);
  });

  it("answers CORS preflights without a key and exposes the request id", async () => {
    const preflight = await fetch(`${setup.url}/v1/chat/completions`, {
      method: "OPTIONS",
      headers: {
        origin: "http://localhost:3210",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization,content-type",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("http://localhost:3210");
    const models = await fetch(`${setup.url}/v1/models`, {
      headers: { ...auth, origin: "http://localhost:3210" },
    });
    expect(models.headers.get("access-control-expose-headers")).toContain("x-request-id");
  });

  it("keeps a sane incoming x-request-id and makes one up otherwise", async () => {
    const kept = await fetch(`${setup.url}/v1/models`, { headers: { ...auth, "x-request-id": "abc-123" } });
    expect(kept.headers.get("x-request-id")).toBe("abc-123");
    const replaced = await fetch(`${setup.url}/v1/models`, {
      headers: { ...auth, "x-request-id": "bad id with spaces" },
    });
    expect(replaced.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("api-version", () => {
  it("uses the api_versions override for a model and the default for others", async () => {
    for (const model of ["gpt-4.1", "gpt-4o"]) {
      await fetch(`${setup.url}/v1/chat/completions`, {
        method: "POST",
        headers: auth,
        body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] }),
      });
    }
    const versions = setup.simulator.requestLog
      .all()
      .filter((entry) => entry.path.endsWith("/chat/completions"))
      .slice(-2)
      .map((entry) => entry.query["api-version"]);
    expect(versions).toEqual(["2025-03-01-preview", "2024-10-21"]);
  });
});

describe("streaming", () => {
  it("relays events as they arrive instead of buffering the answer", async () => {
    const started = performance.now();
    const response = await fetch(`${setup.url}/v1/chat/completions`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({
        model: "gpt-4o",
        messages: [{ role: "user", content: "count to 60" }],
        stream: true,
      }),
    });
    const reader = response.body!.getReader();
    await reader.read();
    const firstChunkAt = performance.now() - started;
    while (!(await reader.read()).done) {
      // drain
    }
    const endAt = performance.now() - started;
    // about 20 events 40 ms apart upstream: the first must arrive long before the last
    expect(endAt - firstChunkAt).toBeGreaterThan(400);
  });

  it("aborts the upstream request when the client goes away", async () => {
    lines.length = 0;
    const controller = new AbortController();
    const response = await fetch(`${setup.url}/v1/chat/completions`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({
        model: "gpt-4o",
        messages: [{ role: "user", content: "count to 2000" }],
        stream: true,
      }),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    await expect(reader.read()).rejects.toThrow();
    await expect
      .poll(
        () =>
          lines.some(
            (line) => line.includes("/chat/completions") && line.includes("connection closed early"),
          ),
        { timeout: 3000 },
      )
      .toBe(true);
  });
});

describe("HTTPS", () => {
  it("serves TLS with the certificate and key from the config", async () => {
    const directory = mkdtempSync(join(tmpdir(), "tls-"));
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        join(directory, "key.pem"),
        "-out",
        join(directory, "cert.pem"),
        "-days",
        "1",
        "-subj",
        "/CN=localhost",
      ],
      { stdio: "ignore" },
    );
    const secure = await startTestGateway({
      extra: { tls: { cert: join(directory, "cert.pem"), key: join(directory, "key.pem") } },
    });
    try {
      const url = secure.url.replace("http://", "https://");
      const dispatcher = new Agent({
        connect: { ca: readFileSync(join(directory, "cert.pem")), servername: "localhost" },
      });
      const response = await request(`${url}/v1/models`, { headers: auth, dispatcher });
      expect(response.statusCode).toBe(200);
      expect(((await response.body.json()) as { data: unknown[] }).data.length).toBeGreaterThan(0);
      await dispatcher.close();
    } finally {
      await secure.close();
    }
  });
});
