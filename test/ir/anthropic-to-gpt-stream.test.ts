// azure-openai responses -> IR -> Anthropic Messages output, without the simulator: SAP's
// recorded Azure streams and bodies replayed (and re-split at every byte), plus the edge cases
// (parallel tool calls, reasoning text, refusals, filters, missing usage, truncation, errors).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeAzureChatCompletion } from "../../src/backends/azure-openai/ir-response.js";
import { azureChatStreamTranslator } from "../../src/backends/azure-openai/ir-stream.js";
import { encodeAnthropicMessage } from "../../src/frontends/anthropic-messages/ir-response.js";
import { anthropicSseTranslator } from "../../src/frontends/anthropic-messages/ir-stream.js";
import { SYNTHETIC_THINKING_SIGNATURE } from "../../src/frontends/anthropic-messages/ir-wire.js";
import { translateAll } from "../../src/ir/stream-translator.js";
import { anthropicSse, parseFrames } from "./anthropic-to-gpt-helpers.js";

const encoder = new TextEncoder();
const MODEL = "claude-sonnet-4-5";

function fixture(path: string): string {
  const text = readFileSync(new URL(`../fixtures/${path}`, import.meta.url), "utf8");
  // SAP's Java SDK stores its recordings one line per event, without the blank line that ends
  // the last event on the wire (the SSE decoder drops an unterminated last event as cut): add it.
  return path.startsWith("sap-ai-sdk-java/") && !text.endsWith("\n\n") ? `${text}\n` : text;
}

/** Azure chunks -> Anthropic frames, without SSE framing on the way in. */
function framesOf(chunks: object[], estimatedInputTokens = 100) {
  const ir = translateAll(
    azureChatStreamTranslator,
    chunks.map((chunk) => ({ data: JSON.stringify(chunk) })),
  );
  return parseFrames(
    translateAll(anthropicSseTranslator({ model: MODEL, estimatedInputTokens }), ir).join(""),
  );
}

const envelope = { id: "chatcmpl-abc", model: "gpt-4o-2024-11-20", object: "chat.completion.chunk" };
const chunk = (delta: object, finish: string | null = null) => ({
  ...envelope,
  choices: [{ index: 0, delta, finish_reason: finish }],
  usage: null,
});
const usageChunk = (prompt: number, completion: number, cached = 0) => ({
  ...envelope,
  choices: [],
  usage: {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: cached },
  },
});

const TEXT_STREAM = "sap-ai-sdk-js/foundation-models/azure-openai-chat-completion-stream-chunks.txt";
const TOOL_STREAM = "sap-ai-sdk-js/foundation-models/azure-openai-chat-completion-stream-tools-chunks.txt";

