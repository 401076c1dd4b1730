/**
 * IR response -> Anthropic Messages response JSON (https://docs.claude.com/en/api/messages):
 * `msg_...` id, the model name the client asked for, text / thinking / tool_use blocks, the stop
 * reason and usage. Tool-call ids are kept as the upstream made them (`call_...`), so the
 * `tool_result` the client sends back names the id the upstream expects.
 */
import type { IrOutputBlock, IrResponse } from "../../ir/response.js";
import type { JsonValue } from "../../ir/request.js";
import {
  anthropicMessageId,
  anthropicStopReason,
  anthropicUsage,
  SYNTHETIC_THINKING_SIGNATURE,
  type AnthropicStopReason,
  type AnthropicUsage,
} from "./ir-wire.js";

export type AnthropicContentBlock =
  | { type: "text"; text: string }
  | { type: "thinking"; thinking: string; signature: string }
  | { type: "redacted_thinking"; data: string }
  | { type: "tool_use"; id: string; name: string; input: JsonValue };

export interface AnthropicMessage {
  id: string;
  type: "message";
  role: "assistant";
  model: string;
  content: AnthropicContentBlock[];
  stop_reason: AnthropicStopReason;
  stop_sequence: string | null;
  usage: AnthropicUsage;
}

export interface AnthropicEncodeOptions {
  /** The model name the client sent (not the upstream's). */
  model: string;
}

function block(output: IrOutputBlock): AnthropicContentBlock {
  switch (output.type) {
    case "text":
      return { type: "text", text: output.text };
    case "thinking":
      return {
        type: "thinking",
        thinking: output.text,
        signature: output.signature ?? SYNTHETIC_THINKING_SIGNATURE,
      };
    case "redacted-thinking":
      return { type: "redacted_thinking", data: output.data };
    case "tool-call":
      return { type: "tool_use", id: output.id, name: output.name, input: output.input };
  }
}

export function encodeAnthropicMessage(
  response: IrResponse,
  options: AnthropicEncodeOptions,
): AnthropicMessage {
  return {
    id: anthropicMessageId(response.id),
    type: "message",
    role: "assistant",
    model: options.model,
    content: response.content.map(block),
    stop_reason: anthropicStopReason(response.finish),
    stop_sequence: response.stopSequence,
    usage: anthropicUsage(response.usage),
  };
}
