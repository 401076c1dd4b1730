/**
 * Anthropic Messages request body -> canonical IR request, for deployments that do not speak
 * Anthropic (GPT, Gemini). Field reference: https://docs.claude.com/en/api/messages. Fields are
 * type-checked (400 `ProxyError` naming the field); what the IR does not model is kept under
 * `extensions.anthropic` (e.g. `context_management`, `service_tier`, `mcp_servers`).
 */
import type {
  IrMessage,
  IrReasoning,
  IrReasoningEffort,
  IrRequest,
  IrResponseFormat,
  IrTextBlock,
  IrTool,
  IrToolChoice,
  JsonObject,
} from "../../ir/request.js";
import { messageContent } from "./ir-request-content.js";
import {
  arrayAt,
  cacheMarkerAt,
  invalidField,
  objectAt,
  optionalBoolean,
  optionalInteger,
  optionalNumber,
  optionalString,
  stringAt,
  withCache,
} from "./ir-request-fields.js";

/** Top-level fields the IR models completely; everything else goes to `extensions.anthropic`. */
const MODELLED = new Set([
  "model",
  "messages",
  "system",
  "tools",
  "tool_choice",
  "max_tokens",
  "temperature",
  "top_p",
  "top_k",
  "stop_sequences",
  "thinking",
  "stream",
]);

const EFFORTS: Record<string, IrReasoningEffort> = {
  low: "low",
  medium: "medium",
  high: "high",
  max: "high",
};

function systemBlocks(value: unknown): IrTextBlock[] {
  if (value === undefined || value === null) return [];
  if (typeof value === "string") return value === "" ? [] : [{ type: "text", text: value }];
  return arrayAt(value, "system").map((item, index) => {
    const path = `system.${index}`;
    const block = objectAt(item, path);
    if (block.type !== "text") throw invalidField(`${path}.type`, "expected 'text'");
    return {
      type: "text",
      text: stringAt(block.text, `${path}.text`),
      ...withCache(cacheMarkerAt(block.cache_control, `${path}.cache_control`)),
    };
  });
}

/** Messages; a stray `role: "system"` message (some clients send one) joins the system blocks. */
function messages(value: unknown, system: IrTextBlock[]): IrMessage[] {
  if (value === undefined) throw invalidField("messages", "field required");
  const result: IrMessage[] = [];
  for (const [index, item] of arrayAt(value, "messages").entries()) {
    const path = `messages.${index}`;
    const message = objectAt(item, path);
    const role = message.role;
    const content = messageContent(message.content, `${path}.content`);
    if (role === "system") {
      for (const block of content) {
        if (block.type !== "text") throw invalidField(`${path}.content`, "system messages take text only");
        system.push(block);
      }
    } else if (role === "user" || role === "assistant") {
      result.push({ role, content });
    } else {
      throw invalidField(
        `${path}.role`,
        `expected 'user' or 'assistant', got ${JSON.stringify(role ?? null)}`,
      );
    }
  }
  return result;
}

/** Custom tools; server tools (`web_search_...`, `bash_...`: no `input_schema`) are skipped. */
function tools(value: unknown): IrTool[] {
  if (value === undefined || value === null) return [];
  const result: IrTool[] = [];
  for (const [index, item] of arrayAt(value, "tools").entries()) {
    const path = `tools.${index}`;
    const tool = objectAt(item, path);
    if (tool.input_schema === undefined) continue;
    const description = optionalString(tool.description, `${path}.description`);
    result.push({
      name: stringAt(tool.name, `${path}.name`),
      ...(description !== undefined ? { description } : {}),
      inputSchema: objectAt(tool.input_schema, `${path}.input_schema`),
      ...withCache(cacheMarkerAt(tool.cache_control, `${path}.cache_control`)),
    });
  }
  return result;
}

function toolChoice(value: unknown): IrToolChoice | undefined {
  if (value === undefined || value === null) return undefined;
  const choice = objectAt(value, "tool_choice");
  const disable = optionalBoolean(choice.disable_parallel_tool_use, "tool_choice.disable_parallel_tool_use");
  const parallel = disable !== undefined ? { disableParallel: disable } : {};
  switch (choice.type) {
    case "auto":
      return { type: "auto", ...parallel };
    case "any":
      return { type: "required", ...parallel };
    case "none":
      return { type: "none" };
    case "tool":
      return { type: "tool", name: stringAt(choice.name, "tool_choice.name"), ...parallel };
    default:
      throw invalidField("tool_choice.type", "expected 'auto', 'any', 'tool' or 'none'");
  }
}

