/**
 * Gemini thought signatures (reference section 7, `requiresThoughtSignatures`): the simulator
 * signs each `functionCall` part it returns, and for Gemini 3 models checks them when the client
 * sends the history back. As Google documents it, only the current turn is checked (the model
 * contents after the last user content that is not only function responses), and in each of its
 * model contents the first `functionCall` part must carry the signature it was returned with.
 * Missing → Vertex's "Function call is missing a thought_signature" 400; altered → "Corrupted
 * thought signature.". Google's documented placeholder signatures skip the check.
 */
import type { ThinkingSigner } from "../../thinking-signer.js";
import { isJsonObject, type InferenceResponse, type JsonObject } from "../types.js";
import { invalidArgument } from "./errors.js";
import { partsOf } from "./parts.js";

/** Placeholders Google documents for histories that did not come from Gemini. */
const SKIP_SIGNATURES = new Set(["skip_thought_signature_validator", "context_engineering_is_the_way_to_go"]);

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (isJsonObject(value)) {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableJson(value[key])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

function functionCallSubject(call: JsonObject): string {
  return `gemini-function-call\u0000${String(call.name)}\u0000${stableJson(call.args ?? {})}`;
}

export function signFunctionCall(signer: ThinkingSigner, name: string, args: unknown): string {
  return signer.sign(functionCallSubject({ name, args }));
}

export function signText(signer: ThinkingSigner, text: string): string {
  return signer.sign(`gemini-text\u0000${text}`);
}

/** Whether a user content opens a new turn (it holds something other than function responses). */
function opensTurn(content: JsonObject): boolean {
  if (content.role === "model") return false;
  return partsOf(content).some((part) => part.functionResponse === undefined);
}

export function checkThoughtSignatures(
  contents: readonly JsonObject[],
  signer: ThinkingSigner,
): InferenceResponse | undefined {
  let start = 0;
  for (let index = contents.length - 1; index >= 0; index -= 1) {
    const content = contents[index];
    if (content && opensTurn(content)) {
      start = index + 1;
      break;
    }
  }
  for (let index = start; index < contents.length; index += 1) {
    const content = contents[index];
    if (!content || content.role !== "model") continue;
    let first = true;
    for (const part of partsOf(content)) {
      if (!isJsonObject(part.functionCall)) continue;
      const signature = part.thoughtSignature;
      if (typeof signature === "string" && SKIP_SIGNATURES.has(signature)) {
        first = false;
        continue;
      }
      if (signature === undefined && first) {
        return invalidArgument(
          `Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call \`default_api:${String(part.functionCall.name)}\` , position ${index + 1}. Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.`,
        );
      }
      if (signature !== undefined && !signer.verify(functionCallSubject(part.functionCall), signature)) {
        return invalidArgument("Corrupted thought signature.");
      }
      first = false;
    }
  }
  return undefined;
}
