/**
 * Gemini `GenerateContentResponse` on Vertex AI (reference section 4.3): candidates whose
 * content holds thought parts (`thought: true`, only with `includeThoughts`), text and
 * `functionCall` parts, a `finishReason` (`STOP` also for stop sequences and function calls,
 * `MAX_TOKENS` for truncation), and `usageMetadata` where thinking is counted apart in
 * `thoughtsTokenCount`. Function calls carry a `thoughtSignature` when the model thinks; Gemini 3
 * also signs the last text part. Default-valued fields are left out, as protobuf JSON does
 * (no `index` on the first candidate; `content` without `parts` when nothing was generated).
 */
import { requiresThoughtSignatures, type CatalogModel } from "../../catalog.js";
import { planReply, type ReplyPlan } from "../../reply.js";
import type { ThinkingSigner } from "../../thinking-signer.js";
import { ATTACHMENT_TOKENS, countJsonTokens, countTokens } from "../../token-count.js";
import { argumentsFromSchema } from "../../tool-arguments.js";
import { randomAlphanumeric } from "../ids.js";
import { isJsonObject, type InferenceRequest, type InferenceResponse, type JsonObject } from "../types.js";
import { geminiConversation, type GeminiConversation } from "./conversation.js";
import { contentsOf, partsOf } from "./parts.js";
import { signFunctionCall, signText } from "./thought-signatures.js";

export interface GeminiReply {
  gemini: GeminiConversation;
  plan: ReplyPlan;
  /** Visible answer text (JSON text for JSON output). */
  text: string;
  /** Signature of the function-call part, or (Gemini 3) of the last text part. */
  signature?: string;
  finishReason: "STOP" | "MAX_TOKENS";
  promptTokens: number;
  usage: JsonObject;
  envelope: { modelVersion: string; createTime: string; responseId: string };
}

function modalityOf(mimeType: unknown): string {
  const type = typeof mimeType === "string" ? mimeType.split("/")[0] : "";
  switch (type) {
    case "image":
      return "IMAGE";
    case "audio":
      return "AUDIO";
    case "video":
      return "VIDEO";
    case "text":
      return "TEXT";
    default:
      return "DOCUMENT";
  }
}

/** Prompt tokens by modality: text of every part, a flat cost per attachment. */
function promptTokenDetails(body: JsonObject): { modality: string; tokenCount: number }[] {
  const byModality = new Map<string, number>([["TEXT", 0]]);
  const add = (modality: string, tokens: number) =>
    byModality.set(modality, (byModality.get(modality) ?? 0) + tokens);
  for (const content of [...contentsOf(body), body.systemInstruction]) {
    for (const part of partsOf(content)) {
      const media = isJsonObject(part.inlineData) ? part.inlineData : part.fileData;
      if (isJsonObject(media)) add(modalityOf(media.mimeType), ATTACHMENT_TOKENS);
      else add("TEXT", countJsonTokens(part.text ?? part.functionCall ?? part.functionResponse ?? null));
    }
  }
  add("TEXT", countJsonTokens(body.tools ?? null));
  return [...byModality.entries()].map(([modality, tokenCount]) => ({ modality, tokenCount }));
}

function jsonText(gemini: GeminiConversation): string {
  const prompt = gemini.conversation.lastUserText;
  const schema = gemini.json?.schema;
  return JSON.stringify(isJsonObject(schema) ? argumentsFromSchema(schema, prompt) : { echo: prompt });
}

export function buildReply(
  request: InferenceRequest,
  body: JsonObject,
  model: CatalogModel,
  signer: ThinkingSigner,
): GeminiReply {
  const gemini = geminiConversation(body, model);
  const plan = planReply(gemini.conversation);
  const text = gemini.json && !plan.toolCall && plan.finish !== "length" ? jsonText(gemini) : plan.text;
  let signature: string | undefined;
  if (plan.toolCall && gemini.thinks) {
    signature = signFunctionCall(signer, plan.toolCall.name, plan.toolCall.arguments);
  } else if (!plan.toolCall && text && requiresThoughtSignatures(model)) {
    signature = signText(signer, text);
  }

  const details = promptTokenDetails(body);
  const promptTokens = details.reduce((sum, detail) => sum + detail.tokenCount, 0);
  const candidatesTokens = plan.toolCall ? plan.outputTokens - plan.thinkingTokens : countTokens(text);
  const thoughtsTokens = gemini.thinks ? plan.thinkingTokens : 0;
  const usage: JsonObject = {
    promptTokenCount: promptTokens,
    ...(candidatesTokens > 0 ? { candidatesTokenCount: candidatesTokens } : {}),
    totalTokenCount: promptTokens + candidatesTokens + thoughtsTokens,
    trafficType: "ON_DEMAND",
    promptTokensDetails: details,
    ...(candidatesTokens > 0
      ? { candidatesTokensDetails: [{ modality: "TEXT", tokenCount: candidatesTokens }] }
      : {}),
    ...(thoughtsTokens > 0 ? { thoughtsTokenCount: thoughtsTokens } : {}),
  };
  return {
    gemini,
    plan,
    text,
    ...(signature ? { signature } : {}),
    finishReason: plan.finish === "length" ? "MAX_TOKENS" : "STOP",
    promptTokens,
    usage,
    envelope: {
      modelVersion: model.name,
      createTime: new Date(request.nowMs).toISOString(),
      responseId: randomAlphanumeric(23),
    },
  };
}

/** The parts of the whole answer, in order: thought, function call or text. */
export function replyParts(reply: GeminiReply): JsonObject[] {
  const parts: JsonObject[] = [];
  if (reply.gemini.includeThoughts && reply.plan.thinking) {
    parts.push({ text: reply.plan.thinking, thought: true });
  }
  const call = reply.plan.toolCall;
  if (call) {
    parts.push({
      functionCall: { name: call.name, args: call.arguments },
      ...(reply.signature ? { thoughtSignature: reply.signature } : {}),
    });
  } else if (reply.text) {
    parts.push({ text: reply.text, ...(reply.signature ? { thoughtSignature: reply.signature } : {}) });
  }
  return parts;
}

export function candidate(index: number, parts: JsonObject[], finishReason?: string): JsonObject {
  return {
    content: parts.length > 0 ? { role: "model", parts } : { role: "model" },
    ...(finishReason ? { finishReason } : {}),
    ...(index > 0 ? { index } : {}),
  };
}

export function generateContentResponse(reply: GeminiReply): InferenceResponse {
  const parts = replyParts(reply);
  const body = {
    candidates: Array.from({ length: reply.gemini.candidateCount }, (_, index) =>
      candidate(index, parts, reply.finishReason),
    ),
    usageMetadata: reply.usage,
    ...reply.envelope,
  };
  return {
    type: "text",
    status: 200,
    contentType: "application/json; charset=UTF-8",
    body: JSON.stringify(body, null, 2),
  };
}
