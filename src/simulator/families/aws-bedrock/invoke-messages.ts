/**
 * Validation of `messages` in Anthropic Messages bodies on Bedrock `/invoke` (reference section
 * 4.2.2): roles `user`/`assistant` only (a `system` role gets Anthropic's pointer to the top-level
 * `system`), known content blocks with their fields, non-empty text, `cache_control` limits,
 * `tool_use`/`tool_result` pairing, and thinking blocks whose signature must match what the
 * simulator signed. Returns Anthropic's error message or `undefined`.
 */
import type { ThinkingSigner } from "../../thinking-signer.js";
import { isJsonObject, type JsonObject } from "../types.js";
import { checkCacheControl } from "./cache-control.js";
import { extraInputs, jsonTypeName, malformedInput, shown } from "./errors.js";
import { invalidSignature, thinkingFirstRequired } from "./thinking-rules.js";

const BLOCK_FIELDS: Record<string, readonly string[]> = {
  text: ["type", "text", "cache_control", "citations"],
  image: ["type", "source", "cache_control"],
  document: ["type", "source", "title", "context", "citations", "cache_control"],
  tool_use: ["type", "id", "name", "input", "cache_control"],
  tool_result: ["type", "tool_use_id", "content", "is_error", "cache_control"],
  thinking: ["type", "thinking", "signature"],
  redacted_thinking: ["type", "data"],
};
const BLOCK_TAGS = "'document', 'image', 'redacted_thinking', 'text', 'thinking', 'tool_result', 'tool_use'";
const IMAGE_TYPES = ["image/jpeg", "image/png", "image/gif", "image/webp"];
const SOURCE_TAGS: Record<string, readonly string[]> = {
  image: ["base64", "url"],
  document: ["base64", "content", "text", "url"],
};
export const EMPTY_TEXT = "messages: text content blocks must be non-empty";
const NOT_OBJECT = "Input should be a valid dictionary or object to extract fields from";
const SYSTEM_ROLE =
  'messages: Unexpected role "system". The Messages API accepts a top-level `system` parameter, not "system" as an input message role.';

export interface MessageRules {
  signer: ThinkingSigner;
  thinkingEnabled: boolean;
}

function checkSource(block: JsonObject, path: string): string | undefined {
  const tags = SOURCE_TAGS[String(block.type)] ?? [];
  const source = block.source;
  if (source === undefined) return `${path}.source: Field required`;
  if (!isJsonObject(source)) return `${path}.source: ${NOT_OBJECT}`;
  const tag = String(source.type);
  if (!tags.includes(tag)) {
    return `${path}.source: Input tag '${tag}' found using 'type' does not match any of the expected tags: ${tags.map((item) => `'${item}'`).join(", ")}`;
  }
  if (block.type === "image" && tag === "base64") {
    if (!IMAGE_TYPES.includes(String(source.media_type))) {
      return `${path}.source.base64.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'`;
    }
    if (typeof source.data !== "string") return `${path}.source.base64.data: Field required`;
  }
  if (tag === "url" && typeof source.url !== "string") return `${path}.source.url.url: Field required`;
  return undefined;
}

/** One content block at `path` (e.g. `messages.0.content.1`); `undefined` when valid. */
export function checkBlock(block: unknown, path: string): string | undefined {
  if (!isJsonObject(block)) return `${path}: ${NOT_OBJECT}`;
  const type = String(block.type);
  const fields = BLOCK_FIELDS[type];
  if (!fields) {
    return `${path}: Input tag '${type}' found using 'type' does not match any of the expected tags: ${BLOCK_TAGS}`;
  }
  for (const key of Object.keys(block)) if (!fields.includes(key)) return extraInputs(`${path}.${key}`);
  const cacheError = checkCacheControl(block.cache_control, path);
  if (cacheError) return cacheError;
  switch (type) {
    case "text":
      if (typeof block.text !== "string") return `${path}.text: Input should be a valid string`;
      return block.text === "" ? EMPTY_TEXT : undefined;
    case "image":
    case "document":
      return checkSource(block, path);
    case "tool_use":
      if (typeof block.id !== "string") return `${path}.id: Field required`;
      if (typeof block.name !== "string") return `${path}.name: Field required`;
      return isJsonObject(block.input) ? undefined : `${path}.input: Input should be a valid dictionary`;
    case "tool_result":
      return checkToolResult(block, path);
    case "thinking":
      if (typeof block.thinking !== "string") return `${path}.thinking: Field required`;
      if (typeof block.signature !== "string") return `${path}.signature: Field required`;
      return undefined;
    default:
      return typeof block.data === "string" ? undefined : `${path}.data: Field required`;
  }
}

