// aws-bedrock executable of the simulator, `/invoke` rejections: each body SAP's Bedrock refuses
// gets 400 and the flat `{"message"}` body with the wording of the layer that refuses it
// (Bedrock's JSON schema, Anthropic's validation), per reference sections 4.2.2 and 5.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";
import { tenantClient, type TenantClient } from "../helpers/simulator-client.js";
import { bedrockRejection, CLAUDE, invokeBody, NOVA, weatherTool } from "./aws-bedrock-helpers.js";

let simulator: Simulator;
let client: TenantClient;

beforeAll(async () => {
  simulator = await startSimulator();
  client = await tenantClient(simulator, "tenant-a");
});
afterAll(() => simulator.close());

const rejection = (body: unknown, model = CLAUDE) => bedrockRejection(client, "/invoke", body, model);
const invoke = (body: unknown) => client.infer(CLAUDE, "/invoke", body);
const thinkingOn = { thinking: { type: "enabled", budget_tokens: 2048 }, max_tokens: 4096 };

describe("rejections on /invoke", () => {
  const longTools = [0, 1, 2, 3].map((index) => ({ ...weatherTool, name: `tool_${index}` }));
  const cases: [string, unknown, string][] = [
    [
      "a missing anthropic_version",
      { max_tokens: 10, messages: [{ role: "user", content: "hi" }] },
      "Malformed input request: #: required key [anthropic_version] not found, please reformat your input and try again.",
    ],
    [
      "a missing max_tokens",
      { anthropic_version: "bedrock-2023-05-31", messages: [{ role: "user", content: "hi" }] },
      "Malformed input request: #: required key [max_tokens] not found, please reformat your input and try again.",
    ],
    [
      "missing messages",
      { anthropic_version: "bedrock-2023-05-31", max_tokens: 10 },
      "Malformed input request: #: required key [messages] not found, please reformat your input and try again.",
    ],
    [
      "another anthropic_version",
      invokeBody("hi", { anthropic_version: "2023-06-01" }),
      "Malformed input request: #/anthropic_version: 2023-06-01 is not a valid enum value, please reformat your input and try again.",
    ],
    ["model in the body", invokeBody("hi", { model: "claude" }), "model: Extra inputs are not permitted"],
    ["stream in the body", invokeBody("hi", { stream: true }), "stream: Extra inputs are not permitted"],
    [
      "enable_thinking",
      invokeBody("hi", { enable_thinking: true }),
      "enable_thinking: Extra inputs are not permitted",
    ],
    [
      "context_management (rejected by SAP's Bedrock)",
      invokeBody("hi", { context_management: { edits: [] } }),
      "context_management: Extra inputs are not permitted",
    ],
    [
      "max_tokens 0",
      invokeBody("hi", { max_tokens: 0 }),
      "max_tokens: Input should be greater than or equal to 1",
    ],
    [
      "max_tokens above the model's limit",
      invokeBody("hi", { max_tokens: 100_000 }),
      "max_tokens: 100000 > 64000, which is the maximum allowed number of output tokens for claude-sonnet-4-5-20250929",
    ],
    [
      "a system message",
      invokeBody("hi", {
        messages: [
          { role: "system", content: "be brief" },
          { role: "user", content: "hi" },
        ],
      }),
      'messages: Unexpected role "system". The Messages API accepts a top-level `system` parameter, not "system" as an input message role.',
    ],
    [
      "a tool role",
      invokeBody("hi", { messages: [{ role: "tool", content: "x" }] }),
      "messages.0.role: Input should be 'user' or 'assistant'",
    ],
    [
      "an empty text block",
      invokeBody("hi", { messages: [{ role: "user", content: [{ type: "text", text: "" }] }] }),
      "messages: text content blocks must be non-empty",
    ],
    [
      "an empty string message",
      invokeBody("hi", { messages: [{ role: "user", content: "" }] }),
      "messages.0: all messages must have non-empty content except for the optional final assistant message",
    ],
    [
      "an unknown block type",
      invokeBody("hi", { messages: [{ role: "user", content: [{ type: "video", data: "x" }] }] }),
      "messages.0.content.0: Input tag 'video' found using 'type' does not match any of the expected tags: 'document', 'image', 'redacted_thinking', 'text', 'thinking', 'tool_result', 'tool_use'",
    ],
    [
      "an image with an unknown source type",
      invokeBody("hi", {
        messages: [{ role: "user", content: [{ type: "image", source: { type: "file", file_id: "f" } }] }],
      }),
      "messages.0.content.0.source: Input tag 'file' found using 'type' does not match any of the expected tags: 'base64', 'url'",
    ],
    [
      "cache_control.scope on a message block",
      invokeBody("hi", {
        messages: [
          {
            role: "user",
            content: [{ type: "text", text: "hi", cache_control: { type: "ephemeral", scope: "global" } }],
          },
        ],
      }),
      "messages.0.content.0.cache_control.ephemeral.scope: Extra inputs are not permitted",
    ],
    [
      "cache_control.scope on a tool",
      invokeBody("hi", {
        tools: longTools.map((tool, index) =>
          index === 3 ? { ...tool, cache_control: { type: "ephemeral", scope: "global" } } : tool,
        ),
      }),
      "tools.3.custom.cache_control.ephemeral.scope: Extra inputs are not permitted",
    ],
    [
      "cache_control.scope on a system block",
      invokeBody("hi", {
        system: [{ type: "text", text: "be brief", cache_control: { type: "ephemeral", scope: "global" } }],
      }),
      "system.0.cache_control.ephemeral.scope: Extra inputs are not permitted",
    ],
    [
      "a cache ttl other than 5m or 1h",
      invokeBody("hi", {
        messages: [
          {
            role: "user",
            content: [{ type: "text", text: "hi", cache_control: { type: "ephemeral", ttl: "10m" } }],
          },
        ],
      }),
      "messages.0.content.0.cache_control.ephemeral.ttl: Input should be '5m' or '1h'",
    ],
    [
      "five cache_control markers",
      invokeBody("hi", {
        tools: longTools.map((tool) => ({ ...tool, cache_control: { type: "ephemeral" } })),
        system: [{ type: "text", text: "be brief", cache_control: { type: "ephemeral" } }],
      }),
      "A maximum of 4 blocks with cache_control may be provided. Found 5.",
    ],
    [
      "an unknown beta flag",
      invokeBody("hi", { anthropic_beta: ["made-up-2099-01-01"] }),
      "invalid beta flag",
    ],
    [
      "a server tool (web search)",
      invokeBody("hi", { tools: [{ type: "web_search_20250305", name: "web_search", max_uses: 3 }] }),
      "tools.0: Input tag 'web_search_20250305' found using 'type' does not match any of the expected tags: 'bash_20241022', 'bash_20250124', 'computer_20241022', 'computer_20250124', 'custom', 'text_editor_20241022', 'text_editor_20250124', 'text_editor_20250429', 'text_editor_20250728'",
    ],
    [
      "a custom tool without input_schema",
      invokeBody("hi", { tools: [{ name: "x", description: "y" }] }),
      "tools.0.custom.input_schema: Field required",
    ],
    [
      "a thinking budget below 1024",
      invokeBody("hi", { thinking: { type: "enabled", budget_tokens: 512 } }),
      "thinking.enabled.budget_tokens: Input should be greater than or equal to 1024",
    ],
    [
      "a thinking budget not below max_tokens",
      invokeBody("hi", { max_tokens: 2048, thinking: { type: "enabled", budget_tokens: 2048 } }),
      "`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size",
    ],
    [
      "temperature other than 1 with thinking",
      invokeBody("hi", { ...thinkingOn, temperature: 0.2 }),
      "`temperature` may only be set to 1 when thinking is enabled. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#important-considerations-when-using-extended-thinking",
    ],
    [
      "a tool_use without its tool_result",
      invokeBody("hi", {
        messages: [
          { role: "user", content: "hi" },
          {
            role: "assistant",
            content: [{ type: "tool_use", id: "toolu_1", name: "get_weather", input: {} }],
          },
          { role: "user", content: "go on" },
        ],
      }),
      "messages.1: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_1. Each `tool_use` block must have a corresponding `tool_result` block in the next message.",
    ],
    [
      "a Titan body on a Claude deployment",
      { inputText: "hello" },
      "Malformed input request: #: required key [anthropic_version] not found, please reformat your input and try again.",
    ],
  ];

  it.each(cases)("rejects %s with 400 and Bedrock's message", async (_name, body, message) => {
    expect(await rejection(body)).toEqual({ status: 400, message });
  });

  it("accepts temperature 1 with thinking", async () => {
    expect((await invoke(invokeBody("hi", { ...thinkingOn, temperature: 1 }))).status).toBe(200);
  });

  it("rejects a body that is not JSON", async () => {
    const response = await client.infer(CLAUDE, "/invoke", "{not json");
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      message: "Malformed input request, please reformat your input and try again.",
    });
  });

  it("rejects an Anthropic body on a Nova deployment", async () => {
    expect(await rejection(invokeBody("hi"), NOVA)).toEqual({
      status: 400,
      message:
        "Malformed input request: #: extraneous key [anthropic_version] is not permitted, please reformat your input and try again.",
    });
  });

  it("answers 404 for a path the executable does not serve", async () => {
    const response = await client.infer(CLAUDE, "/chat/completions", invokeBody("hi"));
    expect(response.status).toBe(404);
  });
});
