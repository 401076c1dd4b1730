// Claude answers -> IR -> OpenAI chat (pure, no I/O): the Bedrock stream translator's IR events,
// the exact chunk frames OpenAI clients get, stream failures, and the non-streaming mapping.
import { describe, expect, it } from "vitest";
import { fromAnthropicMessage } from "../../src/backends/bedrock-anthropic/ir-response.js";
import { bedrockStreamTranslator } from "../../src/backends/bedrock-anthropic/ir-stream.js";
import type { BedrockStreamItem } from "../../src/backends/bedrock-anthropic/stream-events.js";
import { toChatCompletion } from "../../src/frontends/openai-chat/ir-response.js";
import { openAiChunkTranslator } from "../../src/frontends/openai-chat/ir-stream.js";
import type { IrStreamEvent } from "../../src/ir/stream-events.js";
import { translateAll } from "../../src/ir/stream-translator.js";
import { CLAUDE_EVENTS } from "./claude-stream-fixture.js";

const meta = { id: "chatcmpl-test", created: 1_700_000_000, model: "anthropic--claude-4.5-sonnet" };
const items = CLAUDE_EVENTS as BedrockStreamItem[];

function chunks(events: IrStreamEvent[], includeUsage = true): string[] {
  return translateAll(openAiChunkTranslator({ meta, includeUsage }), events);
}

/** The frame OpenAI sends for one delta. */
function frame(delta: object, finish: string | null = null, usage = true): string {
  const body = {
    id: "chatcmpl-test",
    object: "chat.completion.chunk",
    created: 1_700_000_000,
    model: "anthropic--claude-4.5-sonnet",
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    ...(usage ? { usage: null } : {}),
  };
  return `data: ${JSON.stringify(body)}\n\n`;
}

describe("bedrockStreamTranslator", () => {
  it("turns Anthropic events into IR events with usage and finish", () => {
    const usage = {
      inputTokens: 20,
      outputTokens: 1,
      cacheReadTokens: 1500,
      cacheWriteTokens: 100,
      reasoningTokens: 0,
    };
    expect(translateAll(bedrockStreamTranslator, items)).toEqual([
      { type: "message-start", id: "msg_bdrk_01ABC", model: "claude-sonnet-4-5-20250929", usage },
      { type: "reasoning-start", index: 0 },
      { type: "reasoning-delta", index: 0, text: "Let me " },
      { type: "reasoning-delta", index: 0, text: "check." },
      { type: "reasoning-signature", index: 0, signature: "EqQBCkYIBxgCKkA=" },
      { type: "reasoning-end", index: 0 },
      { type: "text-start", index: 1 },
      { type: "text-delta", index: 1, text: "Prüfe " },
      { type: "text-delta", index: 1, text: "das Wetter ☀️." },
      { type: "text-end", index: 1 },
      { type: "tool-call-start", index: 2, id: "toolu_bdrk_01", name: "get_weather" },
      { type: "tool-call-delta", index: 2, argumentsDelta: '{"city": ' },
      { type: "tool-call-delta", index: 2, argumentsDelta: '"Zürich"}' },
      { type: "tool-call-end", index: 2 },
      { type: "tool-call-start", index: 3, id: "toolu_bdrk_02", name: "get_time" },
      { type: "tool-call-end", index: 3 },
      { type: "usage", usage: { outputTokens: 42 } },
      {
        type: "message-end",
        finish: { unified: "tool-calls", raw: "tool_use" },
        stopSequence: null,
        usage: { ...usage, outputTokens: 42 },
      },
    ]);
  });

  it("maps Bedrock exceptions and Anthropic errors to IR errors and ignores what follows", () => {
    const exception = (exceptionType: string): BedrockStreamItem => ({
      type: "bedrock-exception",
      exceptionType,
      message: "m",
    });
    const statusOf = (item: BedrockStreamItem) => {
      const [event] = translateAll(bedrockStreamTranslator, [item, ...items]);
      return event?.type === "error" ? event.error.status : undefined;
    };
    expect(statusOf(exception("throttlingException"))).toBe(429);
    expect(statusOf(exception("serviceUnavailableException"))).toBe(503);
    expect(statusOf(exception("modelStreamErrorException"))).toBe(500);
    expect(statusOf({ type: "error", error: { type: "overloaded_error", message: "busy" } })).toBe(529);
    expect(translateAll(bedrockStreamTranslator, [exception("throttlingException"), ...items])).toHaveLength(
      1,
    );
  });

  it("closes open blocks and reports an error when the stream ends early", () => {
    const cut = translateAll(bedrockStreamTranslator, items.slice(0, 8));
    expect(cut.slice(-3)).toEqual([
      { type: "text-delta", index: 1, text: "Prüfe " },
      { type: "text-end", index: 1 },
      {
        type: "error",
        error: { status: 502, message: "The upstream stream ended before the message was complete" },
      },
    ]);
    // Cut after message_delta: the answer is complete.
    expect(translateAll(bedrockStreamTranslator, items.slice(0, -1)).at(-1)).toMatchObject({
      type: "message-end",
    });
  });
});

