/**
 * Client keys: accepted in `Authorization: Bearer <key>` or `x-api-key`, compared in constant
 * time (both sides hashed first, so lengths do not leak). An empty key list disables auth.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

export class ClientKeys {
  private readonly digests: Buffer[];

  constructor(keys: readonly string[]) {
    this.digests = keys.map(digest);
  }

  get enabled(): boolean {
    return this.digests.length > 0;
  }

  /** The key the client presented, if any. */
  static presented(headers: IncomingHttpHeaders): string | undefined {
    const apiKey = headers["x-api-key"];
    if (typeof apiKey === "string" && apiKey.trim()) return apiKey.trim();
    const authorization = headers.authorization;
    if (typeof authorization !== "string") return undefined;
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    return match?.[1]?.trim();
  }

  accepts(headers: IncomingHttpHeaders): boolean {
    if (!this.enabled) return true;
    const presented = ClientKeys.presented(headers);
    if (presented === undefined) return false;
    const candidate = digest(presented);
    let matched = false;
    for (const known of this.digests) matched = timingSafeEqual(known, candidate) || matched;
    return matched;
  }
}
