/**
 * Anthropic stream events (out of either Bedrock framing, `stream-events.ts`) -> IR stream
 * events, as a `StreamTranslator`: typed state plus a pure step. Usage comes from `message_start`
 * (input and cache counts) and `message_delta` (output); `message_stop` ends the message.
 * Bedrock exceptions and Anthropic `error` events become IR `error` events; a stream that ends
 * before the message does is an error too, after its open blocks are closed.
 * https://docs.claude.com/en/docs/build-with-claude/streaming
 */
import type { IrFinish } from "../../ir/finish-reason.js";
import type { IrStreamEvent } from "../../ir/stream-events.js";
import type { StreamTranslator } from "../../ir/stream-translator.js";
import { emptyUsage, mergeUsage, type IrUsage } from "../../ir/usage.js";
import { finishOf, usageOf } from "./ir-response.js";
import {
  bedrockExceptionStatus,
  type BedrockStreamException,
  type BedrockStreamItem,
} from "./stream-events.js";

type Json = Record<string, unknown>;
type BlockKind = "text" | "reasoning" | "tool-call";

export interface BedrockStreamState {
  /** Open blocks by Anthropic index -> kind and IR index. */
  open: Map<number, { kind: BlockKind; index: number }>;
  nextIndex: number;
  usage: IrUsage;
  finish: IrFinish | null;
  stopSequence: string | null;
  /** `message-end` or `error` was emitted; nothing follows. */
  done: boolean;
}

const ERROR_STATUS: Record<string, number> = {
  rate_limit_error: 429,
  overloaded_error: 529,
  invalid_request_error: 400,
  request_too_large: 413,
  api_error: 500,
};