describe("openAiChunkTranslator", () => {
  const ir = translateAll(bedrockStreamTranslator, items);

  it("writes OpenAI chunks: role first, reasoning_content, content, incremental tool calls, finish, usage, [DONE]", () => {
    expect(chunks(ir)).toEqual([
      frame({ role: "assistant", content: "" }),
      frame({ reasoning_content: "Let me " }),
      frame({ reasoning_content: "check." }),
      frame({ content: "Prüfe " }),
      frame({ content: "das Wetter ☀️." }),
      frame({
        tool_calls: [
          {
            index: 0,
            id: "toolu_bdrk_01",
            type: "function",
            function: { name: "get_weather", arguments: "" },
          },
        ],
      }),
      frame({ tool_calls: [{ index: 0, function: { arguments: '{"city": ' } }] }),
      frame({ tool_calls: [{ index: 0, function: { arguments: '"Zürich"}' } }] }),
      frame({
        tool_calls: [
          { index: 1, id: "toolu_bdrk_02", type: "function", function: { name: "get_time", arguments: "" } },
        ],
      }),
      frame({ tool_calls: [{ index: 1, function: { arguments: "{}" } }] }),
      frame({}, "tool_calls"),
      `data: ${JSON.stringify({
        id: "chatcmpl-test",
        object: "chat.completion.chunk",
        created: 1_700_000_000,
        model: "anthropic--claude-4.5-sonnet",
        choices: [],
        usage: {
          prompt_tokens: 1620,
          completion_tokens: 42,
          total_tokens: 1662,
          prompt_tokens_details: { cached_tokens: 1500 },
          completion_tokens_details: { reasoning_tokens: 0 },
        },
      })}\n\n`,
      "data: [DONE]\n\n",
    ]);
  });

  it("leaves usage out unless asked", () => {
    const out = chunks(ir, false);
    expect(out.at(-2)).toBe(frame({}, "tool_calls", false));
    expect(out.every((line) => !line.includes('"usage"'))).toBe(true);
  });

  it("ends with an OpenAI error frame and no [DONE] on an IR error or a cut stream", () => {
    const failed = chunks([
      ...ir.slice(0, 4),
      { type: "error", error: { status: 429, message: "slow down" } },
    ]);
    expect(failed.at(-1)).toBe(
      `data: ${JSON.stringify({ error: { message: "slow down", type: "rate_limit_error", param: null, code: "upstream_error" } })}\n\n`,
    );
    expect(failed).not.toContain("data: [DONE]\n\n");
    const cut = chunks(ir.slice(0, 4));
    expect(JSON.parse(cut.at(-1)!.slice(6))).toMatchObject({ error: { type: "api_error" } });
  });
});

describe("non-streaming answers", () => {
  it("maps an Anthropic message to a chat.completion", () => {
    const answer = fromAnthropicMessage({
      id: "msg_bdrk_01",
      type: "message",
      role: "assistant",
      model: "claude-sonnet-4-5-20250929",
      content: [
        { type: "thinking", thinking: "Hmm.", signature: "sig" },
        { type: "text", text: "Calling." },
        { type: "tool_use", id: "toolu_1", name: "get_weather", input: { city: "Rome" } },
      ],
      stop_reason: "tool_use",
      stop_sequence: null,
      usage: {
        input_tokens: 10,
        output_tokens: 30,
        cache_read_input_tokens: 5,
        cache_creation_input_tokens: 0,
      },
    });
    expect(answer.content[0]).toEqual({ type: "thinking", text: "Hmm.", signature: "sig" });
    expect(toChatCompletion(answer, meta)).toEqual({
      id: "chatcmpl-test",
      object: "chat.completion",
      created: 1_700_000_000,
      model: "anthropic--claude-4.5-sonnet",
      choices: [
        {
          index: 0,
          message: {
            role: "assistant",
            content: "Calling.",
            refusal: null,
            reasoning_content: "Hmm.",
            tool_calls: [
              {
                id: "toolu_1",
                type: "function",
                function: { name: "get_weather", arguments: '{"city":"Rome"}' },
              },
            ],
          },
          logprobs: null,
          finish_reason: "tool_calls",
        },
      ],
      usage: {
        prompt_tokens: 15,
        completion_tokens: 30,
        total_tokens: 45,
        prompt_tokens_details: { cached_tokens: 5 },
        completion_tokens_details: { reasoning_tokens: 0 },
      },
    });
  });

  it("maps stop reasons to OpenAI finish reasons", () => {
    const finish = (stop_reason: string) =>
      (
        toChatCompletion(fromAnthropicMessage({ content: [], stop_reason }), meta).choices as {
          finish_reason: string;
        }[]
      )[0]!.finish_reason;
    expect(
      ["end_turn", "max_tokens", "stop_sequence", "tool_use", "refusal", "pause_turn"].map(finish),
    ).toEqual(["stop", "length", "stop", "tool_calls", "content_filter", "stop"]);
  });
});
