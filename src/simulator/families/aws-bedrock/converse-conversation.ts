/**
 * Reads a validated Converse body into the simulator's family-neutral `Conversation`, and into
 * prompt segments for cache accounting: a `cachePoint` block (in `toolConfig.tools`, `system` or
 * message content) marks everything before it as cacheable (reference section 4.2.3).
 */
import type { Conversation, ToolChoice, ToolResultSummary, ToolSpec } from "../../reply.js";
import { isJsonObject, type JsonObject } from "../types.js";
import { ttlSeconds, type CacheSegment } from "./prompt-caching.js";

function blocksOf(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

function textOf(blocks: JsonObject[]): string {
  return blocks
    .flatMap((block) =>
      typeof block.text === "string"
        ? [block.text]
        : block.json !== undefined
          ? [JSON.stringify(block.json)]
          : [],
    )
    .join("\n");
}

function toolChoiceOf(config: JsonObject): ToolChoice {
  const choice = config.toolChoice;
  if (!isJsonObject(choice)) return { type: "auto" };
  if (choice.any !== undefined) return { type: "required" };
  if (isJsonObject(choice.tool) && typeof choice.tool.name === "string") {
    return { type: "tool", name: choice.tool.name };
  }
  return { type: "auto" };
}

export function converseConversation(body: JsonObject, thinking: boolean, maxTokens: number): Conversation {
  const messages = blocksOf(body.messages);
  const toolNames = new Map<string, string>();
  for (const message of messages) {
    for (const block of blocksOf(message.content)) {
      if (isJsonObject(block.toolUse))
        toolNames.set(String(block.toolUse.toolUseId), String(block.toolUse.name));
    }
  }
  const lastUser = messages.findLast((message) => message.role === "user");
  const blocks = blocksOf(lastUser?.content);
  const toolResults: ToolResultSummary[] = blocks.flatMap((block) => {
    const result = block.toolResult;
    if (!isJsonObject(result)) return [];
    const name = toolNames.get(String(result.toolUseId));
    return [{ ...(name ? { name } : {}), content: textOf(blocksOf(result.content)) }];
  });
  const config = isJsonObject(body.toolConfig) ? body.toolConfig : {};
  const tools: ToolSpec[] = blocksOf(config.tools).flatMap((tool) => {
    const spec = tool.toolSpec;
    if (!isJsonObject(spec)) return [];
    const schema = isJsonObject(spec.inputSchema) ? spec.inputSchema.json : undefined;
    return [{ name: String(spec.name), schema }];
  });
  const inference = isJsonObject(body.inferenceConfig) ? body.inferenceConfig : {};
  const stops = inference.stopSequences;
  return {
    lastUserText: textOf(blocks),
    attachments: blocks.filter((block) => block.image !== undefined || block.document !== undefined).length,
    toolResults,
    tools,
    toolChoice: toolChoiceOf(config),
    thinking,
    maxOutputTokens: maxTokens,
    stopSequences: Array.isArray(stops) ? stops.filter((stop) => typeof stop === "string") : [],
  };
}

function segment(block: JsonObject): CacheSegment {
  const point = block.cachePoint;
  return isJsonObject(point)
    ? { value: block, tokens: 0, markerTtlSeconds: ttlSeconds(point.ttl) }
    : { value: block };
}

/** Tool specs, system blocks and message blocks in prompt order, for prompt-cache accounting. */
export function converseSegments(body: JsonObject): CacheSegment[] {
  const config = isJsonObject(body.toolConfig) ? body.toolConfig : {};
  const segments: CacheSegment[] = blocksOf(config.tools).map(segment);
  for (const block of blocksOf(body.system)) segments.push(segment(block));
  for (const message of blocksOf(body.messages)) {
    segments.push({ value: { role: message.role } });
    for (const block of blocksOf(message.content)) segments.push(segment(block));
  }
  return segments;
}
