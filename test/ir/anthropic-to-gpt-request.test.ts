// Anthropic Messages request -> IR -> azure-openai chat body: the mapping per block type and
// option, per model kind (gpt-4o vs the reasoning model gpt-5), and the decoder's validation.
import { describe, expect, it } from "vitest";
import { encodeAzureChatRequest } from "../../src/backends/azure-openai/ir-request.js";
import { ProxyError } from "../../src/errors/proxy-error.js";
import { decodeAnthropicRequest } from "../../src/frontends/anthropic-messages/ir-request.js";
import { gptBody, PNG_BASE64, sampleRequests, weatherTool } from "./anthropic-to-gpt-helpers.js";

const samples = sampleRequests();
const base = { model: "claude-sonnet-4-5", max_tokens: 1024 };
const PNG_URL = `data:image/png;base64,${PNG_BASE64}`;

describe("Anthropic request -> IR", () => {
  it("keeps cache markers, thinking signatures and unmodelled fields", () => {
    const ir = decodeAnthropicRequest(samples["system blocks with cache_control"]);
    expect(ir.system).toEqual([
      { type: "text", text: "You are Claude Code." },
      { type: "text", text: "Be careful.", cache: { ttl: "1h" } },
    ]);
    expect(ir.messages[0]!.content).toEqual([{ type: "text", text: "say exactly: cached", cache: {} }]);

    const tools = decodeAnthropicRequest(samples["tool round trip with error result and image result"]);
    expect(tools.tools).toEqual([
      {
        name: "get_weather",
        description: "Current weather for a city",
        inputSchema: weatherTool.input_schema,
        cache: {},
      },
    ]);
    expect(tools.toolChoice).toEqual({ type: "auto", disableParallel: true });
    expect(tools.messages[1]!.content[0]).toEqual({
      type: "thinking",
      text: "I should call the tool.",
      signature: "c2lnbmF0dXJl",
    });
    expect(tools.messages[2]!.content[1]).toMatchObject({
      type: "tool-result",
      toolCallId: "toolu_01B",
      isError: true,
    });

    const forced = decodeAnthropicRequest(samples["forced tool, thinking and many stop sequences"]);
    expect(forced).toMatchObject({
      maxOutputTokens: 20000,
      temperature: 0.2,
      topP: 0.9,
      topK: 40,
      reasoning: { enabled: true, budgetTokens: 8000 },
      toolChoice: { type: "tool", name: "get_weather" },
      stream: false,
    });
    expect(forced.user).toMatch(/^user_f+_account__session_/);
    expect(forced.extensions.anthropic).toEqual({
      metadata: samples["forced tool, thinking and many stop sequences"].metadata,
      context_management: { edits: [{ type: "clear_thinking_20251015" }] },
    });
  });

  it("maps thinking modes and effort", () => {
    const reasoning = (extra: object) =>
      decodeAnthropicRequest({ ...base, messages: [], ...extra }).reasoning;
    expect(reasoning({})).toBeUndefined();
    expect(reasoning({ thinking: { type: "adaptive" }, output_config: { effort: "max" } })).toEqual({
      enabled: true,
      effort: "high",
    });
    expect(reasoning({ thinking: { type: "disabled" } })).toEqual({ enabled: false });
    expect(reasoning({ output_config: { effort: "medium" } })).toEqual({ enabled: true, effort: "medium" });
  });

  it("moves a stray system message into the system blocks and drops server-tool history", () => {
    const ir = decodeAnthropicRequest({
      ...base,
      system: "one",
      messages: [
        { role: "system", content: "two" },
        {
          role: "assistant",
          content: [
            { type: "server_tool_use", id: "srvtoolu_1", name: "web_search", input: { query: "x" } },
            { type: "web_search_tool_result", tool_use_id: "srvtoolu_1", content: [] },
            { type: "text", text: "found it" },
          ],
        },
      ],
    });
    expect(ir.system.map((block) => block.text)).toEqual(["one", "two"]);
    expect(ir.messages).toEqual([{ role: "assistant", content: [{ type: "text", text: "found it" }] }]);
  });
});

