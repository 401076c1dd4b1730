/**
 * IR response -> OpenAI `chat.completion` JSON
 * (https://platform.openai.com/docs/api-reference/chat/object): text in `message.content`,
 * thinking text in `message.reasoning_content` (the field Cline, Cherry Studio and Open WebUI
 * read), tool calls with ids and JSON-text arguments, finish reasons, and usage where
 * `prompt_tokens` counts everything read (uncached + cache reads + cache writes) and
 * `cached_tokens` the cache reads. Finish and usage mappings are shared with the stream encoder.
 */
import type { IrFinish } from "../../ir/finish-reason.js";
import type { JsonObject } from "../../ir/request.js";
import type { IrResponse } from "../../ir/response.js";
import { totalInputTokens, type IrUsage } from "../../ir/usage.js";

export interface CompletionMeta {
  /** `chatcmpl-...`, the same on every chunk of a stream. */
  id: string;
  /** Unix seconds. */
  created: number;
  /** The model name the client asked for. */
  model: string;
}

export function completionId(upstreamId: string): string {
  const suffix = upstreamId.replace(/^(msg_|chatcmpl-)/, "");
  return `chatcmpl-${suffix || Math.random().toString(36).slice(2)}`;
}

export function openAiFinishReason(finish: IrFinish): string {
  switch (finish.unified) {
    case "length":
      return "length";
    case "tool-calls":
      return "tool_calls";
    case "content-filter":
    case "refusal":
      return "content_filter";
    default:
      return "stop";
  }
}

export function openAiUsage(usage: IrUsage): JsonObject {
  const prompt = totalInputTokens(usage);
  return {
    prompt_tokens: prompt,
    completion_tokens: usage.outputTokens,
    total_tokens: prompt + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: usage.cacheReadTokens },
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens },
  };
}

export function toChatCompletion(response: IrResponse, meta: CompletionMeta): JsonObject {
  let text = "";
  let reasoning = "";
  const toolCalls: JsonObject[] = [];
  for (const block of response.content) {
    if (block.type === "text") text += block.text;
    else if (block.type === "thinking") reasoning += block.text;
    else if (block.type === "tool-call") {
      toolCalls.push({
        id: block.id,
        type: "function",
        function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) },
      });
    }
  }
  const message: JsonObject = {
    role: "assistant",
    content: text === "" && toolCalls.length > 0 ? null : text,
    refusal: null,
    ...(reasoning ? { reasoning_content: reasoning } : {}),
    ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
  };
  return {
    id: meta.id,
    object: "chat.completion",
    created: meta.created,
    model: meta.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: openAiFinishReason(response.finish) }],
    usage: openAiUsage(response.usage),
  };
}
