// OpenAI chat and Anthropic Messages requests -> IR -> Vertex generateContent bodies: contents and
// roles, function turns, images, generation settings, tool choice, thinking by model, thought
// signatures, and the reduction of a Claude Code tool schema to Vertex's Schema subset, checked
// with the simulator's protobuf-JSON payload parser (which rejects what Vertex rejects).
import { describe, expect, it } from "vitest";
import { encodeGeminiRequest, geminiModelPath } from "../../src/backends/vertex-gemini/ir-request.js";
import { toVertexSchema } from "../../src/backends/vertex-gemini/schema.js";
import { thinkingConfig } from "../../src/backends/vertex-gemini/thinking-config.js";
import { decodeAnthropicRequest } from "../../src/frontends/anthropic-messages/ir-request.js";
import { decodeChatRequest } from "../../src/frontends/openai-chat/ir-request.js";
import { ToolCallSignatures } from "../../src/frontends/openai-chat/ir-tool-signatures.js";
import type { IrRequest, JsonObject } from "../../src/ir/request.js";
import { CLAUDE_CODE_SCHEMA, vertexViolations } from "./gemini-helpers.js";

const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

function fromOpenAi(body: Record<string, unknown>, model = "gemini-2.5-flash") {
  return encodeGeminiRequest(decodeChatRequest({ model, ...body }).request, model);
}

function fromAnthropic(body: Record<string, unknown>, model = "gemini-2.5-flash") {
  return encodeGeminiRequest(decodeAnthropicRequest({ model, max_tokens: 1000, ...body }), model);
}

describe("the Claude Code tool schema reduced to Vertex's Schema", () => {
  it("keeps what Vertex knows and rewrites or drops the rest", () => {
    expect(toVertexSchema(CLAUDE_CODE_SCHEMA)).toEqual({
      type: "OBJECT",
      properties: {
        file_path: { type: "STRING", description: "Absolute path" },
        mode: { type: "STRING", enum: ["replace"] },
        when: { type: "STRING", format: "date-time" },
        limit: { type: "INTEGER", minimum: 1, maximum: 100 },
        note: { type: "STRING", description: "optional note", nullable: true },
        kind: { anyOf: [{ type: "STRING", enum: ["a", "b"] }, { type: "NUMBER" }] },
        maybe: { type: "INTEGER", description: "an int or null", nullable: true },
        edits: {
          type: "ARRAY",
          minItems: 1,
          items: {
            type: "OBJECT",
            properties: {
              old_string: { type: "STRING" },
              new_string: { type: "STRING" },
              replace_all: { type: "BOOLEAN", default: false },
            },
            required: ["old_string", "new_string"],
          },
        },
        target: {
          type: "OBJECT",
          description: "where to write",
          properties: { host: { type: "STRING" }, port: { type: "INTEGER" } },
          required: ["host"],
        },
        tree: {
          type: "OBJECT",
          properties: {
            name: { type: "STRING" },
            children: { type: "ARRAY", items: { type: "OBJECT" } },
          },
        },
        merged: {
          type: "OBJECT",
          properties: { a: { type: "STRING" }, b: { type: "NUMBER" } },
          required: ["a"],
        },
        options: { type: "OBJECT" },
      },
      required: ["file_path", "edits"],
    });
  });

  it("gives a body Vertex's payload parser accepts, where the raw schema is rejected", () => {
    const request = fromAnthropic({
      tools: [{ name: "Edit", description: "Edits a file", input_schema: CLAUDE_CODE_SCHEMA }],
      messages: [{ role: "user", content: "edit it" }],
    });
    expect(vertexViolations(request.body)).toEqual([]);
    const raw = {
      ...request.body,
      tools: [{ functionDeclarations: [{ name: "Edit", parameters: CLAUDE_CODE_SCHEMA }] }],
    };
    expect(vertexViolations(raw).join("\n")).toMatch(/Unknown name "\$schema"/);
  });

  it("handles nullable enums, type lists, tuples and numeric consts", () => {
    expect(toVertexSchema({ enum: ["x", null] })).toEqual({ type: "STRING", enum: ["x"], nullable: true });
    expect(toVertexSchema({ type: ["string", "integer"] })).toEqual({
      anyOf: [{ type: "STRING" }, { type: "INTEGER" }],
    });
    expect(toVertexSchema({ type: "array", items: [{ type: "string" }, { type: "number" }] })).toEqual({
      type: "ARRAY",
      items: { anyOf: [{ type: "STRING" }, { type: "NUMBER" }] },
    });
    expect(toVertexSchema({ type: "integer", const: 3 })).toEqual({ type: "INTEGER" });
    expect(toVertexSchema({ $ref: "#/$defs/Missing", description: "gone" })).toEqual({
      type: "OBJECT",
      description: "gone",
    });
  });

  it("declares a tool without parameters when its schema has no properties", () => {
    const request = fromOpenAi({
      messages: [{ role: "user", content: "hi" }],
      tools: [
        {
          type: "function",
          function: {
            name: "ping",
            parameters: { type: "object", properties: {}, additionalProperties: false },
          },
        },
      ],
    });
    expect(request.body.tools).toEqual([{ functionDeclarations: [{ name: "ping" }] }]);
  });
});

