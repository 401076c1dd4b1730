/**
 * OpenAI chat completions body -> canonical IR request
 * (https://platform.openai.com/docs/api-reference/chat/create). Translated fields are type-checked
 * (OpenAI-shaped 400s with `param`); `reasoning_effort` / `reasoning.effort` (and an
 * Anthropic-style `thinking` object some clients send) become IR reasoning; fields the IR does not
 * model are kept in `extensions.openai`.
 */
import { isJsonObject } from "../../ir/json.js";
import type {
  IrReasoning,
  IrReasoningEffort,
  IrRequest,
  IrResponseFormat,
  IrTool,
  IrToolChoice,
  JsonObject,
} from "../../ir/request.js";
import { invalid, objectAt, optionalBoolean, optionalNumber, optionalString, stringAt } from "./ir-checks.js";
import { decodeMessages, type MessageDecodeOptions } from "./ir-messages.js";

export interface DecodedChatRequest {
  request: IrRequest;
  /** `stream_options.include_usage`: the client wants the final usage chunk. */
  includeUsage: boolean;
}

const TRANSLATED = new Set([
  "model",
  "messages",
  "stream",
  "stream_options",
  "tools",
  "tool_choice",
  "parallel_tool_calls",
  "max_tokens",
  "max_completion_tokens",
  "temperature",
  "top_p",
  "top_k",
  "stop",
  "reasoning_effort",
  "reasoning",
  "thinking",
  "response_format",
  "user",
  "safety_identifier",
  "n",
]);
const EFFORTS: Record<string, IrReasoningEffort | null> = {
  none: null,
  minimal: "minimal",
  low: "low",
  medium: "medium",
  high: "high",
  xhigh: "high",
};

function tools(value: unknown): IrTool[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid("tools", "expected an array");
  return value.map((item: unknown, index): IrTool => {
    const at = `tools[${index}]`;
    const tool = objectAt(item, at);
    if (tool.type !== "function")
      throw invalid(`${at}.type`, "only function tools are supported for this model");
    const fn = objectAt(tool.function, `${at}.function`);
    const description = optionalString(fn.description, `${at}.function.description`);
    const parameters =
      fn.parameters === undefined ? {} : objectAt(fn.parameters, `${at}.function.parameters`);
    return {
      name: stringAt(fn.name, `${at}.function.name`),
      ...(description ? { description } : {}),
      inputSchema: Object.keys(parameters).length > 0 ? parameters : { type: "object", properties: {} },
    };
  });
}

function toolChoice(value: unknown, parallel: boolean | undefined): IrToolChoice | undefined {
  const disable = parallel === false ? { disableParallel: true } : {};
  if (value === undefined || value === null)
    return parallel === false ? { type: "auto", ...disable } : undefined;
  if (value === "none") return { type: "none" };
  if (value === "auto") return { type: "auto", ...disable };
  if (value === "required") return { type: "required", ...disable };
  if (isJsonObject(value) && value.type === "function") {
    const fn = objectAt(value.function, "tool_choice.function");
    return { type: "tool", name: stringAt(fn.name, "tool_choice.function.name"), ...disable };
  }
  throw invalid("tool_choice", "expected 'none', 'auto', 'required' or {type: 'function', function: {name}}");
}

function effort(value: unknown, param: string): IrReasoning | undefined {
  if (value === undefined || value === null) return undefined;
  const mapped = typeof value === "string" ? EFFORTS[value] : undefined;
  if (mapped === undefined) throw invalid(param, `expected one of ${Object.keys(EFFORTS).join(", ")}`);
  return mapped === null ? { enabled: false } : { enabled: true, effort: mapped };
}

