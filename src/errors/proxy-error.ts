/**
 * The gateway's one error type (architecture principle 6): a stable code, the HTTP status the
 * client gets, whether another deployment might succeed, and the upstream's status and body when
 * there is one. Each client protocol renders it in its own shape.
 */

export type ErrorCode =
  | "invalid_request"
  | "authentication_failed"
  | "model_not_found"
  | "unsupported_model"
  | "request_too_large"
  | "upstream_error"
  | "upstream_auth_failed"
  | "upstream_unreachable"
  | "upstream_timeout"
  | "not_found"
  | "internal_error"
  /** The client went away before the answer started (status 499, nothing is sent). */
  | "client_closed";

export interface UpstreamDetails {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export class ProxyError extends Error {
  override readonly name = "ProxyError";

  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
    readonly options: {
      retryable?: boolean;
      param?: string;
      upstream?: UpstreamDetails;
      cause?: unknown;
    } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
  }

  get retryable(): boolean {
    return this.options.retryable ?? (this.status === 408 || this.status === 429 || this.status >= 500);
  }
}
