/**
 * `:streamGenerateContent` (reference section 4.3 "Streaming", section 7 items 6-7, section 8
 * item 5). With `?alt=sse` each chunk is a `data: {GenerateContentResponse}` line and a blank
 * line, with no `[DONE]`. Without `alt=sse` the real framing is unverified: by default the
 * simulator answers the same SSE (SAP clients that omit `alt=sse` parse `data:` lines), or,
 * with `geminiStreamWithoutAltSse: "json-array"`, Google's REST stream: one JSON array written
 * piecewise, `[{...}\n`, `,\r\n{...}\n`, ..., `]`.
 * Chunk order: thoughts (with `includeThoughts`), then text pieces or one whole `functionCall`
 * part; the last chunk carries `finishReason` and the full `usageMetadata`, earlier chunks
 * only the prompt count.
 */
import { sseJson } from "../../framing/sse.js";
import { chunkText } from "../../token-count.js";
import type { InferenceRequest, InferenceResponse, JsonObject } from "../types.js";
import { candidate, type GeminiReply } from "./response.js";

export type StreamFraming = "sse" | "json-array";

export function streamFraming(request: InferenceRequest): StreamFraming {
  const alt = request.query.alt;
  if (alt === "sse") return "sse";
  if (alt === "json") return "json-array";
  return request.behaviour.geminiStreamWithoutAltSse;
}

/** Writes chunk objects in the chosen framing, one event per chunk. */
export function framedStream(
  chunks: readonly unknown[],
  framing: StreamFraming,
  headers?: Record<string, string>,
): InferenceResponse {
  if (framing === "sse") {
    return {
      type: "stream",
      contentType: "text/event-stream",
      events: chunks.map((chunk) => sseJson(chunk)),
      ...(headers ? { headers } : {}),
    };
  }
  const events = chunks.map(
    (chunk, index) => `${index === 0 ? "[" : ",\r\n"}${JSON.stringify(chunk, null, 2)}\n`,
  );
  events.push(chunks.length === 0 ? "[]" : "]");
  return {
    type: "stream",
    contentType: "application/json; charset=UTF-8",
    events,
    ...(headers ? { headers } : {}),
  };
}

export function streamGenerateContent(request: InferenceRequest, reply: GeminiReply): InferenceResponse {
  const perDelta = request.behaviour.tokensPerStreamDelta;
  const partials: { parts: JsonObject[]; thought: boolean }[] = [];
  if (reply.gemini.includeThoughts && reply.plan.thinking) {
    for (const piece of chunkText(reply.plan.thinking, perDelta)) {
      partials.push({ parts: [{ text: piece, thought: true }], thought: true });
    }
  }
  const call = reply.plan.toolCall;
  if (call) {
    partials.push({
      parts: [
        {
          functionCall: { name: call.name, args: call.arguments },
          ...(reply.signature ? { thoughtSignature: reply.signature } : {}),
        },
      ],
      thought: false,
    });
  } else if (reply.text) {
    const pieces = chunkText(reply.text, perDelta);
    pieces.forEach((piece, index) => {
      const signed = index === pieces.length - 1 && reply.signature;
      partials.push({
        parts: [{ text: piece, ...(signed ? { thoughtSignature: reply.signature } : {}) }],
        thought: false,
      });
    });
  }
  const lastPartial = partials[partials.length - 1];
  if (!lastPartial || lastPartial.thought) partials.push({ parts: [], thought: false });

  const partialUsage = { promptTokenCount: reply.promptTokens, trafficType: "ON_DEMAND" };
  const chunks = partials.map((partial, index) => {
    const last = index === partials.length - 1;
    return {
      candidates: [candidate(0, partial.parts, last ? reply.finishReason : undefined)],
      usageMetadata: last ? reply.usage : partialUsage,
      ...reply.envelope,
    };
  });
  return framedStream(chunks, streamFraming(request));
}
