// OpenAI chat body -> IR request (pure, no I/O): system/developer blocks, multi-part content and
// images, tool calls and results, tool_choice variants, reasoning, thinking recovery, errors.
import { describe, expect, it } from "vitest";
import { ProxyError } from "../../src/errors/proxy-error.js";
import type { JsonObject } from "../../src/ir/request.js";
import { decodeChatRequest } from "../../src/frontends/openai-chat/ir-request.js";

function decode(body: JsonObject, options = {}) {
  return decodeChatRequest({ model: "claude", ...body }, options);
}

function rejection(body: JsonObject): ProxyError {
  try {
    decode(body);
  } catch (error) {
    if (error instanceof ProxyError) return error;
    throw error;
  }
  throw new Error("expected a rejection");
}

const user = (content: JsonObject[keyof JsonObject]) => ({ role: "user", content });

describe("decodeChatRequest", () => {
  it("moves system and developer messages into system blocks, in order", () => {
    const { request } = decode({
      messages: [
        { role: "system", content: "one" },
        user("hi"),
        { role: "developer", content: [{ type: "text", text: "two", cache_control: { type: "ephemeral" } }] },
      ],
    });
    expect(request.system).toEqual([
      { type: "text", text: "one" },
      { type: "text", text: "two", cache: {} },
    ]);
    expect(request.messages).toEqual([{ role: "user", content: [{ type: "text", text: "hi" }] }]);
  });

  it("decodes multi-part user content: text, data-URL and http images, files", () => {
    const { request } = decode({
      messages: [
        user([
          { type: "text", text: "look" },
          { type: "image_url", image_url: { url: "data:image/jpg;base64,AAAA", detail: "high" } },
          { type: "image_url", image_url: { url: "https://example.com/cat.png" } },
          { type: "file", file: { filename: "a.pdf", file_data: "data:application/pdf;base64,JVBERi0=" } },
          {
            type: "file",
            file: { file_data: `data:text/plain;base64,${Buffer.from("notes").toString("base64")}` },
          },
        ]),
      ],
    });
    expect(request.messages[0]!.content).toEqual([
      { type: "text", text: "look" },
      { type: "image", source: { kind: "base64", mediaType: "image/jpeg", data: "AAAA" } },
      { type: "image", source: { kind: "url", url: "https://example.com/cat.png" } },
      {
        type: "document",
        source: { kind: "base64", mediaType: "application/pdf", data: "JVBERi0=" },
        title: "a.pdf",
      },
      { type: "document", source: { kind: "text", text: "notes" } },
    ]);
  });

  it("decodes tool calls and merges consecutive tool results into one user turn, named from history", () => {
    const { request } = decode({
      messages: [
        user("weather in Rome and Oslo?"),
        {
          role: "assistant",
          content: "Checking.",
          tool_calls: [
            {
              id: "call_1",
              type: "function",
              function: { name: "get_weather", arguments: '{"city":"Rome"}' },
            },
            { id: "call_2", type: "function", function: { name: "get_time", arguments: "" } },
          ],
        },
        { role: "tool", tool_call_id: "call_1", content: "sunny" },
        { role: "tool", tool_call_id: "call_2", content: [{ type: "text", text: "noon" }] },
        user("thanks"),
      ],
    });
    expect(request.messages).toEqual([
      { role: "user", content: [{ type: "text", text: "weather in Rome and Oslo?" }] },
      {
        role: "assistant",
        content: [
          { type: "text", text: "Checking." },
          { type: "tool-call", id: "call_1", name: "get_weather", input: { city: "Rome" } },
          { type: "tool-call", id: "call_2", name: "get_time", input: {} },
        ],
      },
      {
        role: "user",
        content: [
          {
            type: "tool-result",
            toolCallId: "call_1",
            toolName: "get_weather",
            content: [{ type: "text", text: "sunny" }],
          },
          {
            type: "tool-result",
            toolCallId: "call_2",
            toolName: "get_time",
            content: [{ type: "text", text: "noon" }],
          },
        ],
      },
      { role: "user", content: [{ type: "text", text: "thanks" }] },
    ]);
  });

  it("maps tools and every tool_choice variant", () => {
    const tools = [{ type: "function", function: { name: "f", description: "does f" } }];
    const choice = (tool_choice: JsonObject[keyof JsonObject], extra: JsonObject = {}) =>
      decode({ messages: [user("x")], tools, tool_choice, ...extra }).request.toolChoice;
    expect(decode({ messages: [user("x")], tools }).request.tools).toEqual([
      { name: "f", description: "does f", inputSchema: { type: "object", properties: {} } },
    ]);
    expect(choice("none")).toEqual({ type: "none" });
    expect(choice("auto")).toEqual({ type: "auto" });
    expect(choice("required", { parallel_tool_calls: false })).toEqual({
      type: "required",
      disableParallel: true,
    });
    expect(choice({ type: "function", function: { name: "f" } })).toEqual({ type: "tool", name: "f" });
    expect(choice(null, { parallel_tool_calls: false })).toEqual({ type: "auto", disableParallel: true });
    expect(choice(undefined as never)).toBeUndefined();
  });

  it("maps sampling, limits, stops, reasoning, response format and user; keeps the rest as extensions", () => {
    const { request, includeUsage } = decode({
      messages: [user("x")],
      max_tokens: 10,
      max_completion_tokens: 20,
      temperature: 1.5,
      top_p: 0.9,
      stop: "END",
      reasoning_effort: "high",
      response_format: { type: "json_schema", json_schema: { name: "out", schema: { type: "object" } } },
      user: "u1",
      seed: 7,
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(request).toMatchObject({
      maxOutputTokens: 20,
      temperature: 1.5,
      topP: 0.9,
      stopSequences: ["END"],
      reasoning: { enabled: true, effort: "high" },
      responseFormat: { type: "json", name: "out", schema: { type: "object" } },
      user: "u1",
      stream: true,
      extensions: { openai: { seed: 7 } },
    });
    expect(includeUsage).toBe(true);
    expect(decode({ messages: [user("x")], reasoning: { effort: "low" } }).request.reasoning).toEqual({
      enabled: true,
      effort: "low",
    });
    expect(decode({ messages: [user("x")], reasoning_effort: "none" }).request.reasoning).toEqual({
      enabled: false,
    });
    expect(decode({ messages: [user("x")], stop: ["a", "b"] }).request.stopSequences).toEqual(["a", "b"]);
  });

  it("keeps reasoning_content only when its signed thinking can be recovered", () => {
    const assistant = { role: "assistant", content: "answer", reasoning_content: "I pondered." };
    const messages = [user("q"), assistant, user("more")];
    expect(decode({ messages }).request.messages[1]!.content).toEqual([{ type: "text", text: "answer" }]);
    const recalled = decode(
      { messages },
      { recallThinking: (text: string) => [{ type: "thinking", text, signature: "sig" }] },
    );
    expect(recalled.request.messages[1]!.content).toEqual([
      { type: "thinking", text: "I pondered.", signature: "sig" },
      { type: "text", text: "answer" },
    ]);
    const explicit = decode({
      messages: [
        user("q"),
        {
          ...assistant,
          thinking_blocks: [
            { type: "thinking", thinking: "I pondered.", signature: "s2" },
            { type: "redacted_thinking", data: "opaque" },
            { type: "thinking", thinking: "unsigned" },
          ],
        },
      ],
    });
    expect(explicit.request.messages[1]!.content.slice(0, 2)).toEqual([
      { type: "thinking", text: "I pondered.", signature: "s2" },
      { type: "redacted-thinking", data: "opaque" },
    ]);
  });

  it("rejects what it cannot translate with a 400 naming the field", () => {
    const call = (args: string) => ({
      role: "assistant",
      tool_calls: [{ id: "c", type: "function", function: { name: "f", arguments: args } }],
    });
    const cases: [JsonObject, string][] = [
      [{ messages: [user("x"), call("{nope")] }, "messages[1].tool_calls[0].function.arguments"],
      [{ messages: [user("x"), call("[1]")] }, "messages[1].tool_calls[0].function.arguments"],
      [{ messages: [] }, "messages"],
      [{ messages: [{ role: "robot", content: "x" }] }, "messages[0].role"],
      [{ messages: [user([{ type: "input_audio", input_audio: {} }])] }, "messages[0].content[0].type"],
      [
        { messages: [user([{ type: "image_url", image_url: { url: "ftp://x" } }])] },
        "messages[0].content[0].image_url.url",
      ],
      [
        { messages: [user([{ type: "image_url", image_url: { url: "data:image/png,raw" } }])] },
        "messages[0].content[0].image_url.url",
      ],
      [{ messages: [{ role: "tool", content: "x" }] }, "messages[0].tool_call_id"],
      [{ messages: [user("x")], temperature: 3 }, "temperature"],
      [{ messages: [user("x")], max_tokens: 1.5 }, "max_tokens"],
      [{ messages: [user("x")], tool_choice: "sometimes" }, "tool_choice"],
      [{ messages: [user("x")], reasoning_effort: "extreme" }, "reasoning_effort"],
      [{ messages: [user("x")], n: 2 }, "n"],
      [{ messages: [user("x")], stop: [1] }, "stop[0]"],
      [{ messages: [user("x")], response_format: { type: "yaml" } }, "response_format.type"],
      [{ messages: [user("x")], tools: [{ type: "custom", custom: {} }] }, "tools[0].type"],
    ];
    for (const [body, param] of cases) {
      const error = rejection(body);
      expect(error.status).toBe(400);
      expect(error.options.param).toBe(param);
    }
  });
});
