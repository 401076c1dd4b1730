/**
 * Validation of Anthropic Messages bodies on Bedrock `/invoke` and `/invoke-with-response-stream`
 * (reference section 4.2.2 and peers-and-client-contracts "Claude body quirks"): required
 * `anthropic_version`/`max_tokens`/`messages` (Bedrock's schema message), the top-level allowlist
 * minus `behaviour.bedrockRejectedFields` ("<key>: Extra inputs are not permitted"), accepted
 * `anthropic_beta` flags, `system`, custom and Anthropic-defined tools (server tools such as web
 * search are not available on Bedrock), `tool_choice`, and the thinking rules.
 */
import type { CatalogModel } from "../../catalog.js";
import { isJsonObject, type InferenceRequest, type JsonObject } from "../types.js";
import { claudeModelId } from "./claude-model.js";
import { checkCacheControl, MAX_CACHE_MARKERS, tooManyCacheMarkers } from "./cache-control.js";
import { extraInputs, jsonTypeName, malformedInput, requiredKeyMissing, shown } from "./errors.js";
import { checkBlock, checkMessages } from "./invoke-messages.js";
import { checkThinkingContext, parseThinking, type ThinkingSettings } from "./thinking-rules.js";

export const ANTHROPIC_VERSION = "bedrock-2023-05-31";
const INVOKE_FIELDS = [
  "anthropic_version",
  "anthropic_beta",
  "max_tokens",
  "messages",
  "system",
  "stop_sequences",
  "temperature",
  "top_p",
  "top_k",
  "tools",
  "tool_choice",
  "thinking",
  "metadata",
  "output_config",
  "context_management",
];
const CUSTOM_TOOL_FIELDS = ["type", "name", "description", "input_schema", "cache_control"];
/** Anthropic-defined client tools Bedrock serves (with their beta flags). */
const CLIENT_TOOL_PREFIXES = ["bash_", "text_editor_", "computer_"];
const TOOL_TAGS =
  "'bash_20241022', 'bash_20250124', 'computer_20241022', 'computer_20250124', 'custom', 'text_editor_20241022', 'text_editor_20250124', 'text_editor_20250429', 'text_editor_20250728'";
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,128}$/;
const TOOL_CHOICE_FIELDS: Record<string, readonly string[]> = {
  auto: ["type", "disable_parallel_tool_use"],
  any: ["type", "disable_parallel_tool_use"],
  tool: ["type", "name", "disable_parallel_tool_use"],
  none: ["type"],
};
const NOT_OBJECT = "Input should be a valid dictionary or object to extract fields from";

function checkSystem(system: unknown): string | undefined {
  if (system === undefined || typeof system === "string") return undefined;
  if (!Array.isArray(system)) return "system: Input should be a valid string";
  for (const [index, block] of system.entries()) {
    const path = `system.${index}`;
    if (isJsonObject(block) && block.type !== "text") return `${path}.type: Input should be 'text'`;
    const error = checkBlock(block, path);
    if (error) return error.replace(/^messages: /, "system: ");
  }
  return undefined;
}

function checkTools(tools: unknown): string | undefined {
  if (tools === undefined) return undefined;
  if (!Array.isArray(tools)) return "tools: Input should be a valid list";
  const names = new Set<string>();
  for (const [index, tool] of tools.entries()) {
    const path = `tools.${index}`;
    if (!isJsonObject(tool)) return `${path}: ${NOT_OBJECT}`;
    const type = tool.type === undefined || tool.type === null ? "custom" : shown(tool.type);
    if (type === "custom") {
      const at = `${path}.custom`;
      for (const key of Object.keys(tool))
        if (!CUSTOM_TOOL_FIELDS.includes(key)) return extraInputs(`${at}.${key}`);
      if (tool.name === undefined) return `${at}.name: Field required`;
      if (typeof tool.name !== "string" || !TOOL_NAME.test(tool.name)) {
        return `${at}.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'`;
      }
      if (tool.input_schema === undefined) return `${at}.input_schema: Field required`;
      if (!isJsonObject(tool.input_schema)) return `${at}.input_schema: ${NOT_OBJECT}`;
      const cacheError = checkCacheControl(tool.cache_control, at);
      if (cacheError) return cacheError;
    } else if (CLIENT_TOOL_PREFIXES.some((prefix) => type.startsWith(prefix))) {
      const cacheError = checkCacheControl(tool.cache_control, `${path}.${type}`);
      if (cacheError) return cacheError;
    } else {
      return `${path}: Input tag '${type}' found using 'type' does not match any of the expected tags: ${TOOL_TAGS}`;
    }
    const name = String(tool.name);
    if (names.has(name)) return "tools: Tool names must be unique.";
    names.add(name);
  }
  return undefined;
}

function checkToolChoice(choice: unknown): string | undefined {
  if (choice === undefined) return undefined;
  if (!isJsonObject(choice)) return `tool_choice: ${NOT_OBJECT}`;
  const type = String(choice.type);
  const fields = TOOL_CHOICE_FIELDS[type];
  if (!fields) {
    return `tool_choice: Input tag '${type}' found using 'type' does not match any of the expected tags: 'any', 'auto', 'none', 'tool'`;
  }
  for (const key of Object.keys(choice))
    if (!fields.includes(key)) return extraInputs(`tool_choice.${type}.${key}`);
  if (type === "tool" && typeof choice.name !== "string") return "tool_choice.tool.name: Field required";
  return undefined;
}