describe("recorded Azure streams", () => {
  it("turns SAP's text stream into the exact Anthropic frames", async () => {
    const text = await anthropicSse([encoder.encode(fixture(TEXT_STREAM))], {
      model: MODEL,
      estimatedInputTokens: 20,
    });
    const words = ["The", " capital", " of", " France", " is", " Paris", "."];
    expect(parseFrames(text).map((frame) => frame.data)).toEqual([
      {
        type: "message_start",
        message: {
          id: "msg_ANKsHIdjvozwuOGpGI6rygvwSJH0I",
          type: "message",
          role: "assistant",
          model: MODEL,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: {
            input_tokens: 20,
            cache_creation_input_tokens: 0,
            cache_read_input_tokens: 0,
            output_tokens: 0,
          },
        },
      },
      { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
      ...words.map((word) => ({
        type: "content_block_delta",
        index: 0,
        delta: { type: "text_delta", text: word },
      })),
      { type: "content_block_stop", index: 0 },
      {
        type: "message_delta",
        delta: { stop_reason: "end_turn", stop_sequence: null },
        usage: {
          input_tokens: 14,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
          output_tokens: 7,
        },
      },
      { type: "message_stop" },
    ]);
  });

  it("turns SAP's tool-call stream into a tool_use block whose input_json_delta fragments parse", async () => {
    const frames = parseFrames(await anthropicSse([encoder.encode(fixture(TOOL_STREAM))], { model: MODEL }));
    expect(frames.map((frame) => frame.event)).toEqual([
      "message_start",
      "content_block_start",
      ...Array<string>(9).fill("content_block_delta"),
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    expect(frames[1]!.data).toEqual({
      type: "content_block_start",
      index: 0,
      content_block: { type: "tool_use", id: "call_De0ejo2G1gknErC39DDH2JpS", name: "add", input: {} },
    });
    const json = frames
      .filter((frame) => frame.event === "content_block_delta")
      .map((frame) => {
        expect(frame.data.index).toBe(0);
        expect(frame.data.delta.type).toBe("input_json_delta");
        return frame.data.delta.partial_json as string;
      })
      .join("");
    expect(JSON.parse(json)).toEqual({ a: 1, b: 2 });
    expect(frames.at(-2)!.data).toEqual({
      type: "message_delta",
      delta: { stop_reason: "tool_use", stop_sequence: null },
      usage: {
        input_tokens: 52,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        output_tokens: 18,
      },
    });
  });

  it("turns SAP's in-stream 429 into an Anthropic rate_limit_error event and nothing else", async () => {
    const text = await anthropicSse(
      [encoder.encode(fixture("sap-ai-sdk-java/openai/streamChatCompletionError.txt"))],
      {
        model: MODEL,
      },
    );
    expect(text).toBe(
      'event: error\ndata: {"type":"error","error":{"type":"rate_limit_error","message":"exceeded token rate limit"}}\n\n',
    );
  });

  it("reads SAP's Java recording, whose events are separated by single newlines", async () => {
    const frames = parseFrames(
      await anthropicSse([encoder.encode(fixture("sap-ai-sdk-java/openai/streamChatCompletion.txt"))], {
        model: MODEL,
      }),
    );
    expect(frames[0]!.event).toBe("message_start");
    expect(frames.at(-1)!.event).toBe("message_stop");
    const text = frames
      .filter((frame) => frame.data.delta?.type === "text_delta")
      .map((frame) => frame.data.delta.text)
      .join("");
    expect(text.startsWith("Sure!")).toBe(true);
  });

  it.each([TEXT_STREAM, TOOL_STREAM, "sap-ai-sdk-java/openai/streamChatCompletionError.txt"])(
    "gives identical output for %s split at every byte offset",
    async (path) => {
      const bytes = encoder.encode(fixture(path));
      const whole = await anthropicSse([bytes], { model: MODEL, estimatedInputTokens: 9 });
      for (let offset = 1; offset < bytes.length; offset += 1) {
        const split = await anthropicSse([bytes.subarray(0, offset), bytes.subarray(offset)], {
          model: MODEL,
          estimatedInputTokens: 9,
        });
        if (split !== whole) expect.fail(`output differs when split at byte ${offset}`);
      }
      const bytewise = Array.from(bytes, (byte) => Uint8Array.of(byte));
      expect(await anthropicSse(bytewise, { model: MODEL, estimatedInputTokens: 9 })).toBe(whole);
    },
  );

  it("answers a forced tool call (finish_reason stop) with stop_reason tool_use", () => {
    const body = JSON.parse(fixture("sap-ai-sdk-java/openai/chatCompletionToolResponse.json"));
    expect(encodeAnthropicMessage(decodeAzureChatCompletion(body), { model: MODEL })).toEqual({
      id: "msg_Ay16WxAjYvRDJ12ImPi8E1T1TZHoP",
      type: "message",
      role: "assistant",
      model: MODEL,
      content: [
        { type: "tool_use", id: "call_CUYGJf2j7FRWJMHT3PN3aGxK", name: "fibonacci", input: { N: 12 } },
      ],
      stop_reason: "tool_use",
      stop_sequence: null,
      usage: {
        input_tokens: 93,
        output_tokens: 5,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
      },
    });
  });

  it("decodes SAP's recorded chat completion", () => {
    const body = JSON.parse(
      fixture("sap-ai-sdk-js/foundation-models/azure-openai-chat-completion-success-response.json"),
    );
    const message = encodeAnthropicMessage(decodeAzureChatCompletion(body), { model: MODEL });
    expect(message.content).toEqual([{ type: "text", text: body.choices[0].message.content }]);
    expect(message.stop_reason).toBe("end_turn");
    expect(message.usage.output_tokens).toBe(body.usage.completion_tokens);
  });
});

describe("stream edge cases", () => {
  it("numbers text and parallel tool calls contiguously, closing each block before the next", () => {
    const frames = framesOf([
      chunk({ role: "assistant", content: "Checking." }),
      chunk({
        tool_calls: [{ index: 0, id: "call_a", type: "function", function: { name: "f", arguments: "" } }],
      }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"x":' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: "1}" } }] }),
      chunk({
        tool_calls: [{ index: 1, id: "call_b", type: "function", function: { name: "g", arguments: "{}" } }],
      }),
      chunk({}, "tool_calls"),
      usageChunk(50, 20, 32),
    ]);
    expect(frames.map((frame) => [frame.event, frame.data.index ?? null])).toEqual([
      ["message_start", null],
      ["content_block_start", 0],
      ["content_block_delta", 0],
      ["content_block_stop", 0],
      ["content_block_start", 1],
      ["content_block_delta", 1],
      ["content_block_delta", 1],
      ["content_block_stop", 1],
      ["content_block_start", 2],
      ["content_block_delta", 2],
      ["content_block_stop", 2],
      ["message_delta", null],
      ["message_stop", null],
    ]);
    expect(frames[8]!.data.content_block).toEqual({ type: "tool_use", id: "call_b", name: "g", input: {} });
    expect(frames[11]!.data).toEqual({
      type: "message_delta",
      delta: { stop_reason: "tool_use", stop_sequence: null },
      usage: {
        input_tokens: 18,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 32,
        output_tokens: 20,
      },
    });
  });

  it("turns reasoning text into a thinking block with a synthetic signature", () => {
    const frames = framesOf([
      chunk({ role: "assistant", reasoning_content: "Let me think" }),
      chunk({ content: "Done." }),
      chunk({}, "stop"),
      usageChunk(10, 5),
    ]);
    expect(frames.slice(1, 7).map((frame) => frame.data)).toEqual([
      {
        type: "content_block_start",
        index: 0,
        content_block: { type: "thinking", thinking: "", signature: "" },
      },
      { type: "content_block_delta", index: 0, delta: { type: "thinking_delta", thinking: "Let me think" } },
      {
        type: "content_block_delta",
        index: 0,
        delta: { type: "signature_delta", signature: SYNTHETIC_THINKING_SIGNATURE },
      },
      { type: "content_block_stop", index: 0 },
      { type: "content_block_start", index: 1, content_block: { type: "text", text: "" } },
      { type: "content_block_delta", index: 1, delta: { type: "text_delta", text: "Done." } },
    ]);
    const message = encodeAnthropicMessage(
      decodeAzureChatCompletion({
        id: "chatcmpl-r",
        model: "m",
        choices: [
          {
            message: { role: "assistant", content: "Done.", reasoning_content: "Hm" },
            finish_reason: "stop",
          },
        ],
      }),
      { model: MODEL },
    );
    expect(message.content).toEqual([
      { type: "thinking", thinking: "Hm", signature: SYNTHETIC_THINKING_SIGNATURE },
      { type: "text", text: "Done." },
    ]);
  });

  it("maps refusals and content filters to stop_reason refusal, length to max_tokens", () => {
    const stop = (chunks: object[]) =>
      framesOf(chunks).find((frame) => frame.event === "message_delta")!.data.delta;
    expect(
      stop([chunk({ refusal: "I can't help with that." }), chunk({}, "stop"), usageChunk(1, 1)]),
    ).toEqual({
      stop_reason: "refusal",
      stop_sequence: null,
    });
    expect(stop([chunk({ content: "bad" }), chunk({}, "content_filter"), usageChunk(1, 1)]).stop_reason).toBe(
      "refusal",
    );
    expect(stop([chunk({ content: "1 2" }), chunk({}, "length"), usageChunk(1, 1)]).stop_reason).toBe(
      "max_tokens",
    );
  });

  it("ends the message without a usage chunk, keeping the estimated input count", () => {
    const frames = framesOf([chunk({ content: "hi" }), chunk({}, "stop")], 77);
    expect(frames.at(-2)!.data.usage).toEqual({
      input_tokens: 77,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      output_tokens: 0,
    });
    expect(frames.at(-1)!.event).toBe("message_stop");
  });

  it("reports a truncated stream as an api_error event, never as a normal end", () => {
    const frames = framesOf([chunk({ content: "partial" })]);
    expect(frames.map((frame) => frame.event)).toEqual([
      "message_start",
      "content_block_start",
      "content_block_delta",
      "error",
    ]);
    expect(frames.at(-1)!.data.error.type).toBe("api_error");
  });

  it("maps in-stream error codes to Anthropic error types", () => {
    const errorOf = (error: object) => framesOf([{ error }])[0]!.data.error;
    expect(errorOf({ code: "429", message: "slow down" })).toEqual({
      type: "rate_limit_error",
      message: "slow down",
    });
    expect(errorOf({ code: 503, message: "busy" }).type).toBe("overloaded_error");
    expect(errorOf({ code: "server_error", message: "Rate limit is exceeded." }).type).toBe(
      "rate_limit_error",
    );
    expect(errorOf({ code: "server_error", message: "boom" }).type).toBe("api_error");
    expect(errorOf({ code: "400", message: "bad" }).type).toBe("invalid_request_error");
    expect(errorOf({ code: 529, message: "overloaded" }).type).toBe("overloaded_error");
  });

  it("reports an unparseable upstream event as an error", () => {
    const ir = translateAll(azureChatStreamTranslator, [{ data: "{not json" }, { data: "[DONE]" }]);
    expect(ir).toEqual([
      { type: "error", error: { status: 502, message: "malformed azure-openai stream event: {not json" } },
    ]);
  });
});