describe("OpenAI chat -> generateContent", () => {
  it("maps messages, tools, tool results and settings", () => {
    const request = fromOpenAi(
      {
        messages: [
          { role: "system", content: "Be brief." },
          { role: "developer", content: "Use metric units." },
          {
            role: "user",
            content: [
              { type: "text", text: "weather here?" },
              { type: "image_url", image_url: { url: `data:image/png;base64,${PNG}` } },
              { type: "image_url", image_url: { url: "https://example.com/sky.webp" } },
            ],
          },
          {
            role: "assistant",
            content: "Checking.",
            tool_calls: [
              {
                id: "call_1",
                type: "function",
                function: { name: "get_weather", arguments: '{"city":"Oslo"}' },
              },
              { id: "call_2", type: "function", function: { name: "get_time", arguments: "" } },
            ],
          },
          { role: "tool", tool_call_id: "call_1", content: "4 C" },
          { role: "tool", tool_call_id: "call_2", content: [{ type: "text", text: "noon" }] },
          { role: "user", content: "thanks" },
          { role: "user", content: "" },
        ],
        tools: [
          {
            type: "function",
            function: {
              name: "get_weather",
              description: "Weather",
              parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
            },
          },
          { type: "function", function: { name: "get_time" } },
        ],
        tool_choice: "required",
        max_tokens: 500,
        temperature: 0.3,
        top_p: 0.9,
        top_k: 20,
        stop: ["a", "b", "c", "d", "e", "f"],
        response_format: {
          type: "json_schema",
          json_schema: { name: "w", schema: { type: "object", properties: { t: { type: "number" } } } },
        },
        reasoning_effort: "medium",
      },
      "gemini-3.5-flash",
    );
    expect(request.suffix).toBe("/models/gemini-3.5-flash:generateContent");
    expect(request.query).toEqual({});
    expect(request.body).toEqual({
      systemInstruction: { parts: [{ text: "Be brief." }, { text: "Use metric units." }] },
      contents: [
        {
          role: "user",
          parts: [
            { text: "weather here?" },
            { inlineData: { mimeType: "image/png", data: PNG } },
            { fileData: { mimeType: "image/webp", fileUri: "https://example.com/sky.webp" } },
          ],
        },
        {
          role: "model",
          parts: [
            { text: "Checking." },
            { functionCall: { name: "get_weather", args: { city: "Oslo" } } },
            { functionCall: { name: "get_time", args: {} } },
          ],
        },
        {
          role: "user",
          parts: [
            { functionResponse: { name: "get_weather", response: { content: "4 C" } } },
            { functionResponse: { name: "get_time", response: { content: "noon" } } },
            { text: "thanks" },
          ],
        },
      ],
      tools: [
        {
          functionDeclarations: [
            {
              name: "get_weather",
              description: "Weather",
              parameters: { type: "OBJECT", properties: { city: { type: "STRING" } }, required: ["city"] },
            },
            { name: "get_time" },
          ],
        },
      ],
      toolConfig: { functionCallingConfig: { mode: "ANY" } },
      generationConfig: {
        maxOutputTokens: 500,
        temperature: 0.3,
        topP: 0.9,
        topK: 20,
        stopSequences: ["a", "b", "c", "d", "e"],
        responseMimeType: "application/json",
        responseSchema: { type: "OBJECT", properties: { t: { type: "NUMBER" } } },
        thinkingConfig: { thinkingBudget: 8192, includeThoughts: true },
      },
    });
    expect(request.dropped).toContain("stop sequences beyond five");
    expect(vertexViolations(request.body)).toEqual([]);
  });

  it("streams from :streamGenerateContent?alt=sse, and names a forced tool", () => {
    const request = fromOpenAi(
      {
        stream: true,
        messages: [{ role: "user", content: "hi" }],
        tools: [{ type: "function", function: { name: "f", parameters: { type: "object" } } }],
        tool_choice: { type: "function", function: { name: "f" } },
      },
      "gemini-2.5-pro:001",
    );
    expect(request.suffix).toBe("/models/gemini-2.5-pro:streamGenerateContent");
    expect(request.query).toEqual({ alt: "sse" });
    expect(request.body.toolConfig).toEqual({
      functionCallingConfig: { mode: "ANY", allowedFunctionNames: ["f"] },
    });
    expect(geminiModelPath("gemini-2.5-flash")).toBe("gemini-2.5-flash");
  });

  it("caps the output limit per model, and keeps JSON output away from tools before Gemini 3", () => {
    const messages = [{ role: "user", content: "hi" }];
    expect(fromOpenAi({ messages, max_tokens: 100_000 }).body.generationConfig).toEqual({
      maxOutputTokens: 65_535,
    });
    expect(fromOpenAi({ messages, max_tokens: 32_000 }, "gemini-2.0-flash").body.generationConfig).toEqual({
      maxOutputTokens: 8192,
    });
    const withTools = {
      messages,
      tools: [{ type: "function", function: { name: "f" } }],
      response_format: { type: "json_object" },
    };
    const old = fromOpenAi(withTools);
    expect(old.body.generationConfig).toBeUndefined();
    expect(old.dropped).toContain("JSON output (this model takes it only without tools)");
    expect(fromOpenAi(withTools, "gemini-3.5-flash").body.generationConfig).toEqual({
      responseMimeType: "application/json",
    });
  });

  it("maps tool_choice auto and none", () => {
    const tools = [{ type: "function", function: { name: "f" } }];
    const messages = [{ role: "user", content: "hi" }];
    expect(fromOpenAi({ messages, tools, tool_choice: "auto" }).body.toolConfig).toEqual({
      functionCallingConfig: { mode: "AUTO" },
    });
    expect(fromOpenAi({ messages, tools, tool_choice: "none" }).body.toolConfig).toEqual({
      functionCallingConfig: { mode: "NONE" },
    });
  });

  it("restores remembered signatures in front of their tool calls", () => {
    const memory = new ToolCallSignatures();
    memory.rememberBlocks([
      { type: "thinking", text: "plan", signature: "gemini:U0lH" },
      { type: "tool-call", id: "call_1", name: "get_weather", input: { city: "Oslo" } },
      { type: "tool-call", id: "call_2", name: "get_weather", input: { city: "Rome" } },
    ]);
    expect(memory.size).toBe(1);
    const ir = memory.restore(
      decodeChatRequest({
        model: "gemini-3.5-flash",
        messages: [
          { role: "user", content: "weather" },
          {
            role: "assistant",
            content: null,
            tool_calls: [
              {
                id: "call_1",
                type: "function",
                function: { name: "get_weather", arguments: '{"city":"Oslo"}' },
              },
              {
                id: "call_2",
                type: "function",
                function: { name: "get_weather", arguments: '{"city":"Rome"}' },
              },
            ],
          },
          { role: "tool", tool_call_id: "call_1", content: "4 C" },
          { role: "tool", tool_call_id: "call_2", content: "20 C" },
        ],
      }).request,
    );
    const body = encodeGeminiRequest(ir, "gemini-3.5-flash").body as { contents: JsonObject[] };
    expect(body.contents[1]).toEqual({
      role: "model",
      parts: [
        { functionCall: { name: "get_weather", args: { city: "Oslo" } }, thoughtSignature: "U0lH" },
        { functionCall: { name: "get_weather", args: { city: "Rome" } } },
      ],
    });
  });
});

