/**
 * IR stream events -> Anthropic Messages SSE frames, as a `StreamTranslator` (contract in
 * reference section 3.1; https://docs.claude.com/en/docs/build-with-claude/streaming):
 * `message_start` with a non-zero input count (the upstream's, or the caller's estimate when the
 * upstream reports usage only at the end, as OpenAI does), blocks numbered contiguously in the
 * order they start (`text_delta`, `thinking_delta` + `signature_delta`, `input_json_delta`),
 * `message_delta` with the stop reason and the final usage, `message_stop`. Thinking blocks
 * without an upstream signature get a synthetic one (section 4 item 13). An IR `error` becomes
 * `event: error` and ends the stream; so does an IR stream that ends without `message-end`.
 */
import type { IrStreamError, IrStreamEvent } from "../../ir/stream-events.js";
import type { StreamTranslator } from "../../ir/stream-translator.js";
import { emptyUsage, mergeUsage, totalInputTokens, type IrUsage } from "../../ir/usage.js";
import { anthropicErrorType } from "./errors.js";
import {
  anthropicMessageId,
  anthropicSseFrame,
  anthropicStopReason,
  SYNTHETIC_THINKING_SIGNATURE,
} from "./ir-wire.js";

export interface AnthropicStreamOptions {
  /** The model name the client sent. */
  model: string;
  /**
   * Input tokens for `message_start` when the upstream's count is not known yet; a function is
   * called only then (the estimate costs milliseconds on a large Claude Code request).
   */
  estimatedInputTokens?: number | (() => number);
}

interface BlockState {
  index: number;
  kind: "text" | "thinking" | "tool_use" | "redacted_thinking";
  open: boolean;
  signed: boolean;
}

export interface AnthropicStreamState {
  started: boolean;
  done: boolean;
  nextIndex: number;
  /** IR block index -> Anthropic block. */
  blocks: Map<number, BlockState>;
  usage: IrUsage;
  /** The input count `message_start` announced. */
  announcedInputTokens: number;
}

type Frames = string[];

/** A keep-alive frame the route may send during long upstream silences. */
export const ANTHROPIC_PING_FRAME = anthropicSseFrame({ type: "ping" });

function errorFrame(error: IrStreamError): string {
  return anthropicSseFrame({
    type: "error",
    error: { type: anthropicErrorType(error.status), message: error.message },
  });
}