function effortOf(value: unknown, path: string): IrReasoningEffort | undefined {
  if (value === undefined || value === null) return undefined;
  const effort = typeof value === "string" ? EFFORTS[value] : undefined;
  if (!effort) throw invalidField(path, "expected 'low', 'medium', 'high' or 'max'");
  return effort;
}

/** `thinking` (enabled + budget, adaptive, disabled) and `output_config.effort` -> IR reasoning. */
function reasoning(thinking: unknown, outputConfig: JsonObject | undefined): IrReasoning | undefined {
  const effort = effortOf(outputConfig?.effort, "output_config.effort");
  const withEffort = effort ? { effort } : {};
  if (thinking === undefined || thinking === null) return effort ? { enabled: true, effort } : undefined;
  const config = objectAt(thinking, "thinking");
  switch (config.type) {
    case "enabled": {
      const budget = optionalInteger(config.budget_tokens, "thinking.budget_tokens");
      if (budget === undefined) throw invalidField("thinking.budget_tokens", "field required");
      return { enabled: true, budgetTokens: budget, ...withEffort };
    }
    case "adaptive":
      return { enabled: true, ...withEffort };
    case "disabled":
      return { enabled: false, ...withEffort };
    default:
      throw invalidField("thinking.type", "expected 'enabled', 'adaptive' or 'disabled'");
  }
}

/** Structured output: `output_config.format` (or the older beta `output_format`). */
function responseFormat(value: unknown, path: string): IrResponseFormat | undefined {
  if (value === undefined || value === null) return undefined;
  const format = objectAt(value, path);
  if (format.type !== "json_schema") throw invalidField(`${path}.type`, "expected 'json_schema'");
  return { type: "json", schema: objectAt(format.schema, `${path}.schema`) };
}

function stopSequences(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return arrayAt(value, "stop_sequences").map((item, index) => stringAt(item, `stop_sequences.${index}`));
}

export function decodeAnthropicRequest(value: unknown): IrRequest {
  const body = objectAt(value, "body");
  const model = stringAt(body.model, "model");
  const maxTokens = optionalInteger(body.max_tokens, "max_tokens");
  if (maxTokens === undefined) throw invalidField("max_tokens", "field required");
  const system = systemBlocks(body.system);
  const outputConfig =
    body.output_config === undefined || body.output_config === null
      ? undefined
      : objectAt(body.output_config, "output_config");
  const metadata =
    body.metadata === undefined || body.metadata === null ? undefined : objectAt(body.metadata, "metadata");
  const user = optionalString(metadata?.user_id, "metadata.user_id");
  const choice = toolChoice(body.tool_choice);
  const temperature = optionalNumber(body.temperature, "temperature");
  const topP = optionalNumber(body.top_p, "top_p");
  const topK = optionalInteger(body.top_k, "top_k", 0);
  const thinking = reasoning(body.thinking, outputConfig);
  const format =
    responseFormat(outputConfig?.format, "output_config.format") ??
    responseFormat(body.output_format, "output_format");

  const extensions: JsonObject = {};
  for (const [key, item] of Object.entries(body)) if (!MODELLED.has(key)) extensions[key] = item;
  return {
    model,
    system,
    messages: messages(body.messages, system),
    tools: tools(body.tools),
    ...(choice ? { toolChoice: choice } : {}),
    maxOutputTokens: maxTokens,
    ...(temperature !== undefined ? { temperature } : {}),
    ...(topP !== undefined ? { topP } : {}),
    ...(topK !== undefined ? { topK } : {}),
    stopSequences: stopSequences(body.stop_sequences),
    ...(thinking ? { reasoning: thinking } : {}),
    ...(format ? { responseFormat: format } : {}),
    stream: optionalBoolean(body.stream, "stream") ?? false,
    ...(user !== undefined ? { user } : {}),
    extensions: Object.keys(extensions).length > 0 ? { anthropic: extensions } : {},
  };
}
