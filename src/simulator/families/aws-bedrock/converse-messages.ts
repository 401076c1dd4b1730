/**
 * Validation of Converse `messages` and `system` (reference section 4.2.3): roles `user` and
 * `assistant` only, alternating and starting with `user`; content blocks with exactly one member
 * (`text`, `image`, `document`, `toolUse`, `toolResult`, `cachePoint`, `reasoningContent`, ...);
 * `toolUse`/`toolResult` pairing; reasoning blocks sent back to Claude must carry the signature
 * the simulator issued. Messages follow Bedrock's wording (AWS validation with 1-based `member`
 * paths, or Bedrock's own sentences); Anthropic's errors come wrapped by `modelError`.
 */
import type { ThinkingSigner } from "../../thinking-signer.js";
import { isJsonObject, type JsonObject } from "../types.js";
import { awsValidation, modelError, shown } from "./errors.js";
import { invalidSignature, thinkingFirstRequired } from "./thinking-rules.js";

const MESSAGE_BLOCKS = [
  "text",
  "image",
  "document",
  "video",
  "toolUse",
  "toolResult",
  "cachePoint",
  "reasoningContent",
  "guardContent",
  "citationsContent",
];
const SYSTEM_BLOCKS = ["text", "cachePoint", "guardContent"];
const IMAGE_FORMATS = ["gif", "jpeg", "png", "webp"];
/** Anthropic's names for Converse blocks, for messages Anthropic raises. */
const ANTHROPIC_TYPES: Record<string, string> = { text: "text", toolUse: "tool_use", image: "image" };

export interface ConverseMessageRules {
  signer: ThinkingSigner;
  /** Claude deployments check reasoning signatures and the thinking-first rule. */
  claude: boolean;
  thinkingEnabled: boolean;
}

/** The single member of a union block, or an AWS validation message. */
function memberOf(block: unknown, allowed: readonly string[], path: string): [string, unknown] | string {
  const keys = isJsonObject(block) ? Object.keys(block) : [];
  const key = keys[0];
  if (!isJsonObject(block) || keys.length !== 1 || key === undefined || !allowed.includes(key)) {
    return awsValidation(
      `Value at '${path}' failed to satisfy constraint: Member must have exactly one of the members: ${allowed.join(", ")}`,
    );
  }
  return [key, block[key]];
}

export function checkCachePoint(value: unknown, path: string): string | undefined {
  if (!isJsonObject(value) || value.type !== "default") {
    return awsValidation(
      `Value at '${path}.cachePoint.type' failed to satisfy constraint: Member must satisfy enum value set: [default]`,
    );
  }
  if (value.ttl !== undefined && value.ttl !== "5m" && value.ttl !== "1h") {
    return awsValidation(
      `Value '${shown(value.ttl)}' at '${path}.cachePoint.ttl' failed to satisfy constraint: Member must satisfy enum value set: [5m, 1h]`,
    );
  }
  return undefined;
}

function checkBlock(kind: string, value: unknown, path: string, plainPath: string): string | undefined {
  switch (kind) {
    case "text":
      if (typeof value !== "string")
        return awsValidation(`Value at '${path}.text' failed to satisfy constraint: Member must be a string`);
      return value.trim() === ""
        ? `The text field in the ContentBlock object at ${plainPath} is blank. Add text to the text field, and try again.`
        : undefined;
    case "image":
      if (!isJsonObject(value) || !IMAGE_FORMATS.includes(String(value.format))) {
        const format = isJsonObject(value) ? String(value.format) : "null";
        return awsValidation(
          `Value '${format}' at '${path}.image.format' failed to satisfy constraint: Member must satisfy enum value set: [${IMAGE_FORMATS.join(", ")}]`,
        );
      }
      return isJsonObject(value.source)
        ? undefined
        : awsValidation(
            `Value null at '${path}.image.source' failed to satisfy constraint: Member must not be null`,
          );
    case "toolUse":
      if (!isJsonObject(value) || typeof value.toolUseId !== "string" || typeof value.name !== "string") {
        return awsValidation(
          `Value null at '${path}.toolUse.toolUseId' failed to satisfy constraint: Member must not be null`,
        );
      }
      return undefined;
    case "toolResult":
      if (!isJsonObject(value) || typeof value.toolUseId !== "string" || !Array.isArray(value.content)) {
        return awsValidation(
          `Value null at '${path}.toolResult.content' failed to satisfy constraint: Member must not be null`,
        );
      }
      if (value.status !== undefined && value.status !== "success" && value.status !== "error") {
        return awsValidation(
          `Value '${shown(value.status)}' at '${path}.toolResult.status' failed to satisfy constraint: Member must satisfy enum value set: [success, error]`,
        );
      }
      return undefined;
    case "cachePoint":
      return checkCachePoint(value, path);
    case "reasoningContent":
      if (
        !isJsonObject(value) ||
        (!isJsonObject(value.reasoningText) && value.redactedContent === undefined)
      ) {
        return awsValidation(
          `Value at '${path}.reasoningContent' failed to satisfy constraint: Member must have exactly one of the members: reasoningText, redactedContent`,
        );
      }
      return undefined;
    default:
      return isJsonObject(value)
        ? undefined
        : awsValidation(`Value at '${path}.${kind}' failed to satisfy constraint: Member must be an object`);
  }
}

