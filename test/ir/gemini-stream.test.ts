// Gemini responses and streams -> IR -> OpenAI chat and Anthropic Messages, without the gateway:
// streams and bodies recorded from the simulator (test/fixtures/gemini/), plus hand-written chunks
// for what the simulator does not produce (filters, blocked prompts, cached tokens, parallel calls,
// upstream ids, mid-stream errors, streams that stop early).
import { describe, expect, it } from "vitest";
import { toolCallId } from "../../src/backends/vertex-gemini/ir-common.js";
import { decodeGeminiResponse } from "../../src/backends/vertex-gemini/ir-response.js";
import { geminiStreamTranslator } from "../../src/backends/vertex-gemini/ir-stream.js";
import { encodeAnthropicMessage } from "../../src/frontends/anthropic-messages/ir-response.js";
import { SYNTHETIC_THINKING_SIGNATURE } from "../../src/frontends/anthropic-messages/ir-wire.js";
import { toChatCompletion } from "../../src/frontends/openai-chat/ir-response.js";
import { ToolCallSignatures } from "../../src/frontends/openai-chat/ir-tool-signatures.js";
import type { IrStreamEvent } from "../../src/ir/stream-events.js";
import { translateAll } from "../../src/ir/stream-translator.js";
import { parseFrames } from "./anthropic-to-gpt-helpers.js";
import { anthropicText, collect, fixture, irEvents, openAiText } from "./gemini-helpers.js";

const SIGNATURE =
  "U0lNU0lHMTrWh9QcDhAOu+asznAaLFstu2mJyW9q/S578kghd3JT9NaH1BwOEA675qzOcBosWy27aYnJb2r9LnvySCF3clP0";

function chunkEvents(chunks: object[]): IrStreamEvent[] {
  return translateAll(
    geminiStreamTranslator,
    chunks.map((chunk) => ({ data: JSON.stringify(chunk) })),
  );
}

const envelope = { modelVersion: "gemini-2.5-flash", responseId: "resp-1" };
const chunk = (parts: object[], finishReason?: string, usageMetadata: object = { promptTokenCount: 10 }) => ({
  candidates: [{ content: { role: "model", parts }, ...(finishReason ? { finishReason } : {}) }],
  usageMetadata,
  ...envelope,
});

/** OpenAI SSE text -> the chunk objects (without `[DONE]`). */
function openAiChunks(text: string) {
  return text
    .split("\n\n")
    .filter((frame) => frame.startsWith("data: {"))
    .map((frame) => JSON.parse(frame.slice("data: ".length)));
}

