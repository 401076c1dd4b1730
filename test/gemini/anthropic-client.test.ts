// Anthropic clients on Gemini deployments: the official `@anthropic-ai/sdk` (and raw requests shaped
// like Claude Code's) against the gateway, whose /v1/messages translates through the IR to SAP's
// gcp-vertexai generateContent. Gemini's function-call signatures travel in thinking blocks that
// the client sends back verbatim, which keeps Gemini 3 tool loops working.
import Anthropic from "@anthropic-ai/sdk";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { expectWellFormedBlocks, longSystemText, parseFrames, post } from "../anthropic/helpers.js";
import { startTestGateway, type TestGateway } from "../helpers/gateway.js";
import type { AnyJson } from "../helpers/simulator-client.js";
import { CLAUDE_CODE_SCHEMA, PNG_1X1, TIME_SCHEMA, WEATHER_SCHEMA, lastGeminiCall } from "./helpers.js";

let setup: TestGateway;
let client: Anthropic;

beforeAll(async () => {
  setup = await startTestGateway();
  client = new Anthropic({ apiKey: "test-key", baseURL: setup.url, maxRetries: 0 });
});
afterAll(() => setup.close());
afterEach(() => {
  setup.simulator.faults.clear();
  setup.simulator.requestLog.clear();
});

const tools: Anthropic.Tool[] = [
  { name: "get_weather", description: "Weather for a city", input_schema: WEATHER_SCHEMA },
  { name: "get_time", description: "Time in a zone", input_schema: TIME_SCHEMA },
];

function textOf(message: Anthropic.Message): string {
  return message.content.map((block) => (block.type === "text" ? block.text : "")).join("");
}