function checkToolResult(block: JsonObject, path: string): string | undefined {
  if (typeof block.tool_use_id !== "string") return `${path}.tool_use_id: Field required`;
  if (block.is_error !== undefined && typeof block.is_error !== "boolean") {
    return `${path}.is_error: Input should be a valid boolean`;
  }
  const content = block.content;
  if (content === undefined || typeof content === "string") return undefined;
  if (!Array.isArray(content)) return `${path}.content: Input should be a valid list`;
  for (const [index, inner] of content.entries()) {
    const innerPath = `${path}.content.${index}`;
    if (isJsonObject(inner) && !["text", "image", "document"].includes(String(inner.type))) {
      return `${innerPath}: Input tag '${shown(inner.type)}' found using 'type' does not match any of the expected tags: 'document', 'image', 'text'`;
    }
    const error = checkBlock(inner, innerPath);
    if (error) return error;
  }
  return undefined;
}

function blocksOf(message: JsonObject): JsonObject[] {
  return Array.isArray(message.content) ? message.content.filter(isJsonObject) : [];
}

function idsOf(blocks: JsonObject[], type: string, key: string): string[] {
  return blocks.filter((block) => block.type === type).map((block) => String(block[key]));
}

/** `tool_use` blocks need their `tool_result` in the very next (user) message, and vice versa. */
function checkToolPairing(messages: JsonObject[]): string | undefined {
  for (const [index, message] of messages.entries()) {
    const next = messages[index + 1];
    const results = next?.role === "user" ? idsOf(blocksOf(next), "tool_result", "tool_use_id") : [];
    if (message.role === "assistant") {
      const missing = idsOf(blocksOf(message), "tool_use", "id").filter((id) => !results.includes(id));
      if (missing.length > 0) {
        return `messages.${index}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(", ")}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`;
      }
    } else {
      const previous = messages[index - 1];
      const uses = previous?.role === "assistant" ? idsOf(blocksOf(previous), "tool_use", "id") : [];
      for (const [blockIndex, block] of blocksOf(message).entries()) {
        if (block.type === "tool_result" && !uses.includes(String(block.tool_use_id))) {
          return `messages.${index}.content.${blockIndex}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${shown(block.tool_use_id)}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
        }
      }
    }
  }
  return undefined;
}

function checkThinkingBlocks(messages: JsonObject[], rules: MessageRules): string | undefined {
  for (const [index, message] of messages.entries()) {
    if (message.role !== "assistant") continue;
    for (const [blockIndex, block] of blocksOf(message).entries()) {
      if (block.type === "thinking" && !rules.signer.verify(String(block.thinking), block.signature)) {
        return invalidSignature(index, blockIndex);
      }
    }
  }
  if (!rules.thinkingEnabled) return undefined;
  const lastAssistant = messages.findLastIndex((message) => message.role === "assistant");
  const blocks = lastAssistant >= 0 ? blocksOf(messages[lastAssistant] as JsonObject) : [];
  const first = blocks[0];
  if (
    first &&
    blocks.some((block) => block.type === "tool_use") &&
    first.type !== "thinking" &&
    first.type !== "redacted_thinking"
  ) {
    return thinkingFirstRequired(lastAssistant, String(first.type));
  }
  return undefined;
}

export function checkMessages(value: unknown, rules: MessageRules): string | undefined {
  if (!Array.isArray(value)) {
    return malformedInput(`#/messages: expected type: JSONArray, found: ${jsonTypeName(value)}`);
  }
  if (value.length === 0) return "messages: at least one message is required";
  const messages: JsonObject[] = [];
  for (const [index, message] of value.entries()) {
    const path = `messages.${index}`;
    if (!isJsonObject(message)) return `${path}: ${NOT_OBJECT}`;
    if (message.role === "system") return SYSTEM_ROLE;
    if (message.role !== "user" && message.role !== "assistant") {
      return `${path}.role: Input should be 'user' or 'assistant'`;
    }
    for (const key of Object.keys(message)) {
      if (key !== "role" && key !== "content") return extraInputs(`${path}.${key}`);
    }
    const content = message.content;
    if (content === undefined) return `${path}.content: Field required`;
    const isFinalAssistant = index === value.length - 1 && message.role === "assistant";
    if ((content === "" || (Array.isArray(content) && content.length === 0)) && !isFinalAssistant) {
      return `${path}: all messages must have non-empty content except for the optional final assistant message`;
    }
    if (Array.isArray(content)) {
      for (const [blockIndex, block] of content.entries()) {
        const error = checkBlock(block, `${path}.content.${blockIndex}`);
        if (error) return error;
      }
    } else if (typeof content !== "string") {
      return `${path}.content: Input should be a valid string`;
    }
    messages.push(message);
  }
  return checkToolPairing(messages) ?? checkThinkingBlocks(messages, rules);
}
