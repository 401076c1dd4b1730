/**
 * Checks Vertex AI makes on a parsed `GenerateContentRequest` after the payload parser
 * (reference section 4.3): contents present, valid roles, non-empty parts and texts,
 * function-call / function-response turn order and counts, and Gemini 3 thought signatures.
 * Messages are the ones Vertex answers with ("Unable to submit request because ...", the
 * function-turn messages, "Function call is missing a thought_signature ...").
 */
import { requiresThoughtSignatures, type CatalogModel } from "../../catalog.js";
import type { ThinkingSigner } from "../../thinking-signer.js";
import { isJsonObject, type InferenceResponse, type JsonObject } from "../types.js";
import { invalidArgument, unableToSubmit } from "./errors.js";
import { contentsOf, partsOf } from "./parts.js";
import { checkThoughtSignatures } from "./thought-signatures.js";

const ROLES = new Set(["user", "model", "function"]);

function count(content: JsonObject | undefined, field: "functionCall" | "functionResponse"): number {
  return content ? partsOf(content).filter((part) => part[field] !== undefined).length : 0;
}

function validateContent(content: JsonObject): InferenceResponse | undefined {
  const role = content.role;
  if (typeof role === "string" && role !== "" && !ROLES.has(role)) {
    return unableToSubmit("Please use a valid role: user, model.");
  }
  const parts = partsOf(content);
  if (parts.length === 0) {
    return unableToSubmit("it must include at least one parts field, which describes the prompt input");
  }
  for (const part of parts) {
    if (part.text === "" && Object.keys(part).length === 1) {
      return unableToSubmit("it has an empty text parameter. Add a value to the parameter and try again");
    }
  }
  return undefined;
}

function validateFunctionTurns(contents: readonly JsonObject[]): InferenceResponse | undefined {
  for (const [index, content] of contents.entries()) {
    const previous = index > 0 ? contents[index - 1] : undefined;
    const responses = count(content, "functionResponse");
    if (responses > 0) {
      const calls = previous?.role === "model" ? count(previous, "functionCall") : 0;
      if (calls === 0) {
        return invalidArgument(
          "Please ensure that function response turn comes immediately after a function call turn.",
        );
      }
      if (calls !== responses) {
        return invalidArgument(
          "Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn.",
        );
      }
    }
    if (content.role === "model" && count(content, "functionCall") > 0) {
      if (!previous || previous.role === "model") {
        return invalidArgument(
          "Please ensure that function call turn comes immediately after a user turn or after a function response turn.",
        );
      }
    }
  }
  return undefined;
}

export function validateGenerateContent(
  body: JsonObject,
  model: CatalogModel,
  signer: ThinkingSigner,
): InferenceResponse | undefined {
  const contents = contentsOf(body);
  if (contents.length === 0) return unableToSubmit("at least one contents field is required");
  for (const content of contents) {
    const invalid = validateContent(content);
    if (invalid) return invalid;
  }
  if (isJsonObject(body.systemInstruction) && partsOf(body.systemInstruction).length === 0) {
    return unableToSubmit("it must include at least one parts field, which describes the prompt input");
  }
  return (
    validateFunctionTurns(contents) ??
    (requiresThoughtSignatures(model) ? checkThoughtSignatures(contents, signer) : undefined)
  );
}