describe("POST /v1/messages on Gemini", () => {
  it("answers text with the system prompt, streamed and not", async () => {
    const message = await client.messages.create({
      model: "gemini-2.5-flash",
      max_tokens: 200,
      system: [{ type: "text", text: "Be brief.", cache_control: { type: "ephemeral" } }],
      messages: [{ role: "user", content: "reply with exactly: hello Claude client" }],
    });
    expect(message.model).toBe("gemini-2.5-flash");
    expect(message.id).toMatch(/^msg_/);
    expect(message.stop_reason).toBe("end_turn");
    expect(textOf(message)).toBe("hello Claude client");
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    const sent = lastGeminiCall(setup);
    expect(sent.path).toMatch(/\/models\/gemini-2\.5-flash:generateContent$/);
    expect(sent.body.systemInstruction).toEqual({ parts: [{ text: "Be brief." }] });

    const streamed = await client.messages
      .stream({
        model: "gemini-2.5-pro",
        max_tokens: 2000,
        messages: [{ role: "user", content: "count to 9" }],
      })
      .finalMessage();
    expect(textOf(streamed)).toBe("1 2 3 4 5 6 7 8 9");
    expect(streamed.usage.output_tokens).toBeGreaterThan(9); // 2.5 Pro always thinks; thoughts count
    expect(lastGeminiCall(setup).query).toEqual({ alt: "sse" });
  });

  it("runs a tool round trip on gemini-2.5-flash", async () => {
    const question: Anthropic.MessageParam = { role: "user", content: "get_weather city=Oslo" };
    const first = await client.messages.create({
      model: "gemini-2.5-flash",
      max_tokens: 1000,
      tools,
      messages: [question],
    });
    expect(first.stop_reason).toBe("tool_use");
    const call = first.content.find((block) => block.type === "tool_use")!;
    expect(call).toMatchObject({ name: "get_weather", input: { city: "Oslo" } });
    expect(call.id).toMatch(/^call_/);
    const second = await client.messages.create({
      model: "gemini-2.5-flash",
      max_tokens: 1000,
      tools,
      messages: [
        question,
        { role: "assistant", content: first.content },
        {
          role: "user",
          content: [{ type: "tool_result", tool_use_id: call.id, content: "4 degrees, snow" }],
        },
      ],
    });
    expect(textOf(second)).toBe('The get_weather result is: {"content":"4 degrees, snow"}');
    expect(lastGeminiCall(setup).body.contents[2]).toEqual({
      role: "user",
      parts: [{ functionResponse: { name: "get_weather", response: { content: "4 degrees, snow" } } }],
    });
  });

  it("keeps a streamed Gemini 3 tool loop going: the signature rides in a thinking block", async () => {
    const messages: Anthropic.MessageParam[] = [{ role: "user", content: "get_weather city=Lima" }];
    const first = await client.messages
      .stream({ model: "gemini-3.5-flash", max_tokens: 1000, tools, messages })
      .finalMessage();
    expect(first.stop_reason).toBe("tool_use");
    expect(first.content.map((block) => block.type)).toEqual(["thinking", "tool_use"]);
    const thinking = first.content[0] as Anthropic.ThinkingBlock;
    expect(thinking.thinking).toBe("");
    expect(thinking.signature).toMatch(/^gemini:/);
    const call = first.content[1] as Anthropic.ToolUseBlock;
    messages.push(
      { role: "assistant", content: first.content },
      { role: "user", content: [{ type: "tool_result", tool_use_id: call.id, content: "warm" }] },
    );
    const second = await client.messages
      .stream({ model: "gemini-3.5-flash", max_tokens: 1000, tools, messages })
      .finalMessage();
    expect(textOf(second)).toBe('The get_weather result is: {"content":"warm"}');
    const sent = lastGeminiCall(setup).body;
    expect(sent.contents[1].parts[0].thoughtSignature).toBe(thinking.signature.slice("gemini:".length));

    // Without the thinking block, Gemini 3 refuses the history (Vertex's 400, Anthropic-shaped).
    const unsigned = await client.messages
      .create({
        model: "gemini-3.5-flash",
        max_tokens: 1000,
        tools,
        messages: [messages[0]!, { role: "assistant", content: [call] }, messages[2]!],
      })
      .catch((caught: unknown) => caught);
    expect(unsigned).toBeInstanceOf(Anthropic.BadRequestError);
    expect((unsigned as InstanceType<typeof Anthropic.BadRequestError>).message).toContain(
      "thought_signature",
    );
  });

  it("sends images as inlineData", async () => {
    const message = await client.messages.create({
      model: "gemini-2.5-flash",
      max_tokens: 500,
      messages: [
        {
          role: "user",
          content: [
            { type: "image", source: { type: "base64", media_type: "image/png", data: PNG_1X1 } },
            { type: "text", text: "what is this" },
          ],
        },
      ],
    });
    expect(textOf(message)).toBe("Echo: what is this (1 attachment)");
    expect(lastGeminiCall(setup).body.contents[0].parts[0]).toEqual({
      inlineData: { mimeType: "image/png", data: PNG_1X1 },
    });
  });

  it("reports truncation as stop_reason max_tokens, streamed and not", async () => {
    const request = {
      model: "gemini-2.5-flash",
      max_tokens: 5,
      thinking: { type: "disabled" as const },
      messages: [{ role: "user" as const, content: "count to 50" }],
    };
    const message = await client.messages.create(request);
    expect(message.stop_reason).toBe("max_tokens");
    expect(textOf(message)).toBe("1 2 3 4 5");
    expect(lastGeminiCall(setup).body.generationConfig).toEqual({
      maxOutputTokens: 5,
      thinkingConfig: { thinkingBudget: 0 },
    });
    const streamed = await client.messages.stream(request).finalMessage();
    expect(streamed.stop_reason).toBe("max_tokens");
    expect(textOf(streamed)).toBe("1 2 3 4 5");
  });

  it("maps thinking to thinkingConfig and shows the thoughts as signed thinking blocks", async () => {
    const message = await client.messages
      .stream({
        model: "gemini-2.5-flash",
        max_tokens: 4000,
        thinking: { type: "enabled", budget_tokens: 2048 },
        messages: [{ role: "user", content: "say exactly: thought about it" }],
      })
      .finalMessage();
    expect(message.content.map((block) => block.type)).toEqual(["thinking", "text"]);
    const thinking = message.content[0] as Anthropic.ThinkingBlock;
    expect(thinking.thinking).toContain("The user wrote");
    expect(thinking.signature).not.toBe("");
    expect(textOf(message)).toBe("thought about it");
    expect(lastGeminiCall(setup).body.generationConfig).toEqual({
      maxOutputTokens: 4000,
      thinkingConfig: { thinkingBudget: 2048, includeThoughts: true },
    });
  });

  it("relays a 429 with its Retry-After, and an in-stream RESOURCE_EXHAUSTED as HTTP 429", async () => {
    setup.simulator.faults.add({
      kind: "http-error",
      status: 429,
      model: "gemini-2.5-pro",
      retryAfter: 9,
      times: 1,
    });
    const limited = await client.messages
      .create({ model: "gemini-2.5-pro", max_tokens: 50, messages: [{ role: "user", content: "hi" }] })
      .catch((caught: unknown) => caught);
    expect(limited).toBeInstanceOf(Anthropic.RateLimitError);
    expect((limited as InstanceType<typeof Anthropic.RateLimitError>).headers?.get("retry-after")).toBe("9");

    setup.simulator.faults.add({ kind: "stream-error", model: "gemini-2.5-pro", times: 1 });
    const streamed = await client.messages
      .stream({ model: "gemini-2.5-pro", max_tokens: 50, messages: [{ role: "user", content: "hi" }] })
      .finalMessage()
      .catch((caught: unknown) => caught);
    expect(streamed).toBeInstanceOf(Anthropic.RateLimitError);
    expect((streamed as InstanceType<typeof Anthropic.RateLimitError>).status).toBe(429);
  });

  it("lists Gemini models in the Anthropic model list, and counts tokens for them", async () => {
    const models = await client.models.list();
    expect(models.data.map((model) => model.id)).toEqual(
      expect.arrayContaining(["gemini-2.5-flash", "gemini-2.5-pro", "gemini-3.5-flash"]),
    );
    const counted = await client.messages.countTokens({
      model: "gemini-3.5-flash",
      messages: [{ role: "user", content: "hello there" }],
    });
    expect(counted.input_tokens).toBeGreaterThan(0);
  });
});

