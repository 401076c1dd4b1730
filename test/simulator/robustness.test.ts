// The simulator's own robustness: invalid control-API input answers 400, a failure while writing
// a hijacked response ends the connection, fault latency and stream waits leave no timers or
// listeners behind once the connection or the simulator closes.
import { spawnSync } from "node:child_process";
import { EventEmitter } from "node:events";
import type { ServerResponse } from "node:http";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { familyFor } from "../../src/simulator/families/index.js";
import { drainedOrClosed } from "../../src/simulator/http/respond.js";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";
import { jsonOf, tenantClient, type TenantClient } from "../helpers/simulator-client.js";

let simulator: Simulator;
let client: TenantClient;
const CHAT = "/chat/completions?api-version=2024-10-21";
const hello = { messages: [{ role: "user", content: "count to 5" }], stream: true };

beforeAll(async () => {
  simulator = await startSimulator();
  client = await tenantClient(simulator, "tenant-a");
});
afterAll(() => simulator.close());
afterEach(() => {
  simulator.faults.clear();
  vi.restoreAllMocks();
});

describe("simulator robustness", () => {
  it("POST /_sim/faults with invalid JSON answers 400 with a message", async () => {
    const response = await fetch(`${simulator.url}/_sim/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{kind: 'latency'",
    });
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).error).toContain("not valid JSON");
  });

  it("validates a fault's retryAfter: delay seconds or an HTTP date", () => {
    expect(() => simulator.faults.add({ kind: "http-error", status: 429, retryAfter: "soon" })).toThrow(
      /HTTP date/,
    );
    expect(() => simulator.faults.add({ kind: "http-error", status: 429, retryAfter: "1.5" })).toThrow();
    simulator.faults.add({ kind: "http-error", status: 429, retryAfter: "120" });
    simulator.faults.add({ kind: "http-error", status: 429, retryAfter: "Wed, 21 Oct 2026 07:28:00 GMT" });
    expect(simulator.faults.list()).toHaveLength(2);
  });

  it("ends the connection when writing a hijacked response fails", async () => {
    const family = familyFor("azure-openai")!;
    vi.spyOn(family, "handle").mockReturnValue({
      type: "stream",
      contentType: "text/event-stream",
      events: ["data: {}\n\n", 42 as unknown as string],
    });
    const response = await client.infer("gpt-4o", CHAT, hello);
    expect(response.status).toBe(200);
    const outcome = await Promise.race([
      response.text().then(
        () => "ended",
        () => "connection closed",
      ),
      new Promise((resolve) => setTimeout(() => resolve("hanging"), 2000)),
    ]);
    expect(outcome).toBe("connection closed");
  });

  it("a latency fault's timer does not outlive the simulator (the process can exit)", () => {
    // A separate process: it must exit on its own right after close(), not 60 s later.
    const script = `
      import { startSimulator } from ${JSON.stringify(pathToFileURL(resolve("src/simulator/index.ts")).href)};
      const simulator = await startSimulator();
      const key = simulator.serviceKey("tenant-a");
      const form = new URLSearchParams({ grant_type: "client_credentials", client_id: key.clientid, client_secret: key.clientsecret });
      const { access_token } = await (await fetch(key.url + "/oauth/token", { method: "POST", body: form })).json();
      simulator.faults.add({ kind: "latency", ms: 60000 });
      const headers = { authorization: "Bearer " + access_token, "ai-resource-group": "default" };
      const pending = fetch(key.serviceurls.AI_API_URL + "/v2/lm/deployments", { headers }).catch(() => {});
      while (simulator.requestLog.all({}).length < 2) await new Promise((r) => setTimeout(r, 10));
      await simulator.close();
      await pending;
    `;
    const started = performance.now();
    const result = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      timeout: 10_000,
      encoding: "utf8",
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(performance.now() - started).toBeLessThan(8_000);
  });

  it("waiting for drain removes both the drain and the close listener", async () => {
    const response = new EventEmitter() as unknown as ServerResponse;
    const waiting = drainedOrClosed(response);
    expect(response.listenerCount("drain") + response.listenerCount("close")).toBe(2);
    response.emit("drain");
    await waiting;
    expect(response.listenerCount("drain") + response.listenerCount("close")).toBe(0);
  });
});