describe("the recorded Gemini 3 function-call stream", () => {
  const bytes = fixture("function-call-3.5-flash.sse");

  it("becomes signed reasoning, one whole tool call and the usage in the IR", async () => {
    const events = await collect(irEvents([bytes]));
    const id = toolCallId("EkbibCT61mkGWTnBydsGgQJ", 0, undefined);
    expect(events[0]).toEqual({
      type: "message-start",
      id: "EkbibCT61mkGWTnBydsGgQJ",
      model: "gemini-3.5-flash",
      usage: {
        inputTokens: 26,
        outputTokens: 0,
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
        reasoningTokens: 0,
      },
    });
    const thought = events
      .filter((event) => event.type === "reasoning-delta")
      .map((event) => event.text)
      .join("");
    expect(thought).toBe(
      'The user wrote: "get_weather city=Oslo days=2". I should call the get_weather tool.',
    );
    expect(events.slice(-6)).toEqual([
      { type: "reasoning-signature", index: 0, signature: `gemini:${SIGNATURE}` },
      { type: "reasoning-end", index: 0 },
      { type: "tool-call-start", index: 1, id, name: "get_weather" },
      { type: "tool-call-delta", index: 1, argumentsDelta: '{"city":"Oslo","days":2}' },
      { type: "tool-call-end", index: 1 },
      {
        type: "message-end",
        finish: { unified: "tool-calls", raw: "STOP" },
        stopSequence: null,
        usage: {
          inputTokens: 26,
          outputTokens: 45,
          cacheReadTokens: 0,
          cacheWriteTokens: 0,
          reasoningTokens: 27,
        },
      },
    ]);
    expect(id).toMatch(/^call_[A-Za-z0-9_-]{24}$/);
  });

  it("streams to OpenAI chunks: reasoning_content, the tool call in its incremental shape, usage", async () => {
    const chunks = openAiChunks(await openAiText([bytes]));
    const deltas = chunks.filter((item) => item.choices.length > 0).map((item) => item.choices[0].delta);
    expect(deltas[0]).toEqual({ role: "assistant", content: "" });
    expect(deltas.some((delta) => typeof delta.reasoning_content === "string")).toBe(true);
    expect(deltas.filter((delta) => delta.tool_calls)).toEqual([
      {
        tool_calls: [
          {
            index: 0,
            id: toolCallId("EkbibCT61mkGWTnBydsGgQJ", 0, undefined),
            type: "function",
            function: { name: "get_weather", arguments: "" },
          },
        ],
      },
      { tool_calls: [{ index: 0, function: { arguments: '{"city":"Oslo","days":2}' } }] },
    ]);
    expect(chunks.at(-2).choices[0].finish_reason).toBe("tool_calls");
    expect(chunks.at(-1).usage).toMatchObject({
      prompt_tokens: 26,
      completion_tokens: 45,
      completion_tokens_details: { reasoning_tokens: 27 },
    });
  });

  it("streams to Anthropic frames: a thinking block signed with Gemini's signature, then tool_use", async () => {
    const frames = parseFrames(await anthropicText([bytes]));
    expect(frames[0]!.data.message.usage.input_tokens).toBe(26);
    expect(
      frames.filter((frame) => frame.event === "content_block_start").map((f) => f.data.content_block),
    ).toEqual([
      { type: "thinking", thinking: "", signature: "" },
      {
        type: "tool_use",
        id: toolCallId("EkbibCT61mkGWTnBydsGgQJ", 0, undefined),
        name: "get_weather",
        input: {},
      },
    ]);
    const signatures = frames.filter((frame) => frame.data.delta?.type === "signature_delta");
    expect(signatures.map((frame) => frame.data.delta.signature)).toEqual([`gemini:${SIGNATURE}`]);
    expect(
      frames.find((frame) => frame.data.delta?.type === "input_json_delta")!.data.delta.partial_json,
    ).toBe('{"city":"Oslo","days":2}');
    expect(frames.at(-2)!.data).toEqual({
      type: "message_delta",
      delta: { stop_reason: "tool_use", stop_sequence: null },
      usage: {
        input_tokens: 26,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        output_tokens: 45,
      },
    });
  });

  it("is remembered by tool-call id for OpenAI clients", async () => {
    const memory = new ToolCallSignatures();
    const observe = memory.streamObserver();
    for (const event of await collect(irEvents([bytes]))) observe(event);
    expect(memory.recall(toolCallId("EkbibCT61mkGWTnBydsGgQJ", 0, undefined))).toBe(`gemini:${SIGNATURE}`);
  });
});