const BETAS = "claude-code-20250219,interleaved-thinking-2025-05-14,fine-grained-tool-streaming-2025-05-14";

/** A request the way Claude Code sends it, on a Gemini model. */
function claudeCodeBody(messages: AnyJson[]): AnyJson {
  return {
    model: "gemini-3.5-flash",
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
        cache_control: { type: "ephemeral", ttl: "1h" },
      },
    ],
    tools: [
      { name: "Edit", description: "Edits files", input_schema: CLAUDE_CODE_SCHEMA },
      {
        name: "Bash",
        description: "Runs a command",
        input_schema: {
          $schema: "http://json-schema.org/draft-07/schema#",
          type: "object",
          properties: {
            command: { type: "string" },
            timeout: { type: "number", exclusiveMinimum: 0 },
            run_in_background: { type: "boolean" },
          },
          required: ["command"],
          additionalProperties: false,
        },
      },
      { type: "web_search_20250305", name: "web_search", max_uses: 5 },
    ],
    messages,
    thinking: { type: "enabled", budget_tokens: 31_999 },
    context_management: { edits: [{ type: "clear_thinking_20251015", keep: "all" }] },
    metadata: { user_id: "user_0123abcd_account__session_5a4f2c3e-1111-2222-3333-444455556666" },
  };
}

