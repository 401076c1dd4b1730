/**
 * Amazon Titan text embeddings on Bedrock `/invoke` (reference section 4.2.2:
 * `{"inputText": "..."}` → `{"embedding": [...], "inputTextTokenCount": n}`), with the V2 options
 * `dimensions` (256, 512, 1024), `normalize` and `embeddingTypes` (`float`, `binary`). Invalid
 * bodies get Bedrock's JSON-schema messages.
 */
import { countTokens } from "../../token-count.js";
import { embeddingVector } from "../embedding-vector.js";
import { jsonResponse, type InferenceResponse, type JsonObject } from "../types.js";
import { bedrockError, extraneousKey, jsonTypeName, malformedInput, requiredKeyMissing } from "./errors.js";

const TITAN_FIELDS = ["inputText", "dimensions", "normalize", "embeddingTypes"];
const DIMENSIONS = [256, 512, 1024];
const EMBEDDING_TYPES = ["float", "binary"];

function checkTitanBody(body: JsonObject): string | undefined {
  for (const key of Object.keys(body)) if (!TITAN_FIELDS.includes(key)) return extraneousKey(key);
  const { inputText, dimensions, normalize, embeddingTypes } = body;
  if (inputText === undefined) return requiredKeyMissing("inputText");
  if (typeof inputText !== "string") {
    return malformedInput(`#/inputText: expected type: String, found: ${jsonTypeName(inputText)}`);
  }
  if (inputText.length === 0) return malformedInput("#/inputText: expected minLength: 1, actual: 0");
  if (dimensions !== undefined && !DIMENSIONS.includes(dimensions as number)) {
    return malformedInput(`#/dimensions: ${JSON.stringify(dimensions)} is not a valid enum value`);
  }
  if (normalize !== undefined && typeof normalize !== "boolean") {
    return malformedInput(`#/normalize: expected type: Boolean, found: ${jsonTypeName(normalize)}`);
  }
  if (embeddingTypes !== undefined) {
    if (!Array.isArray(embeddingTypes)) {
      return malformedInput(
        `#/embeddingTypes: expected type: JSONArray, found: ${jsonTypeName(embeddingTypes)}`,
      );
    }
    const wrong = embeddingTypes.findIndex((type) => !EMBEDDING_TYPES.includes(type as string));
    if (wrong >= 0) {
      return malformedInput(
        `#/embeddingTypes/${wrong}: ${JSON.stringify(embeddingTypes[wrong])} is not a valid enum value`,
      );
    }
  }
  return undefined;
}

export function titanEmbedding(body: JsonObject, fullDimensions: number): InferenceResponse {
  const error = checkTitanBody(body);
  if (error) return bedrockError(400, error);
  const text = body.inputText as string;
  const dimensions = typeof body.dimensions === "number" ? body.dimensions : fullDimensions;
  const unit = embeddingVector(text, dimensions);
  // Without normalisation the vector keeps a text-dependent magnitude (the value is simulated).
  const scale = body.normalize === false ? 1 + (countTokens(text) % 7) / 2 : 1;
  const embedding = unit.map((value) => Math.fround(value * scale));
  const types = Array.isArray(body.embeddingTypes) ? body.embeddingTypes : undefined;
  const byType: JsonObject = {};
  if (types?.includes("float")) byType.float = embedding;
  if (types?.includes("binary")) byType.binary = embedding.map((value) => (value > 0 ? 1 : 0));
  return jsonResponse(200, {
    embedding,
    ...(types ? { embeddingsByType: byType } : {}),
    inputTextTokenCount: countTokens(text),
  });
}