describe("the recorded Gemini 3 function-call body", () => {
  const answer = decodeGeminiResponse(JSON.parse(fixture("function-call-3.5-flash.json").toString("utf8")));

  it("decodes to the same blocks as the stream", () => {
    expect(answer).toEqual({
      id: "jre6Tnix85g87GUsHOsxTH8",
      model: "gemini-3.5-flash",
      content: [
        {
          type: "thinking",
          text: 'The user wrote: "get_weather city=Oslo days=2". I should call the get_weather tool.',
          signature: `gemini:${SIGNATURE}`,
        },
        {
          type: "tool-call",
          id: toolCallId("jre6Tnix85g87GUsHOsxTH8", 0, undefined),
          name: "get_weather",
          input: { city: "Oslo", days: 2 },
        },
      ],
      finish: { unified: "tool-calls", raw: "STOP" },
      stopSequence: null,
      usage: {
        inputTokens: 26,
        outputTokens: 45,
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
        reasoningTokens: 27,
      },
    });
    expect(decodeGeminiResponse(JSON.parse(fixture("function-call-3.5-flash.json").toString()))).toEqual(
      answer,
    );
  });

  it("encodes for both client protocols", () => {
    const completion = toChatCompletion(answer, { id: "chatcmpl-x", created: 1, model: "gemini-3.5-flash" });
    expect(completion.choices).toEqual([
      {
        index: 0,
        message: {
          role: "assistant",
          content: null,
          refusal: null,
          reasoning_content:
            'The user wrote: "get_weather city=Oslo days=2". I should call the get_weather tool.',
          tool_calls: [
            {
              id: toolCallId("jre6Tnix85g87GUsHOsxTH8", 0, undefined),
              type: "function",
              function: { name: "get_weather", arguments: '{"city":"Oslo","days":2}' },
            },
          ],
        },
        logprobs: null,
        finish_reason: "tool_calls",
      },
    ]);
    const message = encodeAnthropicMessage(answer, { model: "gemini-3.5-flash" });
    expect(message.content[0]).toMatchObject({ type: "thinking", signature: `gemini:${SIGNATURE}` });
    expect(message.stop_reason).toBe("tool_use");
  });
});

describe("recorded text streams", () => {
  it("relays multi-byte text after the thoughts; an unsigned thinking block gets the synthetic signature", async () => {
    const frames = parseFrames(await anthropicText([fixture("text-thoughts-2.5-flash.sse")]));
    const text = frames
      .filter((frame) => frame.data.delta?.type === "text_delta")
      .map((frame) => frame.data.delta.text)
      .join("");
    expect(text).toBe("Grüße aus Zürich ☀️, 日本語も OK");
    const signatures = frames.filter((frame) => frame.data.delta?.type === "signature_delta");
    expect(signatures.map((frame) => frame.data.delta.signature)).toEqual([SYNTHETIC_THINKING_SIGNATURE]);
    expect(frames.at(-2)!.data.delta.stop_reason).toBe("end_turn");
  });

  it("leaves out Gemini 3's signature on the last text part", async () => {
    const events = await collect(irEvents([fixture("text-signed-3.5-flash.sse")]));
    expect(events.some((event) => event.type.startsWith("reasoning"))).toBe(false);
    expect(
      events
        .filter((event) => event.type === "text-delta")
        .map((event) => event.text)
        .join(""),
    ).toBe("1 2 3 4 5 6 7 8 9 10 11 12");
  });

  it("maps MAX_TOKENS to finish_reason length and stop_reason max_tokens", async () => {
    const bytes = fixture("max-tokens-2.5-flash.sse");
    const chunks = openAiChunks(await openAiText([bytes]));
    expect(chunks.at(-2).choices[0].finish_reason).toBe("length");
    const frames = parseFrames(await anthropicText([bytes]));
    expect(frames.at(-2)!.data.delta.stop_reason).toBe("max_tokens");
  });

  it("turns RESOURCE_EXHAUSTED into an IR 429 error as the first event", async () => {
    const events = await collect(irEvents([fixture("resource-exhausted.sse")]));
    expect(events).toEqual([
      {
        type: "error",
        error: {
          status: 429,
          message: expect.stringContaining("Resource exhausted"),
        },
      },
    ]);
    const openAi = openAiChunks(await openAiText([fixture("resource-exhausted.sse")]));
    expect(openAi.at(-1).error).toMatchObject({ type: "rate_limit_error" });
    const frames = parseFrames(await anthropicText([fixture("resource-exhausted.sse")]));
    expect(frames.at(-1)!.data).toMatchObject({ type: "error", error: { type: "rate_limit_error" } });
  });
});