export function checkSystem(system: unknown): string | undefined {
  if (system === undefined) return undefined;
  if (!Array.isArray(system))
    return awsValidation("Value at 'system' failed to satisfy constraint: Member must be a list");
  for (const [index, block] of system.entries()) {
    const path = `system.${index + 1}.member`;
    const member = memberOf(block, SYSTEM_BLOCKS, path);
    if (typeof member === "string") return member;
    const [kind, value] = member;
    if (kind === "text" && (typeof value !== "string" || value.trim() === "")) {
      return `The text field in the SystemContentBlock object at system.${index} is blank. Add text to the text field, and try again.`;
    }
    if (kind === "cachePoint") {
      const error = checkCachePoint(value, path);
      if (error) return error;
    }
  }
  return undefined;
}

function blocksOf(message: JsonObject): JsonObject[] {
  return Array.isArray(message.content) ? message.content.filter(isJsonObject) : [];
}

function idsOf(message: JsonObject | undefined, kind: "toolUse" | "toolResult"): string[] {
  if (!message) return [];
  return blocksOf(message).flatMap((block) => {
    const value = block[kind];
    return isJsonObject(value) ? [String(value.toolUseId)] : [];
  });
}

function checkToolPairing(messages: JsonObject[], hasToolConfig: boolean): string | undefined {
  for (const [index, message] of messages.entries()) {
    const uses = idsOf(message, "toolUse");
    const results = idsOf(message, "toolResult");
    if ((uses.length > 0 || results.length > 0) && !hasToolConfig) {
      return "The toolConfig field must be defined when using toolUse and toolResult content blocks.";
    }
    if (results.length > 0 && results.length > idsOf(messages[index - 1], "toolUse").length) {
      return `The number of toolResult blocks at messages.${index}.content exceeds the number of toolUse blocks of previous turn.`;
    }
    const next = messages[index + 1];
    if (uses.length > 0 && next) {
      const missing = uses.filter((id) => !idsOf(next, "toolResult").includes(id));
      if (missing.length > 0) {
        return `Expected toolResult blocks at messages.${index + 1}.content for the following Ids: ${missing.join(", ")}`;
      }
    }
  }
  return undefined;
}

function checkReasoning(messages: JsonObject[], rules: ConverseMessageRules): string | undefined {
  if (!rules.claude) return undefined;
  for (const [index, message] of messages.entries()) {
    if (message.role !== "assistant") continue;
    for (const [blockIndex, block] of blocksOf(message).entries()) {
      const reasoning = block.reasoningContent;
      if (!isJsonObject(reasoning) || !isJsonObject(reasoning.reasoningText)) continue;
      const { text, signature } = reasoning.reasoningText;
      if (!rules.signer.verify(String(text), signature))
        return modelError(invalidSignature(index, blockIndex));
    }
  }
  if (!rules.thinkingEnabled) return undefined;
  const last = messages.findLastIndex((message) => message.role === "assistant");
  const blocks = last >= 0 ? blocksOf(messages[last] as JsonObject) : [];
  const firstKind = blocks[0] ? Object.keys(blocks[0])[0] : undefined;
  if (firstKind && firstKind !== "reasoningContent" && blocks.some((block) => isJsonObject(block.toolUse))) {
    return modelError(thinkingFirstRequired(last, ANTHROPIC_TYPES[firstKind] ?? firstKind));
  }
  return undefined;
}

export function checkConverseMessages(
  value: unknown,
  hasToolConfig: boolean,
  rules: ConverseMessageRules,
): string | undefined {
  if (value === undefined || value === null) {
    return awsValidation("Value null at 'messages' failed to satisfy constraint: Member must not be null");
  }
  if (!Array.isArray(value))
    return awsValidation("Value at 'messages' failed to satisfy constraint: Member must be a list");
  const messages: JsonObject[] = [];
  for (const [index, message] of value.entries()) {
    const path = `messages.${index + 1}.member`;
    if (!isJsonObject(message))
      return awsValidation(`Value at '${path}' failed to satisfy constraint: Member must be an object`);
    if (message.role !== "user" && message.role !== "assistant") {
      return awsValidation(
        `Value '${shown(message.role)}' at '${path}.role' failed to satisfy constraint: Member must satisfy enum value set: [user, assistant]`,
      );
    }
    if (!Array.isArray(message.content)) {
      return awsValidation(
        `Value null at '${path}.content' failed to satisfy constraint: Member must not be null`,
      );
    }
    if (message.content.length === 0) {
      return `The content field in the Message object at messages.${index} is empty. Add a ContentBlock object to the content field and try again.`;
    }
    for (const [blockIndex, block] of message.content.entries()) {
      const blockPath = `${path}.content.${blockIndex + 1}.member`;
      const member = memberOf(block, MESSAGE_BLOCKS, blockPath);
      if (typeof member === "string") return member;
      const error = checkBlock(member[0], member[1], blockPath, `messages.${index}.content.${blockIndex}`);
      if (error) return error;
    }
    messages.push(message);
  }
  if (messages[0]?.role !== "user") {
    return "A conversation must start with a user message. Try again with a conversation that starts with a user message.";
  }
  if (messages.some((message, index) => index > 0 && messages[index - 1]?.role === message.role)) {
    return "A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.";
  }
  return checkToolPairing(messages, hasToolConfig) ?? checkReasoning(messages, rules);
}
