/**
 * Validation of Bedrock Converse bodies on `/converse` and `/converse-stream` (reference section
 * 4.2.3): the top-level members of the Converse API, `inferenceConfig`, `toolConfig`, and
 * `additionalModelRequestFields`, where Claude's extended thinking goes. Which key SAP passes for
 * thinking is unverified (section 8 item 12), so both `thinking` (AWS docs) and
 * `reasoning_config` (older clients) are accepted. Nova takes no Anthropic fields.
 */
import { isJsonObject, type InferenceRequest, type JsonObject } from "../types.js";
import { claudeModelId, isClaude } from "./claude-model.js";
import { checkConverseMessages, checkCachePoint, checkSystem } from "./converse-messages.js";
import { awsValidation, extraInputs, extraneousKey, modelError, shown } from "./errors.js";
import { checkThinkingContext, parseThinking, type ThinkingSettings } from "./thinking-rules.js";

const CONVERSE_FIELDS = [
  "messages",
  "system",
  "inferenceConfig",
  "toolConfig",
  "additionalModelRequestFields",
  "additionalModelResponseFieldPaths",
  "guardrailConfig",
  "promptVariables",
  "requestMetadata",
  "performanceConfig",
];
const INFERENCE_FIELDS = ["maxTokens", "temperature", "topP", "stopSequences"];
/** Anthropic body fields Bedrock lets through `additionalModelRequestFields` for Claude. */
const CLAUDE_ADDITIONAL_FIELDS = ["thinking", "reasoning_config", "top_k", "anthropic_beta", "output_config"];
const THINKING_KEYS = ["thinking", "reasoning_config"];
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

export interface ConverseSettings {
  thinking: ThinkingSettings;
  maxTokens: number;
}

/** A member the Converse API does not define (the exact AWS wording is unverified). */
function unknownMember(path: string, key: string): string {
  const at = path ? `${path}.${key}` : key;
  return awsValidation(
    `Value at '${at}' failed to satisfy constraint: Member is not defined by the Converse API`,
  );
}

function checkInferenceConfig(config: unknown): string | undefined {
  if (config === undefined) return undefined;
  if (!isJsonObject(config))
    return awsValidation("Value at 'inferenceConfig' failed to satisfy constraint: Member must be an object");
  for (const key of Object.keys(config))
    if (!INFERENCE_FIELDS.includes(key)) return unknownMember("inferenceConfig", key);
  const { maxTokens, temperature, topP, stopSequences } = config;
  if (maxTokens !== undefined && (!Number.isInteger(maxTokens) || (maxTokens as number) < 1)) {
    return awsValidation(
      `Value '${shown(maxTokens)}' at 'inferenceConfig.maxTokens' failed to satisfy constraint: Member must have value greater than or equal to 1`,
    );
  }
  for (const [name, value] of [
    ["temperature", temperature],
    ["topP", topP],
  ] as const) {
    if (value !== undefined && (typeof value !== "number" || value < 0 || value > 1)) {
      return awsValidation(
        `Value '${shown(value)}' at 'inferenceConfig.${name}' failed to satisfy constraint: Member must have value less than or equal to 1`,
      );
    }
  }
  if (
    stopSequences !== undefined &&
    (!Array.isArray(stopSequences) || !stopSequences.every((item) => typeof item === "string"))
  ) {
    return awsValidation(
      "Value at 'inferenceConfig.stopSequences' failed to satisfy constraint: Member must be a list of strings",
    );
  }
  return undefined;
}

