// Strategies and session affinity through the gateway, configured in config.json: weighted
// spreading, least-in-flight under parallel streams, and Claude Code sessions that stay on one
// deployment (prompt-cache hits) but spill to the other while theirs is busy or cooling down.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CLAUDE, GEMINI, GPT, startRoutingGateway, tenantsOf, type RoutingSetup } from "./helpers.js";

let setup: RoutingSetup;

beforeAll(async () => {
  setup = await startRoutingGateway({
    // paced streams, so that parallel requests overlap
    streamIntervalMs: 20,
    extra: {
      routing: {
        models: {
          [GPT]: { strategy: "weighted", weights: { "tenant-a": 3, "tenant-b": 1 } },
          [GEMINI]: { strategy: "least-in-flight" },
          [CLAUDE]: { affinity: "session", busy_threshold: 1 },
        },
      },
    },
  });
});
afterAll(() => setup.close());
beforeEach(() => setup.reset());

function chat(model: string, content = "reply with exactly: pong"): Promise<Response> {
  return fetch(`${setup.url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: "Bearer test-key", "content-type": "application/json" },
    body: JSON.stringify({ model, stream: true, messages: [{ role: "user", content }] }),
  });
}

/** A Claude Code request: session header, metadata.user_id, agent id for subagents. */
function claudeCode(session: string, options: { agent?: string; prompt?: string } = {}): Promise<Response> {
  return fetch(`${setup.url}/v1/messages?beta=true`, {
    method: "POST",
    headers: {
      "x-api-key": "test-key",
      "anthropic-version": "2023-06-01",
      "content-type": "application/json",
      "x-claude-code-session-id": session,
      ...(options.agent ? { "x-claude-code-agent-id": options.agent } : {}),
    },
    body: JSON.stringify({
      model: CLAUDE,
      max_tokens: 200,
      stream: true,
      metadata: { user_id: `user_0123_account__session_${session}` },
      messages: [{ role: "user", content: options.prompt ?? "reply with exactly: pong" }],
    }),
  });
}

describe("weighted", () => {
  it("spreads requests in proportion to the subaccounts' weights", async () => {
    for (let index = 0; index < 8; index += 1) await (await chat(GPT)).text();
    const tenants = tenantsOf(setup);
    expect(tenants.filter((tenant) => tenant === "tenant-a")).toHaveLength(6);
    expect(tenants.filter((tenant) => tenant === "tenant-b")).toHaveLength(2);
  });
});

describe("least-in-flight", () => {
  it("sends requests to the deployment with fewer in flight while a long stream runs", async () => {
    const long = await chat(GEMINI, "count to 150");
    const busy = tenantsOf(setup)[0];
    for (let index = 0; index < 3; index += 1) await (await chat(GEMINI)).text();
    await long.text();
    const idle = busy === "tenant-a" ? "tenant-b" : "tenant-a";
    expect(tenantsOf(setup)).toEqual([busy, idle, idle, idle]);
  });
});

describe("session affinity", () => {
  it("keeps a Claude Code session on one deployment while other sessions spread", async () => {
    const sessions = ["11111111-aaaa", "22222222-bbbb", "33333333-cccc", "44444444-dddd"];
    const first: (string | null)[] = [];
    for (const session of sessions) {
      await (await claudeCode(session)).text();
      first.push(tenantsOf(setup).at(-1) ?? null);
    }
    expect(new Set(first)).toEqual(new Set(["tenant-a", "tenant-b"]));
    for (let round = 0; round < 3; round += 1) {
      for (const [index, session] of sessions.entries()) {
        await (await claudeCode(session)).text();
        expect(tenantsOf(setup).at(-1)).toBe(first[index]);
      }
    }
  });

  it("spills a parallel request of the session while its deployment is busy, then comes back", async () => {
    const session = "55555555-eeee";
    await (await claudeCode(session)).text();
    const home = tenantsOf(setup).at(-1);
    setup.simulator.requestLog.clear();
    const long = await claudeCode(session, { prompt: "count to 80" });
    const parallel = await claudeCode(session);
    await Promise.all([long.text(), parallel.text()]);
    expect(tenantsOf(setup)).toEqual([home, home === "tenant-a" ? "tenant-b" : "tenant-a"]);
    setup.simulator.requestLog.clear();
    await (await claudeCode(session)).text();
    expect(tenantsOf(setup)).toEqual([home]);
  });

  it("gives subagents their own deployment choice", async () => {
    const session = "66666666-ffff";
    for (const agent of ["agent-1", "agent-2", "agent-3", "agent-4"])
      await (await claudeCode(session, { agent })).text();
    expect(new Set(tenantsOf(setup))).toEqual(new Set(["tenant-a", "tenant-b"]));
  });

  it("moves a session whose deployment cools down, and keeps it there", async () => {
    const session = "77777777-0000";
    await (await claudeCode(session)).text();
    const home = tenantsOf(setup).at(-1)!;
    const other = home === "tenant-a" ? "tenant-b" : "tenant-a";
    setup.simulator.faults.add({ kind: "http-error", status: 429, retryAfter: 60, tenant: home, times: 1 });
    setup.simulator.requestLog.clear();
    await (await claudeCode(session)).text();
    expect(tenantsOf(setup)).toEqual([home, other]);
    setup.clock.advance(60_000);
    setup.simulator.requestLog.clear();
    for (let index = 0; index < 3; index += 1) await (await claudeCode(session)).text();
    expect(tenantsOf(setup)).toEqual([other, other, other]);
  });
});
