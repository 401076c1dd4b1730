/**
 * The error a client gets when no deployment could serve its request: the most meaningful of the
 * attempts' failures. A 429 wins (the client should wait, not give up), the one with the
 * shortest Retry-After; a 429 without one gets a Retry-After from the soonest moment a
 * deployment of the model is available again. Otherwise the last failure (5xx, timeout,
 * unreachable), with its own message: never a generic one.
 */
import { ProxyError } from "../errors/proxy-error.js";
import type { ClassifiedFailure } from "./failure-classifier.js";

export interface AttemptFailure {
  error: Error;
  failure: ClassifiedFailure;
}

function isRateLimit(failure: ClassifiedFailure): boolean {
  return failure.status === 429 || failure.upstreamStatus === 429;
}

/** `soonestMs`: delay until a deployment of the model is available again. */
export function failoverError(failures: readonly AttemptFailure[], soonestMs: number): Error | undefined {
  const limited = failures.filter((entry) => isRateLimit(entry.failure));
  if (limited.length === 0) return failures.at(-1)?.error;
  const shortest = limited.reduce((best, entry) =>
    (entry.failure.retryAfterMs ?? Number.POSITIVE_INFINITY) <
    (best.failure.retryAfterMs ?? Number.POSITIVE_INFINITY)
      ? entry
      : best,
  );
  const error = shortest.error;
  if (!(error instanceof ProxyError)) return error;
  const headers = error.options.upstream?.headers ?? {};
  if (headers["retry-after"] !== undefined) return error;
  const seconds = Math.max(1, Math.ceil(soonestMs / 1000));
  return new ProxyError(error.code, 429, error.message, {
    ...error.options,
    upstream: {
      ...(error.options.upstream ?? { status: 429 }),
      headers: { ...headers, "retry-after": String(seconds) },
    },
  });
}
