/**
 * Google error bodies as Vertex AI returns them and SAP AI Core relays them (reference
 * section 5): `{"error":{"code":<http status>,"message":"...","status":"INVALID_ARGUMENT",
 * "details"?:[...]}}`, pretty-printed as Google's front end writes JSON. Messages follow what
 * Vertex answers in public issue threads: payload-parse errors ("Invalid JSON payload
 * received. ..."), Vertex's own checks ("Unable to submit request because ..."), an unknown
 * publisher model, and quota exhaustion.
 */
import type { InferenceRequest, InferenceResponse } from "../types.js";

const STATUS_NAMES: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  409: "ABORTED",
  429: "RESOURCE_EXHAUSTED",
  499: "CANCELLED",
  500: "INTERNAL",
  501: "NOT_IMPLEMENTED",
  503: "UNAVAILABLE",
  504: "DEADLINE_EXCEEDED",
};

const LEARN_MORE = "Learn more: https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/gemini";

export const RESOURCE_EXHAUSTED_MESSAGE =
  "Resource exhausted. Please try again later. Please refer to https://cloud.google.com/vertex-ai/generative-ai/docs/error-code-429 for more details.";

/** Vertex's wording for errors of a given status, used when a fault brings no message of its own. */
const MESSAGES_BY_STATUS: Record<number, string> = {
  429: RESOURCE_EXHAUSTED_MESSAGE,
  500: "Internal error encountered.",
  502: "Internal error encountered.",
  503: "The service is currently unavailable.",
  504: "Deadline expired before operation could complete.",
};

export interface FieldViolation {
  field?: string;
  description: string;
}

export function googleStatusName(status: number, fallback = "UNKNOWN"): string {
  return STATUS_NAMES[status] ?? fallback;
}

export function googleErrorBody(status: number, message: string, statusName?: string, details?: unknown[]) {
  return {
    error: {
      code: status,
      message,
      status: statusName ?? googleStatusName(status),
      ...(details ? { details } : {}),
    },
  };
}

export function googleError(
  status: number,
  message: string,
  options: { statusName?: string; details?: unknown[]; headers?: Record<string, string> } = {},
): InferenceResponse {
  return {
    type: "text",
    status,
    contentType: "application/json; charset=UTF-8",
    body: JSON.stringify(googleErrorBody(status, message, options.statusName, options.details), null, 2),
    ...(options.headers ? { headers: options.headers } : {}),
  };
}

/** A request-parse failure: every violation in `details`, their descriptions joined in `message`. */
export function invalidPayload(violations: readonly FieldViolation[]): InferenceResponse {
  return googleError(400, violations.map((violation) => violation.description).join("\n"), {
    details: [{ "@type": "type.googleapis.com/google.rpc.BadRequest", fieldViolations: violations }],
  });
}

/** A body that is not JSON at all, or not a JSON object. */
export function unparsableBody(raw: string): InferenceResponse {
  let reason = "Unexpected token.";
  try {
    JSON.parse(raw);
    reason = 'Unknown name "": Root element must be a message.';
  } catch {
    // keep the syntax error wording
  }
  return invalidPayload([{ description: `Invalid JSON payload received. ${reason}` }]);
}

/** Vertex's own request checks: "Unable to submit request because <reason>. Learn more: ...". */
export function unableToSubmit(reason: string): InferenceResponse {
  return googleError(400, `Unable to submit request because ${reason}. ${LEARN_MORE}`);
}

export function invalidArgument(message: string): InferenceResponse {
  return googleError(400, message);
}

export function publisherModelNotFound(request: InferenceRequest, model: string): InferenceResponse {
  const status = request.behaviour.geminiModelMismatchStatus;
  const resource = `projects/sap-ai-core-${request.tenant.name}/locations/europe-west1/publishers/google/models/${model}`;
  return googleError(
    status,
    `Publisher Model \`${resource}\` was not found or your project does not have access to it. Please ensure you are using a valid model version. For more information, see: https://cloud.google.com/vertex-ai/generative-ai/docs/learn/model-versions`,
    { statusName: googleStatusName(status, "NOT_FOUND") },
  );
}

/** The message of an injected fault: its own, or Vertex's wording for the status. */
export function faultMessage(status: number, message: string | undefined): string {
  return message ?? MESSAGES_BY_STATUS[status] ?? "Request failed.";
}