/** The assistant message an Anthropic SSE stream built (what Claude Code stores and sends back). */
function assistantContent(frames: ReturnType<typeof parseFrames>): AnyJson[] {
  const blocks: AnyJson[] = [];
  const json: string[] = [];
  for (const { data } of frames) {
    if (data.type === "content_block_start") {
      blocks[data.index] = { ...data.content_block };
      json[data.index] = "";
    } else if (data.type === "content_block_delta") {
      const block = blocks[data.index];
      if (data.delta.type === "text_delta") block.text += data.delta.text;
      if (data.delta.type === "thinking_delta") block.thinking += data.delta.thinking;
      if (data.delta.type === "signature_delta") block.signature += data.delta.signature;
      if (data.delta.type === "input_json_delta") json[data.index] += data.delta.partial_json;
    } else if (data.type === "content_block_stop" && blocks[data.index].type === "tool_use") {
      blocks[data.index].input = JSON.parse(json[data.index] || "{}");
    }
  }
  return blocks;
}

describe("a Claude Code request on Gemini 3", () => {
  it("streams, calls a tool with a Claude Code schema, and continues after the tool result", async () => {
    const prompt = {
      role: "user",
      content: [
        { type: "text", text: "<system-reminder>context</system-reminder>" },
        { type: "text", text: "use Edit with file_path=/tmp/notes.md", cache_control: { type: "ephemeral" } },
      ],
    };
    const headers = { "anthropic-beta": BETAS, "x-app": "cli" };
    const response = await post(setup, "/v1/messages?beta=true", claudeCodeBody([prompt]), headers);
    expect(response.status).toBe(200);
    const frames = parseFrames(await response.text());
    expectWellFormedBlocks(frames);
    expect(frames.find((frame) => frame.event === "message_delta")!.data.delta.stop_reason).toBe("tool_use");
    const content = assistantContent(frames);
    expect(content.map((block) => block.type)).toEqual(["thinking", "tool_use"]);
    expect(content[0].thinking).toContain("The user wrote");
    expect(content[0].signature).toMatch(/^gemini:/);
    expect(content[1]).toMatchObject({ name: "Edit", input: { file_path: "/tmp/notes.md" } });

    const sent = lastGeminiCall(setup).body;
    expect(sent.generationConfig).toEqual({
      maxOutputTokens: 32_000,
      thinkingConfig: { thinkingBudget: 31_999, includeThoughts: true },
    });
    expect(sent.tools[0].functionDeclarations.map((declaration: AnyJson) => declaration.name)).toEqual([
      "Edit",
      "Bash",
    ]);
    expect(JSON.stringify(sent.tools)).not.toMatch(
      /\$schema|additionalProperties|exclusiveMinimum|\$ref|const/,
    );

    const next = claudeCodeBody([
      prompt,
      { role: "assistant", content },
      {
        role: "user",
        content: [
          { type: "tool_result", tool_use_id: content[1].id, content: [{ type: "text", text: "edited" }] },
          { type: "text", text: "<system-reminder>file changed</system-reminder>" },
        ],
      },
    ]);
    const second = await post(setup, "/v1/messages?beta=true", next, headers);
    expect(second.status).toBe(200);
    const secondFrames = parseFrames(await second.text());
    expectWellFormedBlocks(secondFrames);
    const resent = lastGeminiCall(setup);
    expect(resent.status).toBe(200);
    expect(resent.body.contents[1].parts).toEqual([
      {
        functionCall: { name: "Edit", args: content[1].input },
        thoughtSignature: content[0].signature.slice("gemini:".length),
      },
    ]);
    expect(resent.body.contents[2].parts).toEqual([
      { functionResponse: { name: "Edit", response: { content: "edited" } } },
      { text: "<system-reminder>file changed</system-reminder>" },
    ]);
    const text = secondFrames
      .filter((frame) => frame.data.delta?.type === "text_delta")
      .map((frame) => frame.data.delta.text)
      .join("");
    expect(text).toBe('The Edit result is: {"content":"edited"}');
  });
});
