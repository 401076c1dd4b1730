/**
 * Gemini `GenerateContentResponse` JSON -> IR response (reference section 4.3): the first
 * candidate's parts in order — thought parts (`thought: true`) as thinking, text as text,
 * `functionCall` parts as tool calls with synthesised ids (ir-common.ts) — the finish reason
 * (a blocked prompt is a content filter) and usage. A function call's `thoughtSignature` is
 * kept as the signature of the thinking block before it (thought-signatures.ts): the block of
 * the thoughts just shown, or an empty one. Signatures on text parts (Gemini 3) are not needed
 * to continue a conversation and are left out.
 */
import { isJsonObject } from "../../ir/json.js";
import { ProxyError } from "../../errors/proxy-error.js";
import type { IrResponse, IrOutputBlock } from "../../ir/response.js";
import type { JsonObject } from "../../ir/request.js";
import { emptyUsage } from "../../ir/usage.js";
import { blockedPrompt, geminiFinish, geminiUsage, idSeed, toolCallId } from "./ir-common.js";
import { irSignatureOf } from "./thought-signatures.js";

function partsOf(candidate: JsonObject | undefined): JsonObject[] {
  const content = candidate && isJsonObject(candidate.content) ? candidate.content : undefined;
  return content && Array.isArray(content.parts) ? content.parts.filter(isJsonObject) : [];
}

/** The candidate a client sees: index 0 (Vertex leaves the index out when it is 0). */
export function firstCandidate(body: JsonObject): JsonObject | undefined {
  const candidates = Array.isArray(body.candidates) ? body.candidates.filter(isJsonObject) : [];
  return candidates.find((candidate) => (candidate.index ?? 0) === 0);
}

export function decodeGeminiResponse(body: unknown): IrResponse {
  if (!isJsonObject(body))
    throw new ProxyError("upstream_error", 502, "malformed Gemini response: not a JSON object");
  const candidate = firstCandidate(body);
  const seed = idSeed(body.responseId);
  const content: IrOutputBlock[] = [];
  let calls = 0;
  for (const part of partsOf(candidate)) {
    const last = content[content.length - 1];
    const signature = typeof part.thoughtSignature === "string" ? part.thoughtSignature : undefined;
    if (typeof part.text === "string" && part.thought === true) {
      if (last?.type === "thinking" && last.signature === undefined) last.text += part.text;
      else content.push({ type: "thinking", text: part.text });
      const block = content[content.length - 1];
      if (signature && block?.type === "thinking") block.signature = irSignatureOf(signature);
    } else if (typeof part.text === "string") {
      if (part.text === "") continue;
      if (last?.type === "text") last.text += part.text;
      else content.push({ type: "text", text: part.text });
    } else if (isJsonObject(part.functionCall)) {
      const call = part.functionCall;
      if (signature) {
        if (last?.type === "thinking" && last.signature === undefined)
          last.signature = irSignatureOf(signature);
        else content.push({ type: "thinking", text: "", signature: irSignatureOf(signature) });
      }
      content.push({
        type: "tool-call",
        id: toolCallId(seed, calls, call.id),
        name: typeof call.name === "string" ? call.name : "",
        input: isJsonObject(call.args) ? call.args : {},
      });
      calls += 1;
    }
  }
  const raw = candidate && typeof candidate.finishReason === "string" ? candidate.finishReason : null;
  return {
    id: typeof body.responseId === "string" ? body.responseId : "",
    model: typeof body.modelVersion === "string" ? body.modelVersion : "",
    content,
    finish: (candidate ? undefined : blockedPrompt(body)) ?? geminiFinish(raw, calls > 0),
    stopSequence: null,
    usage: isJsonObject(body.usageMetadata) ? geminiUsage(body.usageMetadata) : emptyUsage(),
  };
}
