/**
 * Prompt-cache accounting shared by `/invoke` (`cache_control` markers) and `/converse`
 * (`cachePoint` blocks). A request is read as an ordered list of segments (tools, then system,
 * then messages, as Anthropic and Bedrock order the cacheable prefix); the prefix ends at the last
 * marked segment. The simulator's `PromptCache` decides write vs read per deployment.
 */
import { countJsonTokens } from "../../token-count.js";
import type { InferenceRequest } from "../types.js";

export interface CacheSegment {
  /** What the segment contributes to the prompt (hashed and counted). */
  value: unknown;
  /** Tokens it costs; `countJsonTokens(value)` unless given (a `cachePoint` costs nothing). */
  tokens?: number;
  /** Set when the segment carries a cache marker: the TTL it asks for. */
  markerTtlSeconds?: number;
}

export interface InputUsage {
  /** Input tokens not read from or written to the cache (Anthropic's `input_tokens`). */
  inputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** Whether the request carried any cache marker. */
  cacheRequested: boolean;
}

export function ttlSeconds(ttl: unknown): number {
  return ttl === "1h" ? 3600 : 300;
}

function tokensOf(segment: CacheSegment): number {
  return segment.tokens ?? countJsonTokens(segment.value);
}

export function accountInput(request: InferenceRequest, segments: CacheSegment[]): InputUsage {
  const total = segments.reduce((sum, segment) => sum + tokensOf(segment), 0);
  let last = -1;
  segments.forEach((segment, index) => {
    if (segment.markerTtlSeconds !== undefined) last = index;
  });
  const marker = segments[last]?.markerTtlSeconds;
  if (marker === undefined) {
    return { inputTokens: total, cacheReadTokens: 0, cacheWriteTokens: 0, cacheRequested: false };
  }
  const prefix = segments.slice(0, last + 1);
  const prefixTokens = prefix.reduce((sum, segment) => sum + tokensOf(segment), 0);
  const usage = request.promptCache.use(
    request.deployment.id,
    JSON.stringify(prefix.map((segment) => segment.value)),
    prefixTokens,
    marker,
    request.nowMs,
  );
  return {
    inputTokens: total - usage.cacheReadTokens - usage.cacheWriteTokens,
    cacheReadTokens: usage.cacheReadTokens,
    cacheWriteTokens: usage.cacheWriteTokens,
    cacheRequested: true,
  };
}
