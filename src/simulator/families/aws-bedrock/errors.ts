/**
 * Bedrock error bodies as SAP AI Core relays them (reference section 5, unverified: section 8
 * item 9): a flat `{"message": "..."}` with the HTTP status. The messages mimic the three layers
 * a real request passes: Bedrock's JSON-schema check of InvokeModel bodies ("Malformed input
 * request: ..."), Anthropic's own validation (pydantic-style paths such as
 * `messages.0.content.0.cache_control.ephemeral.scope: Extra inputs are not permitted`), and the
 * Converse API's AWS validation ("1 validation error detected: ...").
 */
import { isJsonObject, jsonResponse, type InferenceRequest, type InferenceResponse } from "../types.js";

export function bedrockError(status: number, message: string): InferenceResponse {
  return jsonResponse(status, { message });
}

/** AWS exception name of a Bedrock error status. */
export function bedrockExceptionType(status: number): string {
  switch (status) {
    case 400:
      return "ValidationException";
    case 403:
      return "AccessDeniedException";
    case 404:
      return "ResourceNotFoundException";
    case 408:
      return "ModelTimeoutException";
    case 424:
      return "ModelErrorException";
    case 429:
      return "ThrottlingException";
    case 503:
      return "ServiceUnavailableException";
    default:
      return status >= 500 ? "InternalServerException" : "ValidationException";
  }
}

/** With `bedrockErrorBody: "message-and-type"`, error bodies also name the exception (section 8 item 9). */
export function withErrorType(request: InferenceRequest, response: InferenceResponse): InferenceResponse {
  if (request.behaviour.bedrockErrorBody !== "message-and-type") return response;
  if (response.type !== "json" || response.status < 400 || !isJsonObject(response.body)) return response;
  return { ...response, body: { ...response.body, type: bedrockExceptionType(response.status) } };
}

/** Bedrock's JSON-schema rejection of an InvokeModel body. */
export function malformedInput(detail: string): string {
  return `Malformed input request: ${detail}, please reformat your input and try again.`;
}

export function requiredKeyMissing(key: string, at = "#"): string {
  return malformedInput(`${at}: required key [${key}] not found`);
}

export function extraneousKey(key: string, at = "#"): string {
  return malformedInput(`${at}: extraneous key [${key}] is not permitted`);
}

/** Anthropic's rejection of a field it does not define at `path`. */
export function extraInputs(path: string): string {
  return `${path}: Extra inputs are not permitted`;
}

/** How the Converse API wraps an error that the model provider (Anthropic) raised. */
export function modelError(message: string): string {
  return `The model returned the following errors: ${message}`;
}

/** AWS request validation as the Converse API words it (1-based `member` paths). */
export function awsValidation(detail: string): string {
  return `1 validation error detected: ${detail}`;
}

export function jsonTypeName(value: unknown): string {
  if (value === null) return "Null";
  if (Array.isArray(value)) return "JSONArray";
  if (typeof value === "string") return "String";
  if (typeof value === "number") return Number.isInteger(value) ? "Integer" : "BigDecimal";
  if (typeof value === "boolean") return "Boolean";
  return "JSONObject";
}

/** A value as it appears inside an error message: strings bare, anything else as JSON. */
export function shown(value: unknown): string {
  return typeof value === "string" ? value : (JSON.stringify(value) ?? "null");
}
