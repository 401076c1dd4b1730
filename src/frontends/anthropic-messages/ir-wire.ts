/**
 * Pieces of the Anthropic Messages wire format that the IR encoders share
 * (https://docs.claude.com/en/api/messages, https://docs.claude.com/en/docs/build-with-claude/streaming):
 * stop reasons, usage, message ids, SSE frames and the signature given to thinking blocks that a
 * non-Claude model produced. Error types come from `errors.ts`, shared with the passthrough route.
 */
import { UNSIGNED_THINKING_SIGNATURE } from "../../ir/gateway-signatures.js";
import type { IrFinish } from "../../ir/finish-reason.js";
import type { IrUsage } from "../../ir/usage.js";

export type AnthropicStopReason =
  "end_turn" | "max_tokens" | "stop_sequence" | "tool_use" | "pause_turn" | "refusal";

export interface AnthropicUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

export function anthropicStopReason(finish: IrFinish): AnthropicStopReason {
  switch (finish.unified) {
    case "length":
      return "max_tokens";
    case "tool-calls":
      return "tool_use";
    case "stop-sequence":
      return "stop_sequence";
    case "content-filter":
    case "refusal":
      return "refusal";
    case "pause":
      return "pause_turn";
    default:
      return "end_turn";
  }
}

export function anthropicUsage(usage: IrUsage): AnthropicUsage {
  return {
    input_tokens: usage.inputTokens,
    output_tokens: usage.outputTokens,
    cache_creation_input_tokens: usage.cacheWriteTokens,
    cache_read_input_tokens: usage.cacheReadTokens,
  };
}

/** `msg_...` ids; an upstream `chatcmpl-...` id keeps its random part. */
export function anthropicMessageId(id: string): string {
  if (id.startsWith("msg_")) return id;
  const rest = id.replace(/^chatcmpl-/, "").replace(/[^A-Za-z0-9_-]/g, "");
  return `msg_${rest || Date.now().toString(36)}`;
}

/**
 * Thinking blocks from models that do not sign them still need a signature: Claude Code drops
 * unsigned thinking blocks (reference section 4 item 13). This marker is recognisable, so a
 * Claude backend can drop such blocks instead of forwarding a signature Claude would reject.
 */
export const SYNTHETIC_THINKING_SIGNATURE = UNSIGNED_THINKING_SIGNATURE;

/** One SSE frame: an `event:` line equal to the data's `type`, then the JSON data. */
export function anthropicSseFrame(data: { type: string } & Record<string, unknown>): string {
  return `event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`;
}
