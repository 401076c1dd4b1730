/**
 * The `gcp-vertexai` executable (Gemini; reference sections 4.3 and 7 item 6):
 * `/models/{model}:generateContent` and `/models/{model}:streamGenerateContent` (with or
 * without `?alt=sse`), where `{model}` is the deployment's SAP model name without a version.
 * A different model answers Vertex's "Publisher Model ... was not found" (status configurable,
 * unverified). Bodies go through the protobuf-JSON payload parser, then Vertex's request checks,
 * then the deterministic reply planner. Errors use Google's `{"error":{code,message,status}}`.
 */
import type { InferenceFamily, InferenceRequest, InferenceResponse } from "../types.js";
import { isJsonObject } from "../types.js";
import {
  faultMessage,
  googleError,
  googleErrorBody,
  googleStatusName,
  invalidPayload,
  publisherModelNotFound,
  unparsableBody,
} from "./errors.js";
import { parseGenerateContentRequest } from "./payload-parser.js";
import { buildReply, generateContentResponse } from "./response.js";
import { framedStream, streamFraming, streamGenerateContent } from "./stream.js";
import { validateGenerateContent } from "./validation.js";

const ROUTE = /^\/models\/(.+):(generateContent|streamGenerateContent)$/;

const STATUS_BY_KIND = {
  "rate-limit": "RESOURCE_EXHAUSTED",
  server: "INTERNAL",
  invalid: "INVALID_ARGUMENT",
  "not-found": "NOT_FOUND",
} as const;

function streaming(request: InferenceRequest): boolean {
  return request.suffix.includes(":streamGenerateContent");
}

/** Google's REST stream (no `alt=sse`) reports errors as a one-element JSON array. */
function framedError(request: InferenceRequest, response: InferenceResponse): InferenceResponse {
  if (response.type !== "text" || !streaming(request) || streamFraming(request) !== "json-array") {
    return response;
  }
  return { ...response, body: `[${response.body}\n]` };
}

function generate(request: InferenceRequest): InferenceResponse | undefined {
  const route = ROUTE.exec(request.suffix);
  if (!route?.[1]) return undefined;
  let pathModel = route[1];
  try {
    pathModel = decodeURIComponent(pathModel);
  } catch {
    // keep the raw segment
  }
  const model = request.deployment.model;
  if (pathModel !== model.name) return publisherModelNotFound(request, pathModel);

  let raw: unknown;
  try {
    raw = JSON.parse(request.rawBody);
  } catch {
    return unparsableBody(request.rawBody);
  }
  if (!isJsonObject(raw)) return unparsableBody(request.rawBody);
  const parsed = parseGenerateContentRequest(raw);
  if (!parsed.ok) return invalidPayload(parsed.violations);
  const invalid = validateGenerateContent(parsed.body, model, request.signer);
  if (invalid) return invalid;

  const reply = buildReply(request, parsed.body, model, request.signer);
  return route[2] === "streamGenerateContent"
    ? streamGenerateContent(request, reply)
    : generateContentResponse(reply);
}

export const gcpVertexAiFamily: InferenceFamily = {
  isStreaming: streaming,

  handle(request) {
    const response = generate(request);
    return response ? framedError(request, response) : undefined;
  },

  throttledStream(request, message) {
    const body = googleErrorBody(429, faultMessage(429, message), "RESOURCE_EXHAUSTED");
    return framedStream([body], streamFraming(request));
  },

  errorResponse(request, error) {
    const statusName = googleStatusName(error.status, STATUS_BY_KIND[error.kind]);
    return framedError(
      request,
      googleError(error.status, faultMessage(error.status, error.message), { statusName }),
    );
  },
};
