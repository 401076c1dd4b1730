/**
 * Client keys: accepted in `Authorization: Bearer <key>`, `x-api-key` or `x-goog-api-key` (the
 * header Google's SDKs send), and, for routes that allow it, a `?key=` query parameter (Google's
 * REST convention); compared in constant time (both sides hashed first, so lengths do not leak).
 * An empty key list disables auth.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return typeof value === "string" && value.trim() ? value.trim() : undefined;
}

export class ClientKeys {
  private readonly digests: Buffer[];

  constructor(keys: readonly string[]) {
    this.digests = keys.map(digest);
  }

  get enabled(): boolean {
    return this.digests.length > 0;
  }

  /**
   * Every key the client presented, in order: `x-api-key`, `x-goog-api-key`, the Bearer token,
   * then `queryKey` (the `key` query parameter, passed only by routes whose clients send it
   * there). A client may send several (Claude Code with both ANTHROPIC_API_KEY and
   * ANTHROPIC_AUTH_TOKEN): any of them may be the valid one.
   */
  static presented(headers: IncomingHttpHeaders, queryKey?: unknown): string[] {
    const authorization = headers.authorization;
    const bearer =
      typeof authorization === "string"
        ? /^Bearer\s+(.+)$/i.exec(authorization.trim())?.[1]?.trim()
        : undefined;
    const query = typeof queryKey === "string" && queryKey.trim() ? queryKey.trim() : undefined;
    return [headerValue(headers, "x-api-key"), headerValue(headers, "x-goog-api-key"), bearer, query].filter(
      (value): value is string => value !== undefined && value !== "",
    );
  }

  /** Whether any presented key is a known one; each comparison is constant time. */
  accepts(headers: IncomingHttpHeaders, queryKey?: unknown): boolean {
    if (!this.enabled) return true;
    let matched = false;
    for (const presented of ClientKeys.presented(headers, queryKey)) {
      const candidate = digest(presented);
      for (const known of this.digests) matched = timingSafeEqual(known, candidate) || matched;
    }
    return matched;
  }
}
