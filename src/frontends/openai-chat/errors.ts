/**
 * Renders a ProxyError in OpenAI's error shape `{"error":{"message","type","param","code"}}`;
 * an upstream 4xx keeps its status and message.
 */
import type { ProxyError } from "../../errors/proxy-error.js";

export interface OpenAiErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

function typeFor(status: number): string {
  if (status === 401) return "authentication_error";
  if (status === 403) return "permission_error";
  if (status === 404) return "invalid_request_error";
  if (status === 429) return "rate_limit_error";
  if (status >= 500) return "api_error";
  return "invalid_request_error";
}

export function openAiErrorBody(error: ProxyError): OpenAiErrorBody {
  return {
    error: {
      message: error.message,
      type: typeFor(error.status),
      param: error.options.param ?? null,
      code: error.code,
    },
  };
}
