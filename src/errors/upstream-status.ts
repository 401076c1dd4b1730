/**
 * The one mapping from an upstream status (an HTTP answer of SAP AI Core, or the status of an
 * error inside its stream) to the status and code the client gets:
 *
 * - 401/403: SAP rejected the gateway's own credentials (after the retry with a fresh token). Not
 *   the client's authentication problem (a 401 would make SDKs ask their user for a new key):
 *   502 `upstream_auth_failed`.
 * - 529 (Anthropic's "overloaded"): 503.
 * - Other 5xx than 502/503/504 (500, 501, ...): 502, the gateway's upstream failed.
 * - Everything else (4xx about the request, 429, 502/503/504) keeps its status.
 */
import { ProxyError, type ErrorCode, type UpstreamDetails } from "./proxy-error.js";

export function isUpstreamAuthFailure(status: number): boolean {
  return status === 401 || status === 403;
}

export function clientStatusFor(upstreamStatus: number): number {
  if (isUpstreamAuthFailure(upstreamStatus)) return 502;
  if (upstreamStatus === 529) return 503;
  if (upstreamStatus >= 500 && ![502, 503, 504].includes(upstreamStatus)) return 502;
  return upstreamStatus;
}

export function upstreamErrorCode(upstreamStatus: number): ErrorCode {
  return isUpstreamAuthFailure(upstreamStatus) ? "upstream_auth_failed" : "upstream_error";
}

/**
 * The ProxyError for an upstream failure with status `upstream.status`. `subAccount` set: the
 * message of a 5xx, 429 or auth failure names SAP AI Core and the subaccount.
 */
export function upstreamStatusError(
  message: string,
  upstream: UpstreamDetails,
  options: { subAccount?: string; retryable?: boolean } = {},
): ProxyError {
  const status = upstream.status;
  const prefix =
    options.subAccount !== undefined && (status >= 500 || status === 429 || isUpstreamAuthFailure(status))
      ? `SAP AI Core (${options.subAccount}) answered ${status}: `
      : "";
  return new ProxyError(upstreamErrorCode(status), clientStatusFor(status), `${prefix}${message}`, {
    upstream,
    ...(options.retryable !== undefined ? { retryable: options.retryable } : {}),
  });
}
