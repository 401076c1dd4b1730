/**
 * What the Gemini JSON and stream decoders share (reference section 4.3;
 * https://cloud.google.com/vertex-ai/generative-ai/docs/reference/rest/v1/GenerateContentResponse):
 * finish reasons, `usageMetadata` in the IR's terms, synthesised tool-call ids, and the status
 * of a Google error body (`{"error":{code,message,status}}`).
 */
import { isJsonObject } from "../../ir/json.js";
import { createHash, randomUUID } from "node:crypto";
import type { IrFinish, IrFinishReason } from "../../ir/finish-reason.js";
import type { JsonObject } from "../../ir/request.js";
import type { IrUsage } from "../../ir/usage.js";

const FINISH: Record<string, IrFinishReason> = {
  STOP: "stop",
  MAX_TOKENS: "length",
  SAFETY: "content-filter",
  RECITATION: "content-filter",
  BLOCKLIST: "content-filter",
  PROHIBITED_CONTENT: "content-filter",
  SPII: "content-filter",
  IMAGE_SAFETY: "content-filter",
  MALFORMED_FUNCTION_CALL: "error",
  UNEXPECTED_TOOL_CALL: "error",
};

/** Gemini finishes a function-call turn with `STOP`; the calls make it `tool-calls`. */
export function geminiFinish(raw: string | null, hasToolCalls: boolean): IrFinish {
  let unified: IrFinishReason = raw === null ? "other" : (FINISH[raw] ?? "other");
  if (unified === "stop" && hasToolCalls) unified = "tool-calls";
  return { unified, raw };
}

/** A prompt blocked before generation (`promptFeedback.blockReason`, no candidates). */
export function blockedPrompt(body: JsonObject): IrFinish | undefined {
  const feedback = isJsonObject(body.promptFeedback) ? body.promptFeedback : undefined;
  const reason = feedback?.blockReason;
  return typeof reason === "string" && reason !== "" ? { unified: "content-filter", raw: reason } : undefined;
}

function count(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : 0;
}

/**
 * `promptTokenCount` includes `cachedContentTokenCount` (the IR counts them apart);
 * `candidatesTokenCount` excludes `thoughtsTokenCount` (the IR's output includes reasoning, as
 * OpenAI's `completion_tokens` and Anthropic's `output_tokens` do).
 */
export function geminiUsage(metadata: JsonObject): IrUsage {
  const cached = count(metadata.cachedContentTokenCount);
  const thoughts = count(metadata.thoughtsTokenCount);
  return {
    inputTokens:
      Math.max(0, count(metadata.promptTokenCount) - cached) + count(metadata.toolUsePromptTokenCount),
    outputTokens: count(metadata.candidatesTokenCount) + thoughts,
    cacheReadTokens: cached,
    cacheWriteTokens: 0,
    reasoningTokens: thoughts,
  };
}

/**
 * Tool-call ids: Gemini 2.x function calls have none. An upstream id is kept; otherwise the id
 * is derived from the response id and the call's position, so the same response always gives
 * the same ids (streamed or replayed), and responses differ from each other. `seed` is random
 * when the response has no id.
 */
export function toolCallId(seed: string, position: number, upstreamId: unknown): string {
  if (typeof upstreamId === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(upstreamId)) return upstreamId;
  const digest = createHash("sha256").update(`${seed}\u0000${position}`).digest("base64url");
  return `call_${digest.slice(0, 24)}`;
}

export function idSeed(responseId: unknown): string {
  return typeof responseId === "string" && responseId !== "" ? responseId : randomUUID();
}

const STATUS_BY_NAME: Record<string, number> = {
  INVALID_ARGUMENT: 400,
  FAILED_PRECONDITION: 400,
  OUT_OF_RANGE: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  RESOURCE_EXHAUSTED: 429,
  CANCELLED: 499,
  INTERNAL: 500,
  UNKNOWN: 500,
  NOT_IMPLEMENTED: 501,
  UNAVAILABLE: 503,
  DEADLINE_EXCEEDED: 504,
};

/** HTTP-like status of a Google error: by status name (RESOURCE_EXHAUSTED: 429), else `code`. */
export function googleErrorStatus(error: JsonObject): number {
  const byName = typeof error.status === "string" ? STATUS_BY_NAME[error.status] : undefined;
  if (byName !== undefined) return byName;
  const code = typeof error.code === "number" ? error.code : Number(error.code);
  return Number.isInteger(code) && code >= 400 && code <= 599 ? code : 500;
}
