// Requests shaped like Claude Code's (peers-and-client-contracts section 3.1): `?beta=true`, a
// large cached system prompt, 20+ tools with a server tool, betas SAP's Bedrock does not know,
// `context_management`, `metadata.user_id`, thinking, `max_tokens` 32000, `cache_control.scope`.
// The answer streams, and the simulator's request log shows exactly what reached SAP.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../helpers/gateway.js";
import { jsonOf } from "../helpers/simulator-client.js";
import {
  ANTHROPIC_HEADERS,
  expectWellFormedBlocks,
  lastInference,
  longSystemText,
  parseFrames,
  post,
} from "./helpers.js";

let setup: TestGateway;

beforeAll(async () => {
  setup = await startTestGateway();
});
afterAll(() => setup.close());
beforeEach(() => setup.simulator.requestLog.clear());

const BETAS =
  "claude-code-20250219,interleaved-thinking-2025-05-14,fine-grained-tool-streaming-2025-05-14,context-management-2025-06-27";

function tools(): Record<string, unknown>[] {
  const custom = Array.from({ length: 22 }, (_, index) => ({
    name: index === 0 ? "Bash" : `Tool${index}`,
    description: `Tool number ${index}, as Claude Code describes its tools at length.`,
    input_schema: {
      $schema: "http://json-schema.org/draft-07/schema#",
      type: "object",
      properties: { command: { type: "string", description: "what to run" } },
      required: ["command"],
      additionalProperties: false,
    },
  }));
  return [
    ...custom,
    { type: "web_search_20250305", name: "web_search", max_uses: 5 },
    {
      name: "TodoWrite",
      description: "Keeps a todo list",
      input_schema: { type: "object", properties: { todos: { type: "array" } } },
      cache_control: { type: "ephemeral", scope: "global" },
    },
  ];
}

function claudeCodeBody(prompt: string): Record<string, unknown> {
  return {
    model: "claude-sonnet-4-5-20250929",
    max_tokens: 32_000,
    stream: true,
    system: [
      {
        type: "text",
        text: "You are Claude Code, Anthropic's official CLI for Claude.",
        cache_control: { type: "ephemeral", scope: "global" },
      },
      {
        type: "text",
        text: longSystemText("Claude Code instructions"),
        cache_control: { type: "ephemeral", ttl: "1h", scope: "global" },
      },
    ],
    tools: tools(),
    messages: [
      {
        role: "user",
        content: [
          { type: "text", text: "<system-reminder>context</system-reminder>" },
          { type: "text", text: prompt, cache_control: { type: "ephemeral", scope: "session" } },
        ],
      },
    ],
    thinking: { type: "enabled", budget_tokens: 31_999 },
    context_management: { edits: [{ type: "clear_thinking_20251015", keep: "all" }] },
    metadata: { user_id: "user_0123abcd_account__session_5a4f2c3e-1111-2222-3333-444455556666" },
  };
}