export function anthropicSseTranslator(
  options: AnthropicStreamOptions,
): StreamTranslator<IrStreamEvent, string, AnthropicStreamState> {
  const start = (state: AnthropicStreamState, out: Frames, id: string, usage: IrUsage): void => {
    state.started = true;
    state.usage = mergeUsage(state.usage, usage);
    state.announcedInputTokens =
      usage.inputTokens > 0
        ? usage.inputTokens
        : typeof options.estimatedInputTokens === "function"
          ? options.estimatedInputTokens()
          : (options.estimatedInputTokens ?? 0);
    out.push(
      anthropicSseFrame({
        type: "message_start",
        message: {
          id: anthropicMessageId(id),
          type: "message",
          role: "assistant",
          model: options.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: {
            input_tokens: state.announcedInputTokens,
            cache_creation_input_tokens: usage.cacheWriteTokens,
            cache_read_input_tokens: usage.cacheReadTokens,
            output_tokens: usage.outputTokens,
          },
        },
      }),
    );
  };

  const ensureStarted = (state: AnthropicStreamState, out: Frames): void => {
    if (!state.started) start(state, out, "", emptyUsage());
  };

  const open = (
    state: AnthropicStreamState,
    out: Frames,
    irIndex: number,
    kind: BlockState["kind"],
    contentBlock: Record<string, unknown>,
  ): void => {
    ensureStarted(state, out);
    const block: BlockState = { index: state.nextIndex++, kind, open: true, signed: false };
    state.blocks.set(irIndex, block);
    out.push(
      anthropicSseFrame({ type: "content_block_start", index: block.index, content_block: contentBlock }),
    );
  };

  const delta = (
    state: AnthropicStreamState,
    out: Frames,
    irIndex: number,
    body: { type: string } & Record<string, unknown>,
  ): void => {
    const block = state.blocks.get(irIndex);
    if (!block) return;
    if (body.type === "signature_delta") block.signed = true;
    out.push(anthropicSseFrame({ type: "content_block_delta", index: block.index, delta: body }));
  };

  const close = (state: AnthropicStreamState, out: Frames, block: BlockState): void => {
    if (!block.open) return;
    if (block.kind === "thinking" && !block.signed) {
      block.signed = true;
      out.push(
        anthropicSseFrame({
          type: "content_block_delta",
          index: block.index,
          delta: { type: "signature_delta", signature: SYNTHETIC_THINKING_SIGNATURE },
        }),
      );
    }
    block.open = false;
    out.push(anthropicSseFrame({ type: "content_block_stop", index: block.index }));
  };

  const closeIr = (state: AnthropicStreamState, out: Frames, irIndex: number): void => {
    const block = state.blocks.get(irIndex);
    if (block) close(state, out, block);
  };

  const fail = (state: AnthropicStreamState, error: IrStreamError): Frames => {
    state.done = true;
    return [errorFrame(error)];
  };

  return {
    initial: () => ({
      started: false,
      done: false,
      nextIndex: 0,
      blocks: new Map(),
      usage: emptyUsage(),
      announcedInputTokens: 0,
    }),

    step(state, event) {
      if (state.done) return [];
      const out: Frames = [];
      switch (event.type) {
        case "message-start":
          if (!state.started) start(state, out, event.id, event.usage);
          break;
        case "text-start":
          open(state, out, event.index, "text", { type: "text", text: "" });
          break;
        case "text-delta":
          if (event.text !== "") delta(state, out, event.index, { type: "text_delta", text: event.text });
          break;
        case "reasoning-start":
          open(state, out, event.index, "thinking", { type: "thinking", thinking: "", signature: "" });
          break;
        case "reasoning-delta":
          if (event.text !== "")
            delta(state, out, event.index, { type: "thinking_delta", thinking: event.text });
          break;
        case "reasoning-signature":
          delta(state, out, event.index, { type: "signature_delta", signature: event.signature });
          break;
        case "redacted-reasoning":
          open(state, out, event.index, "redacted_thinking", { type: "redacted_thinking", data: event.data });
          closeIr(state, out, event.index);
          break;
        case "tool-call-start":
          open(state, out, event.index, "tool_use", {
            type: "tool_use",
            id: event.id,
            name: event.name,
            input: {},
          });
          break;
        case "tool-call-delta":
          if (event.argumentsDelta !== "")
            delta(state, out, event.index, { type: "input_json_delta", partial_json: event.argumentsDelta });
          break;
        case "text-end":
        case "reasoning-end":
        case "tool-call-end":
          closeIr(state, out, event.index);
          break;
        case "usage":
          state.usage = mergeUsage(state.usage, event.usage);
          break;
        case "message-end": {
          ensureStarted(state, out);
          for (const block of [...state.blocks.values()].sort((a, b) => a.index - b.index))
            close(state, out, block);
          const usage = mergeUsage(state.usage, event.usage);
          state.done = true;
          out.push(
            anthropicSseFrame({
              type: "message_delta",
              delta: { stop_reason: anthropicStopReason(event.finish), stop_sequence: event.stopSequence },
              usage: {
                input_tokens: totalInputTokens(usage) > 0 ? usage.inputTokens : state.announcedInputTokens,
                cache_creation_input_tokens: usage.cacheWriteTokens,
                cache_read_input_tokens: usage.cacheReadTokens,
                output_tokens: usage.outputTokens,
              },
            }),
            anthropicSseFrame({ type: "message_stop" }),
          );
          break;
        }
        case "error":
          return [...out, ...fail(state, event.error)];
      }
      return out;
    },

    finish(state) {
      if (state.done) return [];
      return fail(state, {
        status: 502,
        message: "the upstream stream ended before the response was complete",
      });
    },
  };
}
