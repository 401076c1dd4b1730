/**
 * What a failed attempt means for routing (architecture principle 2, issue 6):
 * - `deployment`: this deployment could not serve, another may: connection errors, timeouts,
 *   429, 5xx (also as the first event of a 200 stream, already a ProxyError before commit), SAP
 *   rejecting this subaccount's credentials (after the one token refresh in `callDeployment`),
 *   and 404 from the inference URL (a deployment that was stopped or deleted since discovery;
 *   the gateway built the URL, so it is not the client's fault). It fails over and cools down.
 * - `client`: the upstream answered with a 4xx about the request; another deployment would say
 *   the same. Not retried; the deployment is alive.
 * - `gateway`: the request failed before reaching an upstream (validation, a bug). Not retried.
 */
import { ProxyError } from "../errors/proxy-error.js";
import { parseRetryAfter, parseRetryAfterMs } from "./retry-policy.js";

export type FailureKind = "deployment" | "client" | "gateway";

export interface ClassifiedFailure {
  kind: FailureKind;
  /** The status the client would see (ProxyError status), or 502 for anything else. */
  status: number;
  /** The upstream's status when there was one. */
  upstreamStatus: number | undefined;
  /** The upstream's requested delay (Retry-After / retry-after-ms), in ms. */
  retryAfterMs: number | undefined;
  message: string;
}

const DEPLOYMENT_CODES = new Set(["upstream_unreachable", "upstream_timeout", "upstream_auth_failed"]);

export function classifyFailure(error: unknown, nowMs: number): ClassifiedFailure {
  if (!(error instanceof ProxyError)) {
    return {
      kind: "gateway",
      status: 500,
      upstreamStatus: undefined,
      retryAfterMs: undefined,
      message: error instanceof Error ? error.message : String(error),
    };
  }
  const upstream = error.options.upstream;
  const headers = upstream?.headers ?? {};
  const retryAfterMs =
    parseRetryAfterMs(headers["retry-after-ms"]) ?? parseRetryAfter(headers["retry-after"], nowMs);
  const deploymentFailure = DEPLOYMENT_CODES.has(error.code) || upstream?.status === 404 || error.retryable;
  const kind: FailureKind = deploymentFailure ? "deployment" : upstream ? "client" : "gateway";
  return {
    kind,
    status: error.status,
    upstreamStatus: upstream?.status,
    retryAfterMs,
    message: error.message,
  };
}