describe("Anthropic Messages -> generateContent", () => {
  it("sends Gemini signatures back on function calls, drops thinking text and foreign signatures", () => {
    const request = fromAnthropic(
      {
        system: [{ type: "text", text: "You are Claude Code.", cache_control: { type: "ephemeral" } }],
        thinking: { type: "enabled", budget_tokens: 31_999 },
        tools: [{ name: "Read", input_schema: { type: "object", properties: { path: { type: "string" } } } }],
        tool_choice: { type: "tool", name: "Read" },
        messages: [
          { role: "user", content: "read a" },
          {
            role: "assistant",
            content: [
              { type: "thinking", thinking: "Claude thought", signature: "Q2xhdWRl" },
              { type: "text", text: "Reading." },
            ],
          },
          { role: "user", content: [{ type: "text", text: "<system-reminder>x</system-reminder>" }] },
          { role: "user", content: "now b" },
          {
            role: "assistant",
            content: [
              { type: "thinking", thinking: "I should read b", signature: "gemini:U0lHMQ==" },
              { type: "tool_use", id: "call_a", name: "Read", input: { path: "b" } },
              { type: "tool_use", id: "call_b", name: "Read", input: { path: "c" } },
            ],
          },
          {
            role: "user",
            content: [
              { type: "tool_result", tool_use_id: "call_a", content: "B" },
              {
                type: "tool_result",
                tool_use_id: "call_b",
                is_error: true,
                content: [
                  { type: "text", text: "no such file" },
                  { type: "image", source: { type: "base64", media_type: "image/png", data: PNG } },
                ],
              },
              { type: "text", text: "go on" },
            ],
          },
        ],
      },
      "gemini-2.5-pro",
    );
    expect(request.body.systemInstruction).toEqual({ parts: [{ text: "You are Claude Code." }] });
    expect(request.body.contents).toEqual([
      { role: "user", parts: [{ text: "read a" }] },
      { role: "model", parts: [{ text: "Reading." }] },
      { role: "user", parts: [{ text: "<system-reminder>x</system-reminder>" }, { text: "now b" }] },
      {
        role: "model",
        parts: [
          { functionCall: { name: "Read", args: { path: "b" } }, thoughtSignature: "U0lHMQ==" },
          { functionCall: { name: "Read", args: { path: "c" } } },
        ],
      },
      {
        role: "user",
        parts: [
          { functionResponse: { name: "Read", response: { content: "B" } } },
          { functionResponse: { name: "Read", response: { error: "no such file" } } },
          { inlineData: { mimeType: "image/png", data: PNG } },
          { text: "go on" },
        ],
      },
    ]);
    expect(request.body.toolConfig).toEqual({
      functionCallingConfig: { mode: "ANY", allowedFunctionNames: ["Read"] },
    });
    expect(request.body.generationConfig).toEqual({
      maxOutputTokens: 1000,
      thinkingConfig: { thinkingBudget: 31_999, includeThoughts: true },
    });
    expect(request.dropped).toContain("cache markers");
    expect(vertexViolations(request.body)).toEqual([]);
  });

  it("turns documents into inline data or text", () => {
    const request = fromAnthropic({
      messages: [
        {
          role: "user",
          content: [
            {
              type: "document",
              source: { type: "text", media_type: "text/plain", data: "notes" },
              title: "N",
            },
            {
              type: "document",
              source: { type: "base64", media_type: "application/pdf", data: "JVBERi0xLjQK" },
            },
            { type: "image", source: { type: "url", url: "https://example.com/cat.png" } },
            { type: "text", text: "describe" },
          ],
        },
      ],
    });
    expect(request.body.contents).toEqual([
      {
        role: "user",
        parts: [
          { text: "N\n\nnotes" },
          { inlineData: { mimeType: "application/pdf", data: "JVBERi0xLjQK" } },
          { fileData: { mimeType: "image/png", fileUri: "https://example.com/cat.png" } },
          { text: "describe" },
        ],
      },
    ]);
  });
});

