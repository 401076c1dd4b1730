/**
 * Renders a ProxyError in Google's error shape `{"error":{"code","message","status"}}`
 * (https://cloud.google.com/apis/design/errors), as an HTTP body, as an SSE event or as an element
 * of a JSON-array stream. The status name follows the HTTP status (google.rpc.Code mapping); an
 * upstream Google error that keeps its HTTP status also keeps its own status name and `details`
 * (field violations), so Gemini clients see what Vertex said.
 */
import type { ProxyError } from "../../errors/proxy-error.js";

export interface GoogleErrorBody {
  error: { code: number; message: string; status: string; details?: unknown[] };
}

const STATUS_NAMES: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  409: "ABORTED",
  413: "INVALID_ARGUMENT",
  415: "INVALID_ARGUMENT",
  422: "INVALID_ARGUMENT",
  429: "RESOURCE_EXHAUSTED",
  499: "CANCELLED",
  500: "INTERNAL",
  501: "NOT_IMPLEMENTED",
  502: "UNAVAILABLE",
  503: "UNAVAILABLE",
  504: "DEADLINE_EXCEEDED",
};

export function googleStatusName(status: number): string {
  return STATUS_NAMES[status] ?? (status >= 500 ? "INTERNAL" : "INVALID_ARGUMENT");
}

/** The `error` object of an upstream Google error body, if the body is one. */
export function upstreamGoogleError(text: string | undefined): Partial<GoogleErrorBody["error"]> | undefined {
  if (!text) return undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    // A JSON-array stream reports its error as a one-element array.
    const body = Array.isArray(parsed) ? (parsed[0] as unknown) : parsed;
    const error = body !== null && typeof body === "object" ? (body as { error?: unknown }).error : undefined;
    return error !== null && typeof error === "object" ? error : undefined;
  } catch {
    return undefined;
  }
}

export function googleErrorBody(error: ProxyError): GoogleErrorBody {
  const upstream = error.options.upstream;
  const original = upstream?.status === error.status ? upstreamGoogleError(upstream.body) : undefined;
  return {
    error: {
      code: error.status,
      message: error.message,
      status: typeof original?.status === "string" ? original.status : googleStatusName(error.status),
      ...(Array.isArray(original?.details) ? { details: original.details } : {}),
    },
  };
}
