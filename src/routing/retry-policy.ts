/**
 * How long a failed deployment cools down: the upstream's `Retry-After` when it sent one (delay
 * seconds or an HTTP date, RFC 9110 section 10.2.3; Azure also sends `retry-after-ms`), capped;
 * otherwise exponential backoff from a base, doubling with each consecutive failure, capped.
 * Pure functions: the caller passes the current time.
 */

/** `Retry-After` (seconds or HTTP date) as a delay in ms from `nowMs`; undefined when unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // An HTTP date (IMF-fixdate, or the obsolete RFC 850 / asctime forms Date.parse also reads).
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** `retry-after-ms` (Azure OpenAI) as a delay in ms; undefined when unreadable. */
export function parseRetryAfterMs(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined;
  return Math.round(Number(value));
}

/** Exponential backoff after the `failures`-th consecutive failure (1, 2, ...): base x 2^(n-1). */
export function backoffMs(failures: number, policy: { baseMs: number; maxMs: number }): number {
  const exponent = Math.max(0, Math.min(failures - 1, 30));
  return Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
}

/** The cooldown after a failure: the upstream's delay when known (capped), else backoff. */
export function cooldownMs(
  retryAfterMs: number | undefined,
  failures: number,
  policy: { baseMs: number; maxMs: number },
): number {
  if (retryAfterMs !== undefined) return Math.min(policy.maxMs, Math.max(0, retryAfterMs));
  return backoffMs(failures, policy);
}
