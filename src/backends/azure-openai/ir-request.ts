/**
 * IR request -> azure-openai chat-completions body for SAP AI Core (reference section 4.1, and
 * the field list in `chat-request.ts`). Per model kind:
 * - every model: `max_tokens` capped at the model's known output limit (Claude Code asks for
 *   32000; gpt-4o allows 16384), at most four `stop` sequences, no `top_k` (OpenAI has none),
 *   `user` only up to 64 characters (longer ids are hashed), usage requested on streams;
 * - reasoning models (o-series, gpt-5): `max_completion_tokens`, no `temperature` / `top_p`, no
 *   `stop` before gpt-5.5 (https://github.com/BerriAI/litellm/pull/28650), `reasoning_effort`
 *   from the IR effort or thinking budget; o-series also reject `parallel_tool_calls`
 *   (https://github.com/langchain-ai/langchain/issues/29704).
 */
import { createHash } from "node:crypto";
import type {
  IrReasoning,
  IrReasoningEffort,
  IrRequest,
  IrToolChoice,
  JsonObject,
} from "../../ir/request.js";
import { isOpenAiReasoningModel } from "../../sap/model-family.js";
import { chatMessages } from "./ir-request-messages.js";

export interface AzureIrRequestOptions {
  /** Output-token ceiling of the deployment; overrides the built-in table. */
  maxOutputTokensLimit?: number;
}

export interface AzureIrChatRequest {
  body: JsonObject;
  stream: boolean;
  /** IR features the upstream cannot take, for the debug log. */
  dropped: string[];
}

const MAX_STOP_SEQUENCES = 4;
const MAX_USER_LENGTH = 64;

/** Known output limits (OpenAI model pages); unknown models are not capped. */
const OUTPUT_LIMITS: readonly [RegExp, number][] = [
  [/^gpt-4o/, 16_384],
  [/^gpt-4\.1/, 32_768],
  [/^gpt-5/, 128_000],
  [/^o\d/, 100_000],
  [/^gpt-35-turbo|^gpt-3\.5/, 4_096],
];

function outputLimit(model: string, options: AzureIrRequestOptions): number | undefined {
  if (options.maxOutputTokensLimit !== undefined) return options.maxOutputTokensLimit;
  return OUTPUT_LIMITS.find(([pattern]) => pattern.test(model))?.[1];
}

function isOSeries(model: string): boolean {
  return /^o\d/.test(model);
}

function acceptsStop(model: string): boolean {
  return !isOpenAiReasoningModel(model) || /^gpt-5\.([5-9]|\d\d)/.test(model);
}

/** Anthropic thinking budget -> OpenAI effort. */
export function effortForBudget(budgetTokens: number): IrReasoningEffort {
  if (budgetTokens < 4_096) return "low";
  if (budgetTokens < 16_384) return "medium";
  return "high";
}

/**
 * An explicit effort always applies (Anthropic's `output_config.effort` governs all spending, not
 * only thinking); otherwise an enabled thinking budget picks one. Without either the deployment's
 * default applies.
 */
function reasoningEffort(reasoning: IrReasoning | undefined, model: string): string | undefined {
  if (!reasoning) return undefined;
  const effort =
    reasoning.effort ??
    (reasoning.enabled && reasoning.budgetTokens !== undefined
      ? effortForBudget(reasoning.budgetTokens)
      : undefined);
  // o-series models know no "minimal".
  return effort === "minimal" && isOSeries(model) ? "low" : effort;
}

function toolChoice(choice: IrToolChoice): string | JsonObject {
  switch (choice.type) {
    case "auto":
      return "auto";
    case "none":
      return "none";
    case "required":
      return "required";
    case "tool":
      return { type: "function", function: { name: choice.name } };
  }
}

/** Request features that do not survive the translation, named for the debug log. */
function droppedContent(request: IrRequest): string[] {
  const blocks = [
    ...request.system,
    ...request.tools,
    ...request.messages.flatMap((message) => message.content),
  ];
  const names = new Set<string>();
  for (const block of blocks) {
    if ("cache" in block && block.cache) names.add("cache_control");
    if ("type" in block && (block.type === "thinking" || block.type === "redacted-thinking"))
      names.add("thinking blocks");
  }
  return [...names];
}

function userField(user: string): string {
  return user.length <= MAX_USER_LENGTH ? user : createHash("sha256").update(user).digest("hex");
}

export function encodeAzureChatRequest(
  request: IrRequest,
  sapModel: string,
  options: AzureIrRequestOptions = {},
): AzureIrChatRequest {
  const model = sapModel.toLowerCase();
  const reasoningModel = isOpenAiReasoningModel(model);
  const dropped = droppedContent(request);
  const body: JsonObject = { model: sapModel, messages: chatMessages(request.system, request.messages) };

  if (request.tools.length > 0) {
    body.tools = request.tools.map((tool) => ({
      type: "function",
      function: {
        name: tool.name,
        ...(tool.description !== undefined ? { description: tool.description } : {}),
        parameters: tool.inputSchema,
      },
    }));
    const choice = request.toolChoice;
    if (choice) body.tool_choice = toolChoice(choice);
    if (choice && choice.type !== "none" && choice.disableParallel) {
      if (isOSeries(model)) dropped.push("parallel_tool_calls");
      else body.parallel_tool_calls = false;
    }
  }

  if (request.maxOutputTokens !== undefined) {
    const limit = outputLimit(model, options);
    const max = limit === undefined ? request.maxOutputTokens : Math.min(request.maxOutputTokens, limit);
    body[reasoningModel ? "max_completion_tokens" : "max_tokens"] = max;
  }
  if (reasoningModel) {
    if (request.temperature !== undefined) dropped.push("temperature");
    if (request.topP !== undefined) dropped.push("top_p");
    const effort = reasoningEffort(request.reasoning, model);
    if (effort) body.reasoning_effort = effort;
  } else {
    if (request.temperature !== undefined) body.temperature = request.temperature;
    if (request.topP !== undefined) body.top_p = request.topP;
    if (request.reasoning?.enabled || request.reasoning?.effort) dropped.push("reasoning");
  }
  if (request.topK !== undefined) dropped.push("top_k");

  if (request.stopSequences.length > 0) {
    if (!acceptsStop(model)) dropped.push("stop");
    else {
      if (request.stopSequences.length > MAX_STOP_SEQUENCES) dropped.push("stop (beyond four)");
      body.stop = request.stopSequences.slice(0, MAX_STOP_SEQUENCES);
    }
  }
  const format = request.responseFormat;
  if (format) {
    body.response_format = format.schema
      ? { type: "json_schema", json_schema: { name: format.name ?? "response", schema: format.schema } }
      : { type: "json_object" };
  }
  if (request.user !== undefined) body.user = userField(request.user);
  if (request.stream) {
    body.stream = true;
    body.stream_options = { include_usage: true };
  }
  return { body, stream: request.stream, dropped };
}
