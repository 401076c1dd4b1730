/**
 * Reads a validated Anthropic Messages body (Bedrock `/invoke`) into the simulator's
 * family-neutral `Conversation`, and into the ordered prompt segments (tools, system, messages)
 * that drive prompt-cache accounting: a segment carries a marker when its block has
 * `cache_control` (reference section 4.2.2).
 */
import type { Conversation, ToolChoice, ToolResultSummary, ToolSpec } from "../../reply.js";
import { isJsonObject, type JsonObject } from "../types.js";
import { ttlSeconds, type CacheSegment } from "./prompt-caching.js";

function blocksOf(content: unknown): JsonObject[] {
  if (typeof content === "string") return [{ type: "text", text: content }];
  return Array.isArray(content) ? content.filter(isJsonObject) : [];
}

function textOf(content: unknown): string {
  return blocksOf(content)
    .filter((block) => block.type === "text" && typeof block.text === "string")
    .map((block) => block.text as string)
    .join("\n");
}

/**
 * The prompt of a user turn: its last text block, skipping the `<system-reminder>` blocks Claude
 * Code puts before the user's words (they name tools, which would trigger tool calls).
 */
function promptOf(content: unknown): string {
  const texts = blocksOf(content)
    .filter((block) => block.type === "text" && typeof block.text === "string")
    .map((block) => block.text as string);
  return (
    [...texts].reverse().find((text) => !text.trimStart().startsWith("<system-reminder>")) ??
    texts.at(-1) ??
    ""
  );
}

function toolChoiceOf(value: unknown): ToolChoice {
  if (!isJsonObject(value)) return { type: "auto" };
  if (value.type === "any") return { type: "required" };
  if (value.type === "none") return { type: "none" };
  if (value.type === "tool" && typeof value.name === "string") return { type: "tool", name: value.name };
  return { type: "auto" };
}

export function invokeConversation(body: JsonObject, thinking: boolean): Conversation {
  const messages = (body.messages as unknown[]).filter(isJsonObject);
  const toolNames = new Map<string, string>();
  for (const message of messages) {
    for (const block of blocksOf(message.content)) {
      if (block.type === "tool_use") toolNames.set(String(block.id), String(block.name));
    }
  }
  const lastUser = messages.findLast((message) => message.role === "user");
  const blocks = blocksOf(lastUser?.content);
  const toolResults: ToolResultSummary[] = blocks
    .filter((block) => block.type === "tool_result")
    .map((block) => {
      const name = toolNames.get(String(block.tool_use_id));
      return { ...(name ? { name } : {}), content: textOf(block.content) };
    });
  const tools: ToolSpec[] = Array.isArray(body.tools)
    ? body.tools.filter(isJsonObject).map((tool) => ({ name: String(tool.name), schema: tool.input_schema }))
    : [];
  const stops = body.stop_sequences;
  return {
    lastUserText: promptOf(lastUser?.content),
    attachments: blocks.filter((block) => block.type === "image" || block.type === "document").length,
    toolResults,
    tools,
    toolChoice: toolChoiceOf(body.tool_choice),
    thinking,
    maxOutputTokens: body.max_tokens as number,
    stopSequences: Array.isArray(stops) ? stops.filter((stop) => typeof stop === "string") : [],
  };
}

/** A block as a prompt segment: its content without the marker, which costs no tokens. */
function segment(block: JsonObject): CacheSegment {
  const { cache_control: marker, ...value } = block;
  return isJsonObject(marker) ? { value, markerTtlSeconds: ttlSeconds(marker.ttl) } : { value };
}

/** Tools, system blocks and message blocks in prompt order, for prompt-cache accounting. */
export function invokeSegments(body: JsonObject): CacheSegment[] {
  const segments: CacheSegment[] = [];
  if (Array.isArray(body.tools))
    for (const tool of body.tools.filter(isJsonObject)) segments.push(segment(tool));
  for (const block of blocksOf(body.system)) segments.push(segment(block));
  for (const message of (body.messages as unknown[]).filter(isJsonObject)) {
    segments.push({ value: { role: message.role } });
    for (const block of blocksOf(message.content)) {
      segments.push(segment(block));
      // A marker inside a tool_result's content marks the tool_result itself.
      const inner = Array.isArray(block.content) ? block.content.filter(isJsonObject) : [];
      const marked = inner.findLast((item) => isJsonObject(item.cache_control));
      const last = segments[segments.length - 1];
      if (marked && last && isJsonObject(marked.cache_control)) {
        last.markerTtlSeconds = ttlSeconds(marked.cache_control.ttl);
      }
    }
  }
  return segments;
}