function reasoning(body: JsonObject): IrReasoning | undefined {
  const fromEffort =
    effort(body.reasoning_effort, "reasoning_effort") ??
    (isJsonObject(body.reasoning) ? effort(body.reasoning.effort, "reasoning.effort") : undefined);
  if (fromEffort) return fromEffort;
  if (!isJsonObject(body.thinking)) return undefined;
  if (body.thinking.type === "disabled") return { enabled: false };
  const budget = optionalNumber(body.thinking.budget_tokens, "thinking.budget_tokens", {
    min: 1,
    max: 1_000_000,
    integer: true,
  });
  return budget === undefined ? { enabled: true } : { enabled: true, budgetTokens: budget };
}

function responseFormat(value: unknown): IrResponseFormat | undefined {
  if (value === undefined || value === null) return undefined;
  const format = objectAt(value, "response_format");
  if (format.type === "text") return undefined;
  if (format.type === "json_object") return { type: "json" };
  if (format.type !== "json_schema")
    throw invalid("response_format.type", "expected 'text', 'json_object' or 'json_schema'");
  const spec = objectAt(format.json_schema, "response_format.json_schema");
  const name = optionalString(spec.name, "response_format.json_schema.name");
  const schema =
    spec.schema === undefined ? undefined : objectAt(spec.schema, "response_format.json_schema.schema");
  return { type: "json", ...(schema ? { schema } : {}), ...(name ? { name } : {}) };
}

function stops(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.map((item: unknown, index) => stringAt(item, `stop[${index}]`));
  throw invalid("stop", "expected a string or an array of strings");
}

export function decodeChatRequest(body: JsonObject, options: MessageDecodeOptions = {}): DecodedChatRequest {
  const model = stringAt(body.model, "model");
  const stream = optionalBoolean(body.stream, "stream") ?? false;
  if (body.functions !== undefined || body.function_call !== undefined)
    throw invalid("functions", "the legacy 'functions' API is not supported for this model; use 'tools'");
  const n = optionalNumber(body.n, "n", { min: 1, max: 128, integer: true });
  if (n !== undefined && n !== 1) throw invalid("n", "this model returns one choice; n must be 1");
  const { system, messages } = decodeMessages(body.messages, options);
  const parallel = optionalBoolean(body.parallel_tool_calls, "parallel_tool_calls");
  const choice = toolChoice(body.tool_choice, parallel);
  const maxOutput =
    optionalNumber(body.max_completion_tokens, "max_completion_tokens", {
      min: 1,
      max: 1e9,
      integer: true,
    }) ?? optionalNumber(body.max_tokens, "max_tokens", { min: 1, max: 1e9, integer: true });
  const temperature = optionalNumber(body.temperature, "temperature", { min: 0, max: 2 });
  const topP = optionalNumber(body.top_p, "top_p", { min: 0, max: 1 });
  const topK = optionalNumber(body.top_k, "top_k", { min: 0, max: 1e9, integer: true });
  const thinking = reasoning(body);
  const format = responseFormat(body.response_format);
  const user =
    optionalString(body.user, "user") ?? optionalString(body.safety_identifier, "safety_identifier");
  const streamOptions = isJsonObject(body.stream_options) ? body.stream_options : {};
  const extensions = Object.fromEntries(Object.entries(body).filter(([key]) => !TRANSLATED.has(key)));
  return {
    request: {
      model,
      system,
      messages,
      tools: tools(body.tools),
      ...(choice ? { toolChoice: choice } : {}),
      ...(maxOutput !== undefined ? { maxOutputTokens: maxOutput } : {}),
      ...(temperature !== undefined ? { temperature } : {}),
      ...(topP !== undefined ? { topP } : {}),
      ...(topK !== undefined ? { topK } : {}),
      stopSequences: stops(body.stop),
      ...(thinking ? { reasoning: thinking } : {}),
      ...(format ? { responseFormat: format } : {}),
      stream,
      ...(user ? { user } : {}),
      extensions: Object.keys(extensions).length > 0 ? { openai: extensions } : {},
    },
    includeUsage: stream && streamOptions.include_usage === true,
  };
}
