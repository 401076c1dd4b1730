/**
 * What the azure-openai JSON and stream decoders share: finish reasons and usage in the IR's
 * terms (https://platform.openai.com/docs/api-reference/chat/object). OpenAI's `prompt_tokens`
 * includes cached tokens; the IR's `inputTokens` does not.
 */
import { isJsonObject } from "../../ir/json.js";
import type { IrFinish, IrFinishReason } from "../../ir/finish-reason.js";
import type { JsonObject } from "../../ir/request.js";
import type { IrUsage } from "../../ir/usage.js";

const FINISH: Record<string, IrFinishReason> = {
  stop: "stop",
  length: "length",
  tool_calls: "tool-calls",
  function_call: "tool-calls",
  content_filter: "content-filter",
};

/**
 * A forced function call (`tool_choice: {type: "function"}`) finishes with `stop` although the
 * reply is a tool call; a refusal finishes with `stop` too. Both are told apart here.
 */
export function azureFinish(raw: string | null, hasToolCalls: boolean, refused: boolean): IrFinish {
  let unified: IrFinishReason = raw === null ? "other" : (FINISH[raw] ?? "other");
  if (unified === "stop" && hasToolCalls) unified = "tool-calls";
  if (unified === "stop" && refused) unified = "refusal";
  return { unified, raw };
}

function count(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

export function azureUsage(usage: JsonObject): IrUsage {
  const prompt = isJsonObject(usage.prompt_tokens_details) ? usage.prompt_tokens_details : {};
  const completion = isJsonObject(usage.completion_tokens_details) ? usage.completion_tokens_details : {};
  const cached = count(prompt.cached_tokens);
  return {
    inputTokens: Math.max(0, count(usage.prompt_tokens) - cached),
    outputTokens: count(usage.completion_tokens),
    cacheReadTokens: cached,
    cacheWriteTokens: 0,
    reasoningTokens: count(completion.reasoning_tokens),
  };
}