function checkSampling(body: JsonObject): string | undefined {
  const range = (name: string, value: unknown): string | undefined => {
    if (value === undefined) return undefined;
    if (typeof value !== "number") return `${name}: Input should be a valid number`;
    if (value < 0) return `${name}: Input should be greater than or equal to 0`;
    return value > 1 ? `${name}: Input should be less than or equal to 1` : undefined;
  };
  const error = range("temperature", body.temperature) ?? range("top_p", body.top_p);
  if (error) return error;
  if (body.top_k !== undefined && (!Number.isInteger(body.top_k) || (body.top_k as number) < 0)) {
    return "top_k: Input should be greater than or equal to 0";
  }
  const stops = body.stop_sequences;
  if (stops !== undefined && (!Array.isArray(stops) || !stops.every((item) => typeof item === "string"))) {
    return "stop_sequences: Input should be a valid list of strings";
  }
  return undefined;
}

function checkObjects(body: JsonObject): string | undefined {
  const shapes: [string, readonly string[] | undefined][] = [
    ["metadata", ["user_id"]],
    ["output_config", ["effort", "format"]],
    ["context_management", undefined],
  ];
  for (const [name, fields] of shapes) {
    const value = body[name];
    if (value === undefined) continue;
    if (!isJsonObject(value)) return `${name}: ${NOT_OBJECT}`;
    for (const key of Object.keys(value))
      if (fields && !fields.includes(key)) return extraInputs(`${name}.${key}`);
  }
  return undefined;
}

function countCacheMarkers(body: JsonObject): number {
  let count = 0;
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (isJsonObject(value)) {
      if (value.cache_control !== undefined && value.cache_control !== null) count += 1;
      if (Array.isArray(value.content)) value.content.forEach(visit);
    }
  };
  visit(body.tools);
  visit(body.system);
  if (Array.isArray(body.messages)) for (const message of body.messages) visit(message);
  return count;
}

function checkHeader(body: JsonObject, request: InferenceRequest, model: CatalogModel): string | undefined {
  for (const key of ["anthropic_version", "max_tokens", "messages"]) {
    if (body[key] === undefined) return requiredKeyMissing(key);
  }
  if (body.anthropic_version !== ANTHROPIC_VERSION) {
    return malformedInput(`#/anthropic_version: ${shown(body.anthropic_version)} is not a valid enum value`);
  }
  const rejected = request.behaviour.bedrockRejectedFields;
  for (const key of Object.keys(body)) {
    if (!INVOKE_FIELDS.includes(key) || rejected.includes(key)) return extraInputs(key);
  }
  const maxTokens = body.max_tokens;
  if (typeof maxTokens !== "number" || !Number.isInteger(maxTokens)) {
    return malformedInput(`#/max_tokens: expected type: Integer, found: ${jsonTypeName(maxTokens)}`);
  }
  if (maxTokens < 1) return "max_tokens: Input should be greater than or equal to 1";
  if (maxTokens > model.maxOutputTokens) {
    return `max_tokens: ${maxTokens} > ${model.maxOutputTokens}, which is the maximum allowed number of output tokens for ${claudeModelId(model)}`;
  }
  const betas = body.anthropic_beta;
  if (betas !== undefined) {
    if (!Array.isArray(betas)) {
      return malformedInput(`#/anthropic_beta: expected type: JSONArray, found: ${jsonTypeName(betas)}`);
    }
    const accepted = request.behaviour.bedrockAcceptedBetas;
    if (betas.some((beta) => typeof beta !== "string" || !accepted.includes(beta)))
      return "invalid beta flag";
  }
  return undefined;
}

/** Validates an `/invoke` body for a Claude deployment: Anthropic's message, or the thinking settings. */
export function checkInvokeBody(body: JsonObject, request: InferenceRequest): string | ThinkingSettings {
  const model = request.deployment.model;
  const headerError = checkHeader(body, request, model);
  if (headerError) return headerError;
  const thinking = parseThinking(body.thinking);
  if (typeof thinking === "string") return thinking;
  const choice = isJsonObject(body.tool_choice) ? body.tool_choice.type : undefined;
  const error =
    checkSystem(body.system) ??
    checkTools(body.tools) ??
    checkToolChoice(body.tool_choice) ??
    checkSampling(body) ??
    checkObjects(body) ??
    checkMessages(body.messages, { signer: request.signer, thinkingEnabled: thinking.enabled }) ??
    checkThinkingContext({
      thinking,
      supported: model.thinking === true,
      modelId: claudeModelId(model),
      maxTokens: body.max_tokens as number,
      temperature: body.temperature,
      topP: body.top_p,
      topK: body.top_k,
      forcesTool: choice === "any" || choice === "tool",
    });
  if (error) return error;
  const markers = countCacheMarkers(body);
  return markers > MAX_CACHE_MARKERS ? tooManyCacheMarkers(markers) : thinking;
}
