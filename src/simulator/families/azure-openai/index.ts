/**
 * The `azure-openai` executable: `/chat/completions` and `/embeddings`, each with an
 * `api-version` query parameter whose value is opaque (reference section 4.1).
 */
import { sseJson } from "../../framing/sse.js";
import { parseJsonObject, type InferenceFamily, type InferenceRequest } from "../types.js";
import { chatCompletion, chatCompletionStream } from "./chat.js";
import { validateChatBody } from "./chat-validation.js";
import { PROMPT_FILTER_EVENT } from "./content-filter.js";
import { embeddings } from "./embeddings.js";
import { azureError, invalidBody } from "./errors.js";

function streaming(request: InferenceRequest): boolean {
  return request.suffix === "/chat/completions" && parseJsonObject(request.rawBody)?.stream === true;
}

export const azureOpenAiFamily: InferenceFamily = {
  isStreaming: streaming,

  handle(request) {
    if (request.suffix !== "/chat/completions" && request.suffix !== "/embeddings") return undefined;
    if (request.behaviour.requireApiVersion && !request.query["api-version"]) {
      return azureError(404, "Resource not found", { code: "404", type: "invalid_request_error" });
    }
    const body = parseJsonObject(request.rawBody);
    if (!body) return invalidBody();
    const model = request.deployment.model;
    if (request.suffix === "/embeddings") {
      if (model.kind !== "embedding") {
        return azureError(
          400,
          `The embeddings operation does not work with the specified model, ${model.name}. Please choose different model and try again.`,
          {
            code: "OperationNotSupported",
          },
        );
      }
      return embeddings(request, body);
    }
    if (model.kind !== "chat") {
      return azureError(
        400,
        `The chatCompletion operation does not work with the specified model, ${model.name}. Please choose different model and try again.`,
        {
          code: "OperationNotSupported",
        },
      );
    }
    const invalid = validateChatBody(body, model, request.behaviour.rejectReasoningSamplingParameters);
    if (invalid) return invalid;
    return body.stream === true ? chatCompletionStream(request, body) : chatCompletion(request, body);
  },

  throttledStream(_request, message = "exceeded token rate limit") {
    // As recorded in fixtures/sap-ai-sdk-java/openai/streamChatCompletionError.txt: the prompt-filter
    // event, then an error event, and no [DONE].
    return {
      type: "stream",
      contentType: "text/event-stream",
      events: [sseJson(PROMPT_FILTER_EVENT), sseJson({ error: { code: "429", message } })],
    };
  },

  errorResponse(_request, error) {
    return {
      type: "json",
      status: error.status,
      body: {
        error: {
          code: String(error.status),
          message:
            error.message ??
            (error.status === 429
              ? "Requests to the ChatCompletions_Create Operation have exceeded token rate limit. Please retry after 2 seconds."
              : "The server had an error while processing your request. Sorry about that!"),
        },
      },
    };
  },
};