function object(value: unknown): Json {
  return value !== null && typeof value === "object" ? (value as Json) : {};
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function closeAll(state: BedrockStreamState): IrStreamEvent[] {
  const out: IrStreamEvent[] = [];
  for (const { kind, index } of [...state.open.values()].sort((a, b) => a.index - b.index)) {
    out.push({ type: `${kind}-end`, index });
  }
  state.open.clear();
  return out;
}

function startBlock(state: BedrockStreamState, event: Json): IrStreamEvent[] {
  const block = object(event.content_block);
  const anthropicIndex = Number(event.index);
  const index = state.nextIndex;
  const open = (kind: BlockKind) => {
    state.open.set(anthropicIndex, { kind, index });
    state.nextIndex += 1;
  };
  switch (block.type) {
    case "text": {
      open("text");
      const initial = text(block.text);
      return [
        { type: "text-start", index },
        ...(initial ? [{ type: "text-delta" as const, index, text: initial }] : []),
      ];
    }
    case "thinking": {
      open("reasoning");
      const out: IrStreamEvent[] = [{ type: "reasoning-start", index }];
      if (text(block.thinking)) out.push({ type: "reasoning-delta", index, text: text(block.thinking) });
      if (text(block.signature))
        out.push({ type: "reasoning-signature", index, signature: text(block.signature) });
      return out;
    }
    case "redacted_thinking":
      state.nextIndex += 1;
      return [{ type: "redacted-reasoning", index, data: text(block.data) }];
    case "tool_use": {
      open("tool-call");
      const input = object(block.input);
      const out: IrStreamEvent[] = [
        { type: "tool-call-start", index, id: text(block.id), name: text(block.name) },
      ];
      if (Object.keys(input).length > 0)
        out.push({ type: "tool-call-delta", index, argumentsDelta: JSON.stringify(input) });
      return out;
    }
    default:
      return [];
  }
}

function delta(state: BedrockStreamState, event: Json): IrStreamEvent[] {
  const block = state.open.get(Number(event.index));
  if (!block) return [];
  const { index } = block;
  const wire = object(event.delta);
  switch (wire.type) {
    case "text_delta":
      return text(wire.text) ? [{ type: "text-delta", index, text: text(wire.text) }] : [];
    case "thinking_delta":
      return text(wire.thinking) ? [{ type: "reasoning-delta", index, text: text(wire.thinking) }] : [];
    case "signature_delta":
      return [{ type: "reasoning-signature", index, signature: text(wire.signature) }];
    case "input_json_delta":
      return text(wire.partial_json)
        ? [{ type: "tool-call-delta", index, argumentsDelta: text(wire.partial_json) }]
        : [];
    default:
      return [];
  }
}

function stopBlock(state: BedrockStreamState, event: Json): IrStreamEvent[] {
  const anthropicIndex = Number(event.index);
  const block = state.open.get(anthropicIndex);
  if (!block) return [];
  state.open.delete(anthropicIndex);
  return [{ type: `${block.kind}-end`, index: block.index }];
}

function end(state: BedrockStreamState, event: Json): IrStreamEvent[] {
  // Bedrock's own counts fill what the Anthropic events did not report.
  const metrics = object(event["amazon-bedrock-invocationMetrics"]);
  if (state.usage.inputTokens === 0 && typeof metrics.inputTokenCount === "number")
    state.usage.inputTokens = metrics.inputTokenCount;
  if (state.usage.outputTokens === 0 && typeof metrics.outputTokenCount === "number")
    state.usage.outputTokens = metrics.outputTokenCount;
  state.done = true;
  return [
    ...closeAll(state),
    {
      type: "message-end",
      finish: state.finish ?? { unified: "other", raw: null },
      stopSequence: state.stopSequence,
      usage: { ...state.usage },
    },
  ];
}

function failure(state: BedrockStreamState, status: number, message: string): IrStreamEvent[] {
  state.done = true;
  return [{ type: "error", error: { status, message } }];
}

function step(state: BedrockStreamState, item: BedrockStreamItem): IrStreamEvent[] {
  if (state.done) return [];
  const event = item as Json;
  switch (item.type) {
    case "bedrock-exception": {
      const exception = item as BedrockStreamException;
      return failure(state, bedrockExceptionStatus(exception.exceptionType), exception.message);
    }
    case "message_start": {
      const message = object(event.message);
      state.usage = mergeUsage(state.usage, usageOf(message.usage));
      return [
        {
          type: "message-start",
          id: text(message.id),
          model: text(message.model),
          usage: { ...state.usage },
        },
      ];
    }
    case "content_block_start":
      return startBlock(state, event);
    case "content_block_delta":
      return delta(state, event);
    case "content_block_stop":
      return stopBlock(state, event);
    case "message_delta": {
      const wire = object(event.delta);
      if (wire.stop_reason !== undefined && wire.stop_reason !== null)
        state.finish = finishOf(wire.stop_reason);
      if (typeof wire.stop_sequence === "string") state.stopSequence = wire.stop_sequence;
      const usage = usageOf(event.usage);
      state.usage = mergeUsage(state.usage, usage);
      return Object.keys(usage).length > 0 ? [{ type: "usage", usage }] : [];
    }
    case "message_stop":
      return end(state, event);
    case "error": {
      const error = object(event.error);
      const message = text(error.message) || "The model reported an error";
      return failure(state, ERROR_STATUS[text(error.type)] ?? 500, message);
    }
    default:
      return [];
  }
}

export const bedrockStreamTranslator: StreamTranslator<BedrockStreamItem, IrStreamEvent, BedrockStreamState> =
  {
    initial: () => ({
      open: new Map(),
      nextIndex: 0,
      usage: emptyUsage(),
      finish: null,
      stopSequence: null,
      done: false,
    }),
    step,
    finish(state) {
      if (state.done) return [];
      // A stream cut after `message_delta` still carries the whole answer; before it, it does not.
      if (state.finish) return end(state, {});
      return [
        ...closeAll(state),
        ...failure(state, 502, "The upstream stream ended before the message was complete"),
      ];
    },
  };
