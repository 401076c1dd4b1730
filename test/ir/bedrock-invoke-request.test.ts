// IR request -> Bedrock /invoke body for Claude (pure, no I/O): alternation, empty text removal,
// tool blocks and ids, images, tool_choice, thinking budgets and max_tokens, sampling under
// thinking, cache markers, metadata.
import { describe, expect, it } from "vitest";
import { toBedrockInvoke } from "../../src/backends/bedrock-anthropic/ir-request.js";
import { claudeTraits } from "../../src/backends/bedrock-anthropic/ir-models.js";
import type { IrMessage, IrRequest } from "../../src/ir/request.js";

const SONNET = "anthropic--claude-4.5-sonnet";

function ir(extra: Partial<IrRequest> = {}): IrRequest {
  return {
    model: SONNET,
    system: [],
    messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }],
    tools: [],
    stopSequences: [],
    stream: false,
    extensions: {},
    ...extra,
  };
}

function encode(extra: Partial<IrRequest> = {}, model = SONNET) {
  return toBedrockInvoke(ir(extra), { model });
}

const weather = { name: "get_weather", inputSchema: { properties: { city: { type: "string" } } } };

describe("toBedrockInvoke", () => {
  it("writes the minimal invoke body: version, default max_tokens, no model or stream", () => {
    const { body } = encode({ stream: true });
    expect(body).toEqual({
      anthropic_version: "bedrock-2023-05-31",
      max_tokens: 8192,
      messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }],
    });
    expect(encode({}, "anthropic--claude-3-haiku").body.max_tokens).toBe(4096);
    expect(encode({ maxOutputTokens: 100_000 }).body.max_tokens).toBe(64_000);
  });

  it("merges consecutive same-role turns, drops empty text and empty turns, puts tool results first", () => {
    const messages: IrMessage[] = [
      { role: "user", content: [{ type: "text", text: "a" }] },
      { role: "user", content: [{ type: "text", text: "" }] },
      { role: "assistant", content: [{ type: "text", text: "" }] },
      { role: "user", content: [{ type: "text", text: "b" }] },
      {
        role: "assistant",
        content: [
          { type: "text", text: "calling" },
          { type: "tool-call", id: "functions.get_weather:0", name: "get_weather", input: { city: "Rome" } },
        ],
      },
      { role: "user", content: [{ type: "text", text: "also this" }] },
      {
        role: "user",
        content: [
          {
            type: "tool-result",
            toolCallId: "functions.get_weather:0",
            content: [{ type: "text", text: "" }],
          },
        ],
      },
    ];
    expect(encode({ messages }).body.messages).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "a" },
          { type: "text", text: "b" },
        ],
      },
      {
        role: "assistant",
        content: [
          { type: "text", text: "calling" },
          { type: "tool_use", id: "functions_get_weather_0", name: "get_weather", input: { city: "Rome" } },
        ],
      },
      {
        role: "user",
        content: [
          { type: "tool_result", tool_use_id: "functions_get_weather_0" },
          { type: "text", text: "also this" },
        ],
      },
    ]);
  });

  it("encodes images, documents, unsigned and signed thinking", () => {
    const messages: IrMessage[] = [
      {
        role: "user",
        content: [
          { type: "image", source: { kind: "base64", mediaType: "image/png", data: "AAAA" } },
          { type: "image", source: { kind: "url", url: "https://example.com/a.png" } },
          { type: "document", source: { kind: "text", text: "notes" }, title: "n.txt" },
        ],
      },
      {
        role: "assistant",
        content: [
          { type: "thinking", text: "lost its signature" },
          { type: "text", text: "ok" },
          { type: "thinking", text: "signed", signature: "sig" },
        ],
      },
      { role: "user", content: [{ type: "text", text: "next" }] },
    ];
    const { body } = encode({ messages });
    expect(body.messages).toEqual([
      {
        role: "user",
        content: [
          { type: "image", source: { type: "base64", media_type: "image/png", data: "AAAA" } },
          { type: "image", source: { type: "url", url: "https://example.com/a.png" } },
          {
            type: "document",
            source: { type: "text", media_type: "text/plain", data: "notes" },
            title: "n.txt",
          },
        ],
      },
      {
        role: "assistant",
        content: [
          { type: "thinking", thinking: "signed", signature: "sig" },
          { type: "text", text: "ok" },
        ],
      },
      { role: "user", content: [{ type: "text", text: "next" }] },
    ]);
  });

  it("maps tools and tool_choice variants; drops tool_choice without tools", () => {
    const tools = [weather];
    const choice = (toolChoice: IrRequest["toolChoice"]) => encode({ tools, toolChoice }).body.tool_choice;
    expect(encode({ tools }).body.tools).toEqual([
      { name: "get_weather", input_schema: { type: "object", properties: { city: { type: "string" } } } },
    ]);
    expect(choice({ type: "auto" })).toEqual({ type: "auto" });
    expect(choice({ type: "auto", disableParallel: true })).toEqual({
      type: "auto",
      disable_parallel_tool_use: true,
    });
    expect(choice({ type: "none" })).toEqual({ type: "none" });
    expect(choice({ type: "required" })).toEqual({ type: "any" });
    expect(choice({ type: "tool", name: "get_weather" })).toEqual({ type: "tool", name: "get_weather" });
    expect(encode({ toolChoice: { type: "required" } }).body).not.toHaveProperty("tool_choice");
  });

  it("maps reasoning effort to budgets, adding the budget on top of the answer's max_tokens", () => {
    const thinking = (extra: Partial<IrRequest>, model = SONNET) => {
      const { body } = encode(extra, model);
      return { max: body.max_tokens, thinking: body.thinking };
    };
    expect(thinking({ reasoning: { enabled: true, effort: "minimal" } })).toEqual({
      max: 1024 + 8192,
      thinking: { type: "enabled", budget_tokens: 1024 },
    });
    expect(thinking({ reasoning: { enabled: true, effort: "low" }, maxOutputTokens: 500 })).toEqual({
      max: 2548,
      thinking: { type: "enabled", budget_tokens: 2048 },
    });
    expect(thinking({ reasoning: { enabled: true } }).thinking).toEqual({
      type: "enabled",
      budget_tokens: 8192,
    });
    // Opus: 24576 + 8192 exceeds its 32k limit, so max_tokens stops at the limit.
    expect(thinking({ reasoning: { enabled: true, effort: "high" } }, "anthropic--claude-4.6-opus")).toEqual({
      max: 32_000,
      thinking: { type: "enabled", budget_tokens: 24_576 },
    });
    // An explicit budget above the limit is lowered to leave room for the answer.
    expect(
      thinking(
        { reasoning: { enabled: true, budgetTokens: 40_000 }, maxOutputTokens: 4000 },
        "claude-opus-4-1",
      ),
    ).toEqual({
      max: 32_000,
      thinking: { type: "enabled", budget_tokens: 28_000 },
    });
    expect(thinking({ reasoning: { enabled: false, effort: "high" } }).thinking).toBeUndefined();
    expect(thinking({ reasoning: { enabled: true } }, "anthropic--claude-3-haiku").thinking).toBeUndefined();
  });

  it("drops temperature, low top_p and top_k under thinking, and keeps them otherwise", () => {
    const sampling = { temperature: 0.3, topP: 0.5, topK: 5 };
    const withThinking = encode({ ...sampling, reasoning: { enabled: true } });
    expect(withThinking.body).not.toHaveProperty("temperature");
    expect(withThinking.body).not.toHaveProperty("top_p");
    expect(withThinking.body).not.toHaveProperty("top_k");
    expect(withThinking.notes.length).toBe(3);
    expect(encode({ temperature: 1.7, topK: 5 }, "anthropic--claude-4-sonnet").body).toMatchObject({
      temperature: 1,
      top_k: 5,
    });
    // Claude 4.5 takes temperature or top_p, not both.
    expect(encode(sampling).body).toMatchObject({ temperature: 0.3, top_k: 5 });
    expect(encode(sampling).body).not.toHaveProperty("top_p");
    expect(encode({ topP: 0.5 }).body).toMatchObject({ top_p: 0.5 });
  });

  it("turns thinking off when a tool is forced or the last tool turn has no signed thinking", () => {
    const forced = encode({
      tools: [weather],
      toolChoice: { type: "required" },
      reasoning: { enabled: true },
    });
    expect(forced.body).not.toHaveProperty("thinking");
    expect(forced.notes.join()).toContain("forces a tool");
    const loop = (first: IrMessage["content"]) =>
      encode({
        tools: [weather],
        reasoning: { enabled: true, effort: "low" },
        messages: [
          { role: "user", content: [{ type: "text", text: "weather?" }] },
          {
            role: "assistant",
            content: [...first, { type: "tool-call", id: "t1", name: "get_weather", input: {} }],
          },
          {
            role: "user",
            content: [{ type: "tool-result", toolCallId: "t1", content: [{ type: "text", text: "sun" }] }],
          },
        ],
      }).body.thinking;
    expect(loop([])).toBeUndefined();
    expect(loop([{ type: "thinking", text: "unsigned" }])).toBeUndefined();
    expect(loop([{ type: "thinking", text: "t", signature: "s" }])).toEqual({
      type: "enabled",
      budget_tokens: 2048,
    });
    expect(loop([{ type: "redacted-thinking", data: "x" }])).toEqual({
      type: "enabled",
      budget_tokens: 2048,
    });
  });

  it("writes stop sequences, metadata, structured output and cache markers", () => {
    const { body } = toBedrockInvoke(
      ir({
        system: [
          { type: "text", text: "sys" },
          { type: "text", text: "" },
        ],
        stopSequences: ["END", "  "],
        user: "u".repeat(300),
        responseFormat: { type: "json", schema: { type: "object" } },
      }),
      { model: SONNET, autoCache: true },
    );
    expect(body).toMatchObject({
      system: [{ type: "text", text: "sys", cache_control: { type: "ephemeral" } }],
      stop_sequences: ["END"],
      metadata: { user_id: "u".repeat(256) },
      output_config: { format: { type: "json_schema", schema: { type: "object" } } },
      messages: [
        { role: "user", content: [{ type: "text", text: "hi", cache_control: { type: "ephemeral" } }] },
      ],
    });
    const jsonMode = encode({ responseFormat: { type: "json" } }).body;
    expect(jsonMode.system).toEqual([{ type: "text", text: expect.stringContaining("JSON") }]);
    // The client's own markers win over automatic ones, and at most four are kept (the last four).
    const marked = toBedrockInvoke(
      ir({
        system: ["a", "b", "c", "d", "e"].map((text) => ({ type: "text" as const, text, cache: {} })),
      }),
      { model: SONNET, autoCache: true },
    );
    const system = marked.body.system as { text: string; cache_control?: unknown }[];
    expect(system.filter((block) => block.cache_control).map((block) => block.text)).toEqual([
      "b",
      "c",
      "d",
      "e",
    ]);
    expect(JSON.stringify(marked.body.messages)).not.toContain("cache_control");
  });
});

describe("claudeTraits", () => {
  it("reads SAP names and Anthropic ids", () => {
    expect(claudeTraits("anthropic--claude-4.5-sonnet")).toEqual({
      maxOutputTokens: 64_000,
      thinking: true,
      exclusiveSampling: true,
    });
    expect(claudeTraits("claude-sonnet-4-20250514")).toEqual({
      maxOutputTokens: 64_000,
      thinking: true,
      exclusiveSampling: false,
    });
    expect(claudeTraits("claude-opus-4-1-20250805")).toEqual({
      maxOutputTokens: 32_000,
      thinking: true,
      exclusiveSampling: true,
    });
    expect(claudeTraits("claude-3-7-sonnet-20250219").thinking).toBe(true);
    expect(claudeTraits("anthropic--claude-3.5-sonnet")).toEqual({
      maxOutputTokens: 8192,
      thinking: false,
      exclusiveSampling: false,
    });
    expect(claudeTraits("something-else").thinking).toBe(false);
  });
});
