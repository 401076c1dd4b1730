/**
 * Azure OpenAI embeddings on SAP AI Core (reference section 4.1): `{input}` as a string, a list
 * of strings or token arrays; `dimensions` on text-embedding-3 models; `encoding_format` float or
 * base64 (the official OpenAI SDKs ask for base64 by default).
 */
import { countTokens } from "../../token-count.js";
import { embeddingVector, vectorToBase64 } from "../embedding-vector.js";
import { jsonResponse, type InferenceRequest, type InferenceResponse, type JsonObject } from "../types.js";
import { azureError, unknownParameter } from "./errors.js";

const EMBEDDING_PARAMETERS = new Set([
  "input",
  "model",
  "dimensions",
  "encoding_format",
  "user",
  "input_type",
]);

function inputs(value: unknown): string[] | undefined {
  const asText = (item: unknown): string | undefined =>
    typeof item === "string"
      ? item
      : Array.isArray(item) && item.every((token) => Number.isInteger(token))
        ? item.join(" ")
        : undefined;
  if (typeof value === "string") return value === "" ? undefined : [value];
  if (!Array.isArray(value) || value.length === 0) return undefined;
  if (value.every((token) => Number.isInteger(token))) return [value.join(" ")];
  const texts = value.map(asText);
  return texts.every((text): text is string => text !== undefined && text !== "") ? texts : undefined;
}

export function embeddings(request: InferenceRequest, body: JsonObject): InferenceResponse {
  for (const key of Object.keys(body)) if (!EMBEDDING_PARAMETERS.has(key)) return unknownParameter(key);
  const model = request.deployment.model;
  const texts = inputs(body.input);
  if (!texts) {
    return azureError(
      400,
      "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.",
      {
        param: "input",
      },
    );
  }
  const full = model.dimensions ?? 1536;
  let dimensions = full;
  if (body.dimensions !== undefined) {
    if (!model.name.startsWith("text-embedding-3")) {
      return azureError(400, "This model does not support specifying dimensions.", { param: "dimensions" });
    }
    if (
      !Number.isInteger(body.dimensions) ||
      (body.dimensions as number) < 1 ||
      (body.dimensions as number) > full
    ) {
      return azureError(400, `Invalid 'dimensions': expected an integer between 1 and ${full}.`, {
        param: "dimensions",
      });
    }
    dimensions = body.dimensions as number;
  }
  const format = body.encoding_format ?? "float";
  if (format !== "float" && format !== "base64") {
    return azureError(
      400,
      `Invalid value: '${JSON.stringify(format)}'. Supported values are: 'float' and 'base64'.`,
      {
        param: "encoding_format",
        code: "invalid_value",
      },
    );
  }
  const promptTokens = texts.reduce((sum, text) => sum + countTokens(text), 0);
  return jsonResponse(200, {
    data: texts.map((text, index) => {
      const vector = embeddingVector(text, dimensions);
      return { embedding: format === "base64" ? vectorToBase64(vector) : vector, index, object: "embedding" };
    }),
    model: model.name,
    object: "list",
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  });
}
