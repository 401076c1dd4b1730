/**
 * Prompt-cache bookkeeping for Claude: a cacheable prefix (everything up to the last
 * `cache_control` / `cachePoint` marker) is written on first sight and read afterwards, per
 * deployment, for five minutes (or one hour with `ttl: "1h"`). Usage reports the split as
 * `cache_creation_input_tokens` / `cache_read_input_tokens`.
 */
import { createHash } from "node:crypto";

export interface CacheUsage {
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

export class PromptCache {
  private readonly entries = new Map<string, number>();

  constructor(private readonly minTokens: number) {}

  /** Accounts one request whose cacheable prefix is `prefix` (serialised) with `prefixTokens` tokens. */
  use(scope: string, prefix: string, prefixTokens: number, ttlSeconds: number, nowMs: number): CacheUsage {
    if (prefixTokens < this.minTokens) return { cacheReadTokens: 0, cacheWriteTokens: 0 };
    const key = createHash("sha256").update(scope).update("\u0000").update(prefix).digest("hex");
    const expiresAt = this.entries.get(key);
    this.entries.set(key, nowMs + ttlSeconds * 1000);
    if (expiresAt !== undefined && expiresAt > nowMs)
      return { cacheReadTokens: prefixTokens, cacheWriteTokens: 0 };
    return { cacheReadTokens: 0, cacheWriteTokens: prefixTokens };
  }
}
