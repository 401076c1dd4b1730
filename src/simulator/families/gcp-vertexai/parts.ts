/**
 * Accessors for the `contents` and `parts` of a parsed (camelCase) Gemini request body.
 */
import { isJsonObject, type JsonObject } from "../types.js";

export function contentsOf(body: JsonObject): JsonObject[] {
  return Array.isArray(body.contents) ? body.contents.filter(isJsonObject) : [];
}

export function partsOf(content: unknown): JsonObject[] {
  return isJsonObject(content) && Array.isArray(content.parts) ? content.parts.filter(isJsonObject) : [];
}