function checkToolConfig(config: unknown): string | undefined {
  if (config === undefined) return undefined;
  if (!isJsonObject(config) || !Array.isArray(config.tools)) {
    return awsValidation(
      "Value null at 'toolConfig.tools' failed to satisfy constraint: Member must not be null",
    );
  }
  for (const key of Object.keys(config))
    if (key !== "tools" && key !== "toolChoice") return unknownMember("toolConfig", key);
  for (const [index, tool] of config.tools.entries()) {
    const path = `toolConfig.tools.${index + 1}.member`;
    if (isJsonObject(tool) && tool.cachePoint !== undefined) {
      const error = checkCachePoint(tool.cachePoint, path);
      if (error) return error;
      continue;
    }
    const spec = isJsonObject(tool) ? tool.toolSpec : undefined;
    if (!isJsonObject(spec))
      return awsValidation(
        `Value null at '${path}.toolSpec' failed to satisfy constraint: Member must not be null`,
      );
    if (typeof spec.name !== "string" || !TOOL_NAME.test(spec.name)) {
      return awsValidation(
        `Value '${shown(spec.name)}' at '${path}.toolSpec.name' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_-]+`,
      );
    }
    if (!isJsonObject(spec.inputSchema) || spec.inputSchema.json === undefined) {
      return awsValidation(
        `Value null at '${path}.toolSpec.inputSchema' failed to satisfy constraint: Member must not be null`,
      );
    }
  }
  const choice = config.toolChoice;
  if (choice === undefined) return undefined;
  const keys = isJsonObject(choice) ? Object.keys(choice) : [];
  const kind = keys[0];
  if (!isJsonObject(choice) || keys.length !== 1 || !["auto", "any", "tool"].includes(String(kind))) {
    return awsValidation(
      "Value at 'toolConfig.toolChoice' failed to satisfy constraint: Member must have exactly one of the members: auto, any, tool",
    );
  }
  if (kind === "tool" && !(isJsonObject(choice.tool) && typeof choice.tool.name === "string")) {
    return awsValidation(
      "Value null at 'toolConfig.toolChoice.tool.name' failed to satisfy constraint: Member must not be null",
    );
  }
  return undefined;
}

/** Extended thinking from `additionalModelRequestFields`, as Anthropic would judge it. */
function thinkingOf(request: InferenceRequest, body: JsonObject): ThinkingSettings | string {
  const model = request.deployment.model;
  const fields = body.additionalModelRequestFields;
  if (fields === undefined) return { enabled: false };
  if (!isJsonObject(fields)) {
    return awsValidation(
      "Value at 'additionalModelRequestFields' failed to satisfy constraint: Member must be an object",
    );
  }
  if (!isClaude(model)) {
    const key = Object.keys(fields).find((name) => THINKING_KEYS.includes(name));
    return key ? modelError(extraneousKey(key)) : { enabled: false };
  }
  for (const key of Object.keys(fields))
    if (!CLAUDE_ADDITIONAL_FIELDS.includes(key)) return modelError(extraInputs(key));
  const betas = fields.anthropic_beta;
  if (betas !== undefined) {
    const accepted = request.behaviour.bedrockAcceptedBetas;
    if (!Array.isArray(betas) || betas.some((beta) => typeof beta !== "string" || !accepted.includes(beta))) {
      return modelError("invalid beta flag");
    }
  }
  const key = fields.thinking !== undefined ? "thinking" : "reasoning_config";
  const parsed = parseThinking(fields[key], key);
  return typeof parsed === "string" ? modelError(parsed) : parsed;
}

export function checkConverseBody(body: JsonObject, request: InferenceRequest): ConverseSettings | string {
  const model = request.deployment.model;
  for (const key of Object.keys(body)) if (!CONVERSE_FIELDS.includes(key)) return unknownMember("", key);
  const thinking = thinkingOf(request, body);
  if (typeof thinking === "string") return thinking;
  const config = isJsonObject(body.inferenceConfig) ? body.inferenceConfig : {};
  const maxTokens = typeof config.maxTokens === "number" ? config.maxTokens : model.maxOutputTokens;
  const choice = isJsonObject(body.toolConfig) ? body.toolConfig.toolChoice : undefined;
  const additional = isJsonObject(body.additionalModelRequestFields) ? body.additionalModelRequestFields : {};
  const error =
    checkInferenceConfig(body.inferenceConfig) ??
    checkToolConfig(body.toolConfig) ??
    checkSystem(body.system) ??
    checkConverseMessages(body.messages, body.toolConfig !== undefined, {
      signer: request.signer,
      claude: isClaude(model),
      thinkingEnabled: thinking.enabled,
    });
  if (error) return error;
  if (maxTokens > model.maxOutputTokens) {
    return isClaude(model)
      ? modelError(
          `max_tokens: ${maxTokens} > ${model.maxOutputTokens}, which is the maximum allowed number of output tokens for ${claudeModelId(model)}`,
        )
      : awsValidation(
          `Value '${maxTokens}' at 'inferenceConfig.maxTokens' failed to satisfy constraint: Member must have value less than or equal to ${model.maxOutputTokens}`,
        );
  }
  const contextError = checkThinkingContext({
    thinking,
    supported: model.thinking === true,
    modelId: claudeModelId(model),
    maxTokens,
    temperature: config.temperature,
    topP: config.topP,
    topK: additional.top_k,
    forcesTool: isJsonObject(choice) && (choice.any !== undefined || choice.tool !== undefined),
  });
  return contextError ? modelError(contextError) : { thinking, maxTokens };
}
