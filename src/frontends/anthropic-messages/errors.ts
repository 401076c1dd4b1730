/**
 * Renders a ProxyError in Anthropic's error shape `{"type":"error","error":{"type","message"}}`
 * (https://docs.anthropic.com/en/api/errors), as an HTTP body or as the data of `event: error`.
 * The type follows the status: 400 invalid_request_error, 401 authentication_error,
 * 403 permission_error, 404 not_found_error, 413 request_too_large, 429 rate_limit_error,
 * 503/529 overloaded_error, other 5xx api_error.
 */
import type { ProxyError } from "../../errors/proxy-error.js";

export interface AnthropicErrorBody {
  type: "error";
  error: { type: string; message: string };
}

export function anthropicErrorType(status: number): string {
  switch (status) {
    case 400:
    case 415:
    case 422:
      return "invalid_request_error";
    case 401:
      return "authentication_error";
    case 403:
      return "permission_error";
    case 404:
      return "not_found_error";
    case 413:
      return "request_too_large";
    case 429:
      return "rate_limit_error";
    case 503:
    case 529:
      return "overloaded_error";
    default:
      return status >= 500 ? "api_error" : "invalid_request_error";
  }
}

export function anthropicErrorBody(error: ProxyError): AnthropicErrorBody {
  return { type: "error", error: { type: anthropicErrorType(error.status), message: error.message } };
}

/** The `event: error` frame that ends an Anthropic stream. */
export function anthropicErrorFrame(error: ProxyError): string {
  return `event: error\ndata: ${JSON.stringify(anthropicErrorBody(error))}\n\n`;
}
