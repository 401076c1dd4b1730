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
   * The key the client presented, if any: a header first, then `queryKey` (the `key` query
   * parameter, passed only by routes whose clients send it there).
   */
  static presented(headers: IncomingHttpHeaders, queryKey?: unknown): string | undefined {
    const apiKey = headerValue(headers, "x-api-key") ?? headerValue(headers, "x-goog-api-key");
    if (apiKey) return apiKey;
    const authorization = headers.authorization;
    const bearer =
      typeof authorization === "string"
        ? /^Bearer\s+(.+)$/i.exec(authorization.trim())?.[1]?.trim()
        : undefined;
    if (bearer) return bearer;
    return typeof queryKey === "string" && queryKey.trim() ? queryKey.trim() : undefined;
  }

  accepts(headers: IncomingHttpHeaders, queryKey?: unknown): boolean {
    if (!this.enabled) return true;
    const presented = ClientKeys.presented(headers, queryKey);
    if (presented === undefined) return false;
    const candidate = digest(presented);
    let matched = false;
    for (const known of this.digests) matched = timingSafeEqual(known, candidate) || matched;
    return matched;
  }
}
