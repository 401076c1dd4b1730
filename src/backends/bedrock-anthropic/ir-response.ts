/**
 * Claude's answer on Bedrock `/invoke` (an Anthropic message JSON, reference section 4.2.2) ->
 * IR response; plus the stop-reason and usage mappings the stream decoder shares.
 * https://docs.claude.com/en/api/messages (stop_reason values, usage fields)
 */
import type { IrFinish } from "../../ir/finish-reason.js";
import type { JsonValue } from "../../ir/request.js";
import type { IrOutputBlock, IrResponse } from "../../ir/response.js";
import { emptyUsage, type IrUsage } from "../../ir/usage.js";

type Json = Record<string, unknown>;

const FINISH: Record<string, IrFinish["unified"]> = {
  end_turn: "stop",
  max_tokens: "length",
  stop_sequence: "stop-sequence",
  tool_use: "tool-calls",
  refusal: "refusal",
  pause_turn: "pause",
  model_context_window_exceeded: "length",
};

export function finishOf(stopReason: unknown): IrFinish {
  if (typeof stopReason !== "string") return { unified: "other", raw: null };
  return { unified: FINISH[stopReason] ?? "other", raw: stopReason };
}

function count(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : 0;
}

/** Anthropic `usage` -> the IR fields it carries (only the ones present). */
export function usageOf(usage: unknown): Partial<IrUsage> {
  if (usage === null || typeof usage !== "object") return {};
  const wire = usage as Json;
  const out: Partial<IrUsage> = {};
  if ("input_tokens" in wire) out.inputTokens = count(wire.input_tokens);
  if ("output_tokens" in wire) out.outputTokens = count(wire.output_tokens);
  if ("cache_read_input_tokens" in wire) out.cacheReadTokens = count(wire.cache_read_input_tokens);
  if ("cache_creation_input_tokens" in wire) out.cacheWriteTokens = count(wire.cache_creation_input_tokens);
  return out;
}

function block(wire: Json): IrOutputBlock | undefined {
  switch (wire.type) {
    case "text":
      return { type: "text", text: typeof wire.text === "string" ? wire.text : "" };
    case "thinking":
      return {
        type: "thinking",
        text: typeof wire.thinking === "string" ? wire.thinking : "",
        ...(typeof wire.signature === "string" && wire.signature !== "" ? { signature: wire.signature } : {}),
      };
    case "redacted_thinking":
      return typeof wire.data === "string" ? { type: "redacted-thinking", data: wire.data } : undefined;
    case "tool_use":
      return {
        type: "tool-call",
        id: String(wire.id),
        name: String(wire.name),
        input: (wire.input ?? {}) as JsonValue,
      };
    default:
      // Server-tool blocks and citations-only content have no IR equivalent for chat clients.
      return undefined;
  }
}

export function fromAnthropicMessage(message: Json): IrResponse {
  const content = Array.isArray(message.content) ? (message.content as unknown[]) : [];
  return {
    id: typeof message.id === "string" ? message.id : "",
    model: typeof message.model === "string" ? message.model : "",
    content: content
      .filter((item): item is Json => item !== null && typeof item === "object")
      .map(block)
      .filter((item) => item !== undefined),
    finish: finishOf(message.stop_reason),
    stopSequence: typeof message.stop_sequence === "string" ? message.stop_sequence : null,
    usage: { ...emptyUsage(), ...usageOf(message.usage) },
  };
}