describe("Gemini chunks the simulator does not produce", () => {
  it.each([
    ["SAFETY", "content-filter"],
    ["RECITATION", "content-filter"],
    ["BLOCKLIST", "content-filter"],
    ["PROHIBITED_CONTENT", "content-filter"],
    ["SPII", "content-filter"],
    ["MAX_TOKENS", "length"],
    ["MALFORMED_FUNCTION_CALL", "error"],
    ["OTHER", "other"],
  ])("finishReason %s -> %s", (raw, unified) => {
    const events = chunkEvents([chunk([{ text: "x" }], raw)]);
    expect(events.at(-1)).toMatchObject({ type: "message-end", finish: { unified, raw } });
  });

  it("a blocked prompt ends the message as a content filter", () => {
    const events = chunkEvents([
      { promptFeedback: { blockReason: "SAFETY" }, usageMetadata: { promptTokenCount: 5 } },
    ]);
    expect(events.map((event) => event.type)).toEqual(["message-start", "message-end"]);
    expect(events.at(-1)).toMatchObject({ finish: { unified: "content-filter", raw: "SAFETY" } });
    expect(decodeGeminiResponse({ promptFeedback: { blockReason: "OTHER" } }).finish).toEqual({
      unified: "content-filter",
      raw: "OTHER",
    });
  });

  it("counts cached prompt tokens apart and thoughts as output", () => {
    const events = chunkEvents([
      chunk([{ text: "hi" }], "STOP", {
        promptTokenCount: 1000,
        cachedContentTokenCount: 800,
        candidatesTokenCount: 3,
        thoughtsTokenCount: 7,
      }),
    ]);
    expect(events.at(-1)).toMatchObject({
      usage: { inputTokens: 200, cacheReadTokens: 800, outputTokens: 10, reasoningTokens: 7 },
    });
  });

  it("parallel calls: the signature rides on the first, upstream ids are kept, ids are stable", () => {
    const parts = [
      { functionCall: { name: "a", args: { x: 1 } }, thoughtSignature: "c2ln" },
      { functionCall: { id: "fc_upstream", name: "b", args: {} } },
      { functionCall: { name: "c" } },
    ];
    const events = chunkEvents([chunk([{ text: "let me see" }]), chunk(parts, "STOP")]);
    const starts = events.filter((event) => event.type === "tool-call-start");
    expect(starts.map((event) => [event.name, event.id])).toEqual([
      ["a", toolCallId("resp-1", 0, undefined)],
      ["b", "fc_upstream"],
      ["c", toolCallId("resp-1", 2, undefined)],
    ]);
    expect(events.map((event) => event.type).filter((type) => type !== "usage")).toEqual([
      "message-start",
      "text-start",
      "text-delta",
      "text-end",
      "reasoning-start",
      "reasoning-signature",
      "reasoning-end",
      ...Array.from({ length: 3 }, () => ["tool-call-start", "tool-call-delta", "tool-call-end"]).flat(),
      "message-end",
    ]);
    expect(events.find((event) => event.type === "tool-call-delta" && event.index === 4)).toEqual({
      type: "tool-call-delta",
      index: 4,
      argumentsDelta: "{}",
    });
    expect(chunkEvents([chunk([{ text: "let me see" }]), chunk(parts, "STOP")])).toEqual(events);
    const body = decodeGeminiResponse(chunk([{ text: "let me see" }, ...parts], "STOP"));
    expect(body.content.map((block) => block.type)).toEqual([
      "text",
      "thinking",
      "tool-call",
      "tool-call",
      "tool-call",
    ]);
    expect(body.content.filter((block) => block.type === "tool-call").map((block) => block.id)).toEqual(
      starts.map((event) => event.id),
    );
  });

  it("an error after the start ends the stream with it; a stream without finish is an error", () => {
    const broken = chunkEvents([
      chunk([{ text: "par" }]),
      { error: { code: 503, message: "down", status: "UNAVAILABLE" } },
    ]);
    expect(broken.at(-1)).toEqual({ type: "error", error: { status: 503, message: "down" } });
    const cut = chunkEvents([chunk([{ text: "par" }])]);
    expect(cut.at(-1)).toMatchObject({ type: "error", error: { status: 502 } });
    expect(chunkEvents([])).toMatchObject([{ type: "error" }]);
  });
});