describe("a Claude Code request", () => {
  it("streams an answer, and SAP gets only what its Bedrock accepts", async () => {
    const response = await post(setup, "/v1/messages?beta=true", claudeCodeBody("say exactly: ready"), {
      "anthropic-beta": BETAS,
      "anthropic-dangerous-direct-browser-access": "true",
      "x-app": "cli",
      "user-agent": "claude-cli/2.0.14 (external, cli)",
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    expect(response.headers.get("request-id")).toBe(response.headers.get("x-request-id"));
    const frames = parseFrames(await response.text());
    expectWellFormedBlocks(frames);
    expect(frames.map((frame) => frame.event)).not.toContain("error");
    const text = frames
      .filter((frame) => frame.data.delta?.type === "text_delta")
      .map((frame) => frame.data.delta.text)
      .join("");
    expect(text).toBe("ready");
    // everything up to the last cache marker (the prompt) is written to the cache on this turn
    const usage = frames[0]!.data.message.usage;
    expect(usage.input_tokens + usage.cache_creation_input_tokens).toBeGreaterThan(1000);

    const sent = lastInference(setup);
    expect(sent.path).toMatch(/\/invoke-with-response-stream$/);
    const body = sent.body;
    expect(Object.keys(body).sort()).toEqual(
      [
        "anthropic_version",
        "anthropic_beta",
        "max_tokens",
        "system",
        "tools",
        "messages",
        "thinking",
        "metadata",
      ].sort(),
    );
    expect(body.anthropic_version).toBe("bedrock-2023-05-31");
    expect(body.anthropic_beta).toEqual([
      "interleaved-thinking-2025-05-14",
      "fine-grained-tool-streaming-2025-05-14",
    ]);
    expect(body.max_tokens).toBe(32_000);
    expect(body.thinking).toEqual({ type: "enabled", budget_tokens: 31_999 });
    expect(body.metadata).toEqual({
      user_id: "user_0123abcd_account__session_5a4f2c3e-1111-2222-3333-444455556666",
    });
    expect(body.system).toEqual([
      {
        type: "text",
        text: "You are Claude Code, Anthropic's official CLI for Claude.",
        cache_control: { type: "ephemeral" },
      },
      {
        type: "text",
        text: longSystemText("Claude Code instructions"),
        cache_control: { type: "ephemeral", ttl: "1h" },
      },
    ]);
    expect(body.tools).toHaveLength(23);
    expect(body.tools.map((tool: { name: string }) => tool.name)).not.toContain("web_search");
    expect(body.tools.at(-1).cache_control).toEqual({ type: "ephemeral" });
    expect(body.tools[0].input_schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(body.messages[0].content[1]).toEqual({
      type: "text",
      text: "say exactly: ready",
      cache_control: { type: "ephemeral" },
    });
    expect(JSON.stringify(body)).not.toContain("scope");
  });

  it("caches the system prompt and tools across turns", async () => {
    const usage = async () => {
      const response = await post(setup, "/v1/messages?beta=true", claudeCodeBody("say exactly: again"), {
        "anthropic-beta": BETAS,
      });
      const frames = parseFrames(await response.text());
      return frames[0]!.data.message.usage;
    };
    // two subaccounts serve anthropic--claude-4.5-sonnet: warm both, then read
    await usage();
    await usage();
    const third = await usage();
    expect(third.cache_read_input_tokens).toBeGreaterThan(1000);
  });

  it("moves stray system messages into system, keeping order and cache_control", async () => {
    const response = await post(setup, "/v1/messages", {
      model: "anthropic--claude-4.5-sonnet",
      max_tokens: 100,
      system: "Top-level system.",
      messages: [
        { role: "system", content: "Be brief." },
        {
          role: "user",
          content: [
            { type: "text", text: "say exactly: moved" },
            { type: "text", text: "" },
          ],
        },
        {
          role: "system",
          content: [{ type: "text", text: "Answer in English.", cache_control: { type: "ephemeral" } }],
        },
        { role: "assistant", content: [{ type: "text", text: "" }] },
      ],
    });
    expect(response.status).toBe(200);
    expect((await jsonOf(response)).content[0].text).toBe("moved");
    expect(lastInference(setup).body).toMatchObject({
      system: [
        { type: "text", text: "Top-level system." },
        { type: "text", text: "Be brief." },
        { type: "text", text: "Answer in English.", cache_control: { type: "ephemeral" } },
      ],
      messages: [{ role: "user", content: [{ type: "text", text: "say exactly: moved" }] }],
    });
  });

  it("remaps advanced-tool-use to Bedrock's tool-search beta and reads several beta headers", async () => {
    const headers = new Headers(ANTHROPIC_HEADERS);
    headers.append("anthropic-beta", "advanced-tool-use-2025-11-20, oauth-2025-04-20");
    headers.append("anthropic-beta", "prompt-caching-scope-2026-01-05,effort-2025-11-24");
    const response = await fetch(`${setup.url}/messages?beta=true`, {
      method: "POST",
      headers,
      body: JSON.stringify({
        model: "claude-sonnet-4-5",
        max_tokens: 100,
        output_config: { effort: "low" },
        messages: [{ role: "user", content: "say exactly: remapped" }],
      }),
    });
    expect(response.status).toBe(200);
    expect(lastInference(setup).body).toMatchObject({
      anthropic_beta: ["tool-search-tool-2025-10-19", "effort-2025-11-24"],
      output_config: { effort: "low" },
    });
  });

  it("answers the connectivity probes on the base URL", async () => {
    expect((await fetch(setup.url, { method: "HEAD" })).status).toBe(200);
    expect((await fetch(`${setup.url}/`)).status).toBe(200);
  });
});

describe("a Claude Code request on a GPT deployment", () => {
  it("streams an answer through the IR, and SAP's azure-openai gets a valid chat body", async () => {
    const body = { ...claudeCodeBody("say exactly: ready on gpt"), model: "gpt-4.1" };
    const response = await post(setup, "/v1/messages?beta=true", body, {
      "anthropic-beta": BETAS,
      "x-app": "cli",
    });
    expect(response.status).toBe(200);
    const frames = parseFrames(await response.text());
    expectWellFormedBlocks(frames);
    const text = frames
      .filter((frame) => frame.data.delta?.type === "text_delta")
      .map((frame) => frame.data.delta.text)
      .join("");
    expect(text).toBe("ready on gpt");
    const sent = lastInference(setup);
    expect(sent.path).toMatch(/\/chat\/completions$/);
    expect(sent.status).toBe(200);
    expect(sent.body.tools.length).toBe(tools().filter((tool) => tool.input_schema !== undefined).length);
  });
});