describe("IR -> azure-openai body", () => {
  it("sends system text as one system message, for chat and reasoning models", () => {
    for (const model of ["gpt-4o", "gpt-5"]) {
      expect(gptBody(samples["system string"], model).messages).toEqual([
        { role: "system", content: "You are terse." },
        { role: "user", content: "say exactly: hi" },
      ]);
    }
    const blocks = gptBody(samples["system blocks with cache_control"], "gpt-4o");
    expect(blocks.messages).toEqual([
      { role: "system", content: "You are Claude Code.\n\nBe careful." },
      { role: "user", content: "say exactly: cached" },
    ]);
    expect(JSON.stringify(blocks)).not.toContain("cache_control");
  });

  it("turns tool_use / tool_result into tool_calls and tool messages, images after them", () => {
    const body = gptBody(samples["tool round trip with error result and image result"], "gpt-4o");
    expect(body.messages).toEqual([
      { role: "user", content: "what is the get_weather in city=Paris" },
      {
        role: "assistant",
        content: "Let me check.",
        tool_calls: [
          {
            id: "toolu_01A",
            type: "function",
            function: { name: "get_weather", arguments: '{"city":"Paris"}' },
          },
          {
            id: "toolu_01B",
            type: "function",
            function: { name: "get_weather", arguments: '{"city":"Lyon","days":2}' },
          },
        ],
      },
      { role: "tool", tool_call_id: "toolu_01A", content: "sunny, 21 C" },
      {
        role: "tool",
        tool_call_id: "toolu_01B",
        content: "Error: radar unavailable\n(1 image attached in the next user message)",
      },
      {
        role: "user",
        content: [
          { type: "text", text: "Image output of tool call toolu_01B:" },
          { type: "image_url", image_url: { url: PNG_URL } },
          { type: "text", text: "and now?" },
        ],
      },
    ]);
    expect(body.tools).toEqual([
      {
        type: "function",
        function: {
          name: "get_weather",
          description: "Current weather for a city",
          parameters: weatherTool.input_schema,
        },
      },
    ]);
    expect(body.tool_choice).toBe("auto");
    expect(body.parallel_tool_calls).toBe(false);
    expect(JSON.stringify(body)).not.toMatch(/thinking|signature|web_search/);
  });

  it("maps images to image_url parts and documents to text or file parts", () => {
    expect(gptBody(samples["images and documents"], "gpt-4o").messages).toEqual([
      {
        role: "user",
        content: [
          { type: "image_url", image_url: { url: PNG_URL } },
          { type: "image_url", image_url: { url: "https://example.com/cat.png" } },
          { type: "text", text: "N\n\nnotes" },
          {
            type: "file",
            file: { filename: "spec.pdf", file_data: "data:application/pdf;base64,JVBERi0xLjQK" },
          },
          { type: "text", text: "describe these" },
        ],
      },
    ]);
  });

  it("maps every tool_choice", () => {
    const choice = (tool_choice: object, model = "gpt-4o") =>
      gptBody(
        { ...base, tools: [weatherTool], tool_choice, messages: [{ role: "user", content: "x" }] },
        model,
      );
    expect(choice({ type: "auto" })).toMatchObject({ tool_choice: "auto" });
    expect(choice({ type: "auto" }).parallel_tool_calls).toBeUndefined();
    expect(choice({ type: "any" })).toMatchObject({ tool_choice: "required" });
    expect(choice({ type: "none" })).toMatchObject({ tool_choice: "none" });
    expect(choice({ type: "tool", name: "get_weather", disable_parallel_tool_use: true })).toMatchObject({
      tool_choice: { type: "function", function: { name: "get_weather" } },
      parallel_tool_calls: false,
    });
    // o-series models reject parallel_tool_calls altogether.
    expect(
      choice({ type: "any", disable_parallel_tool_use: true }, "o4-mini").parallel_tool_calls,
    ).toBeUndefined();
    // No tools, no tool_choice (Azure rejects tool_choice without tools).
    const noTools = gptBody({ ...base, tool_choice: { type: "any" }, messages: [] }, "gpt-4o");
    expect(noTools.tool_choice).toBeUndefined();
  });

  it("applies the chat-model rules on gpt-4o: max_tokens capped, sampling kept, no reasoning", () => {
    const { body, dropped } = encodeAzureChatRequest(
      decodeAnthropicRequest(samples["forced tool, thinking and many stop sequences"]),
      "gpt-4o",
    );
    expect(body).toMatchObject({ model: "gpt-4o", max_tokens: 16384, temperature: 0.2, top_p: 0.9 });
    expect(body.stop).toEqual(["a1", "b2", "c3", "d4"]);
    expect(body).not.toHaveProperty("reasoning_effort");
    expect(body).not.toHaveProperty("max_completion_tokens");
    expect(body).not.toHaveProperty("top_k");
    expect(body.user).toMatch(/^[0-9a-f]{64}$/);
    expect(body).not.toHaveProperty("context_management");
    expect(body).not.toHaveProperty("stream");
    expect(dropped).toEqual(
      expect.arrayContaining(["reasoning", "top_k", "stop (beyond four)", "cache_control"]),
    );
    expect(gptBody({ ...base, max_tokens: 500, messages: [] }, "gpt-4o").max_tokens).toBe(500);
  });

  it("applies the reasoning-model rules on gpt-5: max_completion_tokens, effort, no sampling or stop", () => {
    const { body, dropped } = encodeAzureChatRequest(
      decodeAnthropicRequest(samples["forced tool, thinking and many stop sequences"]),
      "gpt-5",
    );
    expect(body).toMatchObject({ max_completion_tokens: 20000, reasoning_effort: "medium" });
    for (const field of ["max_tokens", "temperature", "top_p", "stop", "top_k"])
      expect(body).not.toHaveProperty(field);
    expect(dropped).toEqual(expect.arrayContaining(["temperature", "top_p", "stop", "top_k"]));
    expect(gptBody({ ...base, max_tokens: 200_000, messages: [] }, "gpt-5").max_completion_tokens).toBe(
      128_000,
    );
  });

  it("turns a thinking budget or an effort into reasoning_effort on reasoning models only", () => {
    const effort = (extra: object, model = "gpt-5") =>
      gptBody({ ...base, messages: [], ...extra }, model).reasoning_effort;
    expect(effort({ thinking: { type: "enabled", budget_tokens: 1024 } })).toBe("low");
    expect(effort({ thinking: { type: "enabled", budget_tokens: 4096 } })).toBe("medium");
    expect(effort({ thinking: { type: "enabled", budget_tokens: 16384 } })).toBe("high");
    expect(effort({ thinking: { type: "adaptive" }, output_config: { effort: "low" } })).toBe("low");
    expect(effort({ thinking: { type: "adaptive" } })).toBeUndefined();
    expect(effort({ thinking: { type: "disabled" } })).toBeUndefined();
    expect(effort({ thinking: { type: "disabled" }, output_config: { effort: "high" } })).toBe("high");
    expect(effort({ thinking: { type: "enabled", budget_tokens: 20000 } }, "gpt-4o")).toBeUndefined();
    expect(effort({ thinking: { type: "enabled", budget_tokens: 20000 } }, "o4-mini")).toBe("high");
  });

  it("asks for usage on streams", () => {
    const body = gptBody(samples["streaming tool call"], "gpt-4o");
    expect(body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it("passes structured-output schemas as response_format", () => {
    const schema = { type: "object", properties: { a: { type: "string" } } };
    const body = gptBody(
      {
        ...base,
        output_config: { format: { type: "json_schema", schema } },
        messages: [{ role: "user", content: "x" }],
      },
      "gpt-4o",
    );
    expect(body.response_format).toEqual({ type: "json_schema", json_schema: { name: "response", schema } });
  });
});

describe("validation", () => {
  const cases: [string, unknown, string][] = [
    ["body not an object", [], "body"],
    ["missing model", { max_tokens: 1, messages: [] }, "model"],
    ["missing max_tokens", { model: "m", messages: [] }, "max_tokens"],
    ["fractional max_tokens", { ...base, max_tokens: 1.5, messages: [] }, "max_tokens"],
    ["missing messages", { ...base }, "messages"],
    ["messages not an array", { ...base, messages: {} }, "messages"],
    ["bad role", { ...base, messages: [{ role: "tool", content: "x" }] }, "messages.0.role"],
    ["bad content", { ...base, messages: [{ role: "user", content: 3 }] }, "messages.0.content"],
    [
      "unknown block",
      { ...base, messages: [{ role: "user", content: [{ type: "video" }] }] },
      "messages.0.content.0.type",
    ],
    [
      "text without text",
      { ...base, messages: [{ role: "user", content: [{ type: "text", text: 1 }] }] },
      "messages.0.content.0.text",
    ],
    [
      "file image source",
      {
        ...base,
        messages: [{ role: "user", content: [{ type: "image", source: { type: "file", file_id: "f" } }] }],
      },
      "messages.0.content.0.source.type",
    ],
    [
      "tool_use input not an object",
      {
        ...base,
        messages: [{ role: "assistant", content: [{ type: "tool_use", id: "a", name: "b", input: [] }] }],
      },
      "messages.0.content.0.input",
    ],
    [
      "tool_result content not blocks",
      {
        ...base,
        messages: [{ role: "user", content: [{ type: "tool_result", tool_use_id: "a", content: 5 }] }],
      },
      "messages.0.content.0.content",
    ],
    [
      "is_error not boolean",
      {
        ...base,
        messages: [{ role: "user", content: [{ type: "tool_result", tool_use_id: "a", is_error: "yes" }] }],
      },
      "messages.0.content.0.is_error",
    ],
    ["system block not text", { ...base, system: [{ type: "image" }], messages: [] }, "system.0.type"],
    [
      "bad cache_control",
      { ...base, system: [{ type: "text", text: "s", cache_control: { type: "x" } }], messages: [] },
      "system.0.cache_control.type",
    ],
    ["tool without name", { ...base, tools: [{ input_schema: {} }], messages: [] }, "tools.0.name"],
    [
      "tool schema not an object",
      { ...base, tools: [{ name: "a", input_schema: "x" }], messages: [] },
      "tools.0.input_schema",
    ],
    ["bad tool_choice", { ...base, tool_choice: { type: "some" }, messages: [] }, "tool_choice.type"],
    [
      "tool choice without name",
      { ...base, tool_choice: { type: "tool" }, messages: [] },
      "tool_choice.name",
    ],
    [
      "thinking without budget",
      { ...base, thinking: { type: "enabled" }, messages: [] },
      "thinking.budget_tokens",
    ],
    ["bad thinking type", { ...base, thinking: { type: "on" }, messages: [] }, "thinking.type"],
    ["bad effort", { ...base, output_config: { effort: "extreme" }, messages: [] }, "output_config.effort"],
    ["temperature string", { ...base, temperature: "0.5", messages: [] }, "temperature"],
    ["top_k fractional", { ...base, top_k: 0.5, messages: [] }, "top_k"],
    ["stop sequence not a string", { ...base, stop_sequences: ["a", 1], messages: [] }, "stop_sequences.1"],
    ["stream not boolean", { ...base, stream: "yes", messages: [] }, "stream"],
    ["user_id not a string", { ...base, metadata: { user_id: 1 }, messages: [] }, "metadata.user_id"],
  ];
  it.each(cases)("rejects %s with a 400 naming the field", (_name, body, param) => {
    let error: unknown;
    try {
      decodeAnthropicRequest(body);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ProxyError);
    const proxyError = error as ProxyError;
    expect(proxyError.status).toBe(400);
    expect(proxyError.code).toBe("invalid_request");
    expect(proxyError.options.param).toBe(param);
    expect(proxyError.message.startsWith(`${param}: `)).toBe(true);
  });

  it("rejects document URLs for GPT, which has no way to fetch them", () => {
    const ir = decodeAnthropicRequest({
      ...base,
      messages: [
        { role: "user", content: [{ type: "document", source: { type: "url", url: "https://x/y.pdf" } }] },
      ],
    });
    expect(() => encodeAzureChatRequest(ir, "gpt-4o")).toThrow(ProxyError);
  });
});
