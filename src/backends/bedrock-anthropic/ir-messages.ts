/**
 * IR messages -> Anthropic `messages` as Bedrock `/invoke` accepts them (reference section 4.2.2):
 * strict user/assistant alternation (consecutive same-role turns merged, tool results first in a
 * user turn), no empty text blocks and no empty turns, tool ids reduced to Anthropic's
 * `^[a-zA-Z0-9_-]+$`, thinking blocks only with their signature (an unsigned one is rejected) and
 * at the start of their turn, images and documents as base64 / url / text sources.
 * https://docs.claude.com/en/api/messages
 */
import type {
  IrCacheMarker,
  IrContentBlock,
  IrImageBlock,
  IrMessage,
  IrTextBlock,
  JsonObject,
  JsonValue,
} from "../../ir/request.js";

/** A type alias (not an interface) so that it is a `JsonObject` too. */
export type AnthropicMessage = {
  role: "user" | "assistant";
  content: JsonObject[];
};

export function cacheControl(cache: IrCacheMarker | undefined): JsonObject {
  if (!cache) return {};
  return { cache_control: cache.ttl ? { type: "ephemeral", ttl: cache.ttl } : { type: "ephemeral" } };
}

/** Anthropic tool ids allow letters, digits, `_` and `-`; other clients' ids may not. */
export function toolId(id: string): string {
  const cleaned = id.replace(/[^a-zA-Z0-9_-]/g, "_");
  return cleaned === "" ? "toolu_empty" : cleaned;
}

function imageBlock(block: IrImageBlock): JsonObject {
  const { source } = block;
  const wire: JsonObject =
    source.kind === "base64"
      ? { type: "base64", media_type: source.mediaType, data: source.data }
      : { type: "url", url: source.url };
  return { type: "image", source: wire, ...cacheControl(block.cache) };
}

function resultContent(blocks: (IrTextBlock | IrImageBlock)[]): JsonObject[] {
  const out: JsonObject[] = [];
  for (const block of blocks) {
    if (block.type === "image") out.push(imageBlock(block));
    else if (block.text !== "") out.push({ type: "text", text: block.text, ...cacheControl(block.cache) });
  }
  return out;
}

function objectInput(input: JsonValue): JsonObject {
  if (input !== null && typeof input === "object" && !Array.isArray(input)) return input;
  return { value: input };
}

/** One IR block as an Anthropic block; undefined when it must not be sent. */
function wireBlock(block: IrContentBlock): JsonObject | undefined {
  switch (block.type) {
    case "text":
      return block.text === "" ? undefined : { type: "text", text: block.text, ...cacheControl(block.cache) };
    case "image":
      return imageBlock(block);
    case "document": {
      const { source } = block;
      const wire: JsonObject =
        source.kind === "text"
          ? { type: "text", media_type: "text/plain", data: source.text }
          : source.kind === "base64"
            ? { type: "base64", media_type: source.mediaType, data: source.data }
            : { type: "url", url: source.url };
      return {
        type: "document",
        source: wire,
        ...(block.title ? { title: block.title } : {}),
        ...cacheControl(block.cache),
      };
    }
    case "tool-call":
      return {
        type: "tool_use",
        id: toolId(block.id),
        name: block.name,
        input: objectInput(block.input),
        ...cacheControl(block.cache),
      };
    case "tool-result": {
      const content = resultContent(block.content);
      return {
        type: "tool_result",
        tool_use_id: toolId(block.toolCallId),
        ...(content.length > 0 ? { content } : {}),
        ...(block.isError ? { is_error: true } : {}),
        ...cacheControl(block.cache),
      };
    }
    case "thinking":
      return block.signature
        ? { type: "thinking", thinking: block.text, signature: block.signature }
        : undefined;
    case "redacted-thinking":
      return { type: "redacted_thinking", data: block.data };
  }
}

const FIRST_IN_TURN: Record<"user" | "assistant", readonly string[]> = {
  user: ["tool_result"],
  assistant: ["thinking", "redacted_thinking"],
};

/** Stable partition: tool results lead a user turn, thinking leads an assistant turn. */
function ordered(message: AnthropicMessage): AnthropicMessage {
  const first = FIRST_IN_TURN[message.role];
  const leads = (block: JsonObject) => typeof block.type === "string" && first.includes(block.type);
  const lead = message.content.filter(leads);
  const rest = message.content.filter((block) => !leads(block));
  return { role: message.role, content: [...lead, ...rest] };
}

export function toAnthropicMessages(messages: IrMessage[]): AnthropicMessage[] {
  const out: AnthropicMessage[] = [];
  for (const message of messages) {
    const content = message.content.map(wireBlock).filter((block) => block !== undefined);
    if (content.length === 0) continue;
    const previous = out[out.length - 1];
    if (previous && previous.role === message.role) previous.content.push(...content);
    else out.push({ role: message.role, content });
  }
  return out.map(ordered);
}

/** Whether the last assistant turn calls tools without opening with a (signed) thinking block. */
export function lastToolTurnLacksThinking(messages: AnthropicMessage[]): boolean {
  const last = messages.findLast((message) => message.role === "assistant");
  if (!last || !last.content.some((block) => block.type === "tool_use")) return false;
  const first = last.content[0]?.type;
  return first !== "thinking" && first !== "redacted_thinking";
}
