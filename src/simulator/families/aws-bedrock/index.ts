/**
 * The `aws-bedrock` executable (reference section 4.2): `/invoke` and
 * `/invoke-with-response-stream` with Anthropic Messages bodies for Claude or Titan embedding
 * bodies, and `/converse` and `/converse-stream` with Converse bodies for Claude and Nova. Streams
 * come in the binary AWS event-stream framing or as `data:` lines (section 4.2.5); errors are
 * Bedrock's flat `{"message": ...}` (section 5).
 */
import {
  isJsonObject,
  jsonResponse,
  type InferenceFamily,
  type InferenceRequest,
  type InferenceResponse,
  type JsonObject,
} from "../types.js";
import { isClaude } from "./claude-model.js";
import { converseResponse, converseStreamEvents } from "./converse-reply.js";
import { checkConverseBody } from "./converse-validation.js";
import { bedrockError, extraneousKey, jsonTypeName, malformedInput, withErrorType } from "./errors.js";
import { invokeMessage, invokeStreamEvents } from "./invoke-reply.js";
import { checkInvokeBody } from "./invoke-validation.js";
import { THROTTLING_MESSAGE, converseStream, invokeStream, throttledStream } from "./stream-framing.js";
import { titanEmbedding } from "./titan.js";

const SUFFIXES = ["/invoke", "/invoke-with-response-stream", "/converse", "/converse-stream"];
/** Top-level keys of Nova's native InvokeModel schema ("messages-v1"). */
const NOVA_INVOKE_FIELDS = ["schemaVersion", "system", "messages", "inferenceConfig", "toolConfig"];

function parseBody(raw: string): JsonObject | string {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return "Malformed input request, please reformat your input and try again.";
  }
  return isJsonObject(value)
    ? value
    : malformedInput(`#: expected type: JSONObject, found: ${jsonTypeName(value)}`);
}

/** Nova's native invoke schema is not emulated: Anthropic bodies get Bedrock's schema error. */
function novaInvoke(request: InferenceRequest, body: JsonObject): InferenceResponse {
  const foreign = Object.keys(body).find((key) => !NOVA_INVOKE_FIELDS.includes(key));
  if (foreign) return bedrockError(400, extraneousKey(foreign));
  return bedrockError(
    400,
    malformedInput(
      `#: ${request.deployment.model.name} is served by the simulator on /converse and /converse-stream only (Nova's native InvokeModel schema is not emulated)`,
    ),
  );
}

function invoke(request: InferenceRequest, body: JsonObject, stream: boolean): InferenceResponse {
  const model = request.deployment.model;
  if (model.kind === "embedding") {
    return stream
      ? bedrockError(400, "The model is unsupported for streaming.")
      : titanEmbedding(body, model.dimensions ?? 1024);
  }
  if (!isClaude(model)) return novaInvoke(request, body);
  const checked = checkInvokeBody(body, request);
  if (typeof checked === "string") return bedrockError(400, checked);
  return stream
    ? invokeStream(request, invokeStreamEvents(request, body, checked))
    : jsonResponse(200, invokeMessage(request, body, checked));
}

function converse(request: InferenceRequest, body: JsonObject, stream: boolean): InferenceResponse {
  if (request.deployment.model.kind !== "chat") {
    return bedrockError(
      400,
      "This action doesn't support the model that you provided. Try again with a supported text or chat model.",
    );
  }
  const checked = checkConverseBody(body, request);
  if (typeof checked === "string") return bedrockError(400, checked);
  return stream
    ? converseStream(request, converseStreamEvents(request, body, checked))
    : jsonResponse(200, converseResponse(request, body, checked));
}

export const awsBedrockFamily: InferenceFamily = {
  isStreaming: (request) => request.suffix.endsWith("-stream"),

  handle(request) {
    if (!SUFFIXES.includes(request.suffix)) return undefined;
    const body = parseBody(request.rawBody);
    if (typeof body === "string") return withErrorType(request, bedrockError(400, body));
    const stream = request.suffix.endsWith("-stream");
    return withErrorType(
      request,
      request.suffix.startsWith("/invoke") ? invoke(request, body, stream) : converse(request, body, stream),
    );
  },

  throttledStream,

  errorResponse: (request, error) =>
    withErrorType(
      request,
      bedrockError(
        error.status,
        error.message ??
          (error.status === 429
            ? THROTTLING_MESSAGE
            : "The system encountered an unexpected error during processing. Try your request again."),
      ),
    ),
};