describe("thinkingConfig by model", () => {
  const cases: [IrRequest["reasoning"], string, JsonObject | undefined][] = [
    [{ enabled: false }, "gemini-2.5-flash", { thinkingBudget: 0 }],
    [{ enabled: false }, "gemini-2.5-flash-lite", { thinkingBudget: 0 }],
    [{ enabled: false }, "gemini-2.5-pro", undefined],
    [{ enabled: false }, "gemini-3.5-flash", undefined],
    [{ enabled: true }, "gemini-3.5-flash", { includeThoughts: true }],
    [{ enabled: true, effort: "low" }, "gemini-2.5-flash", { thinkingBudget: 1024, includeThoughts: true }],
    [{ enabled: true, effort: "high" }, "gemini-2.5-pro", { thinkingBudget: 24576, includeThoughts: true }],
    [
      { enabled: true, effort: "minimal" },
      "gemini-2.5-flash-lite",
      { thinkingBudget: 512, includeThoughts: true },
    ],
    [{ enabled: true, budgetTokens: 50 }, "gemini-2.5-pro", { thinkingBudget: 128, includeThoughts: true }],
    [
      { enabled: true, budgetTokens: 40_000 },
      "gemini-2.5-flash",
      { thinkingBudget: 24576, includeThoughts: true },
    ],
    [{ enabled: true, effort: "high" }, "gemini-2.0-flash", undefined],
    [undefined, "gemini-2.5-flash", undefined],
  ];
  it.each(cases)("%j on %s", (reasoning, model, expected) => {
    expect(thinkingConfig(reasoning, model)).toEqual(expected);
  });
});
