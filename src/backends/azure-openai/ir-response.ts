/**
 * azure-openai `chat.completion` JSON -> IR response (https://platform.openai.com/docs/api-reference/chat/object):
 * the first choice's `reasoning_content` (when an upstream sends one), text (or refusal) and tool
 * calls with parsed arguments, the finish reason and usage with cached and reasoning tokens.
 */
import { isJsonObject } from "../../ir/json.js";
import { ProxyError } from "../../errors/proxy-error.js";
import type { IrOutputBlock, IrResponse } from "../../ir/response.js";
import type { JsonValue } from "../../ir/request.js";
import { emptyUsage } from "../../ir/usage.js";
import { azureFinish, azureUsage } from "./ir-common.js";

function malformed(what: string): ProxyError {
  return new ProxyError("upstream_error", 502, `malformed azure-openai chat completion: ${what}`);
}

/** Arguments are a JSON object in text; anything else (a truncated reply) becomes `{}`. */
export function parseToolArguments(text: string): JsonValue {
  try {
    const parsed = JSON.parse(text === "" ? "{}" : text) as JsonValue;
    return isJsonObject(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

export function decodeAzureChatCompletion(body: unknown): IrResponse {
  if (!isJsonObject(body)) throw malformed("not a JSON object");
  const choice = Array.isArray(body.choices) ? body.choices[0] : undefined;
  if (!isJsonObject(choice) || !isJsonObject(choice.message)) throw malformed("no choices[0].message");
  const message = choice.message;
  const content: IrOutputBlock[] = [];
  if (typeof message.reasoning_content === "string" && message.reasoning_content !== "")
    content.push({ type: "thinking", text: message.reasoning_content });
  const refusal = typeof message.refusal === "string" && message.refusal !== "" ? message.refusal : undefined;
  const text = typeof message.content === "string" && message.content !== "" ? message.content : refusal;
  if (text !== undefined) content.push({ type: "text", text });
  const calls = Array.isArray(message.tool_calls) ? message.tool_calls : [];
  for (const [index, call] of calls.entries()) {
    if (!isJsonObject(call) || !isJsonObject(call.function)) throw malformed(`tool_calls[${index}]`);
    const { name, arguments: args } = call.function;
    if (typeof name !== "string") throw malformed(`tool_calls[${index}].function.name`);
    content.push({
      type: "tool-call",
      id: typeof call.id === "string" ? call.id : `call_${index}`,
      name,
      input: parseToolArguments(typeof args === "string" ? args : ""),
    });
  }
  const raw = typeof choice.finish_reason === "string" ? choice.finish_reason : null;
  return {
    id: typeof body.id === "string" ? body.id : "",
    model: typeof body.model === "string" ? body.model : "",
    content,
    finish: azureFinish(raw, calls.length > 0, text !== undefined && text === refusal),
    stopSequence: null,
    usage: isJsonObject(body.usage) ? azureUsage(body.usage) : emptyUsage(),
  };
}
