/**
 * Gemini `:streamGenerateContent?alt=sse` events -> IR stream events, as a `StreamTranslator`
 * over decoded SSE events (reference section 4.3 "Streaming": one `data: {GenerateContentResponse}`
 * per chunk, no `[DONE]`; the simulator's `stream.ts`):
 * - the first chunk starts the message (its `usageMetadata` already has the prompt count);
 * - thought parts stream as a reasoning block, text parts as a text block; a new kind of part
 *   closes the open block;
 * - a `functionCall` part arrives whole: `tool-call-start`, one `tool-call-delta` with the JSON
 *   arguments, `tool-call-end`. Its `thoughtSignature` is first given to the open reasoning block
 *   (or to an empty one) as in ir-response.ts, so the next turn can send it back;
 * - the chunk with `finishReason` (it also carries the final `usageMetadata`) ends the message;
 *   a chunk with only `promptFeedback.blockReason` ends it as a content filter;
 * - `{"error": {...}}` in the stream (Vertex's `RESOURCE_EXHAUSTED` inside a 200) becomes an IR
 *   `error` with its HTTP-like status (429), and so does a stream that ends without a finish.
 */
import type { IrFinish } from "../../ir/finish-reason.js";
import type { JsonObject } from "../../ir/request.js";
import type { IrStreamEvent } from "../../ir/stream-events.js";
import type { StreamTranslator } from "../../ir/stream-translator.js";
import { emptyUsage, mergeUsage, type IrUsage } from "../../ir/usage.js";
import type { SseEvent } from "../../streaming/sse-decoder.js";
import { isJsonObject } from "../../ir/json.js";
import {
  blockedPrompt,
  geminiFinish,
  geminiUsage,
  googleErrorStatus,
  idSeed,
  toolCallId,
} from "./ir-common.js";
import { firstCandidate } from "./ir-response.js";
import { irSignatureOf } from "./thought-signatures.js";

export interface GeminiStreamState {
  started: boolean;
  /** `message-end` or `error` was emitted; later input is ignored. */
  done: boolean;
  nextIndex: number;
  open: { kind: "text" | "reasoning"; index: number; signed: boolean } | undefined;
  /** Seed of the synthesised tool-call ids: the response id (random if there is none). */
  seed: string | undefined;
  calls: number;
  usage: IrUsage;
}

type Out = IrStreamEvent[];

function close(state: GeminiStreamState, out: Out): void {
  const open = state.open;
  if (!open) return;
  state.open = undefined;
  out.push({ type: open.kind === "text" ? "text-end" : "reasoning-end", index: open.index });
}

function openBlock(state: GeminiStreamState, kind: "text" | "reasoning", out: Out): number {
  if (state.open?.kind === kind && !(kind === "reasoning" && state.open.signed)) return state.open.index;
  close(state, out);
  const index = state.nextIndex++;
  state.open = { kind, index, signed: false };
  out.push({ type: kind === "text" ? "text-start" : "reasoning-start", index });
  return index;
}

/** Signs the open reasoning block, or a new empty one; a later thought opens another block. */
function signature(state: GeminiStreamState, thoughtSignature: string, out: Out): void {
  if (state.open?.kind !== "reasoning" || state.open.signed) openBlock(state, "reasoning", out);
  const open = state.open;
  if (!open) return;
  open.signed = true;
  out.push({ type: "reasoning-signature", index: open.index, signature: irSignatureOf(thoughtSignature) });
}

function functionCall(
  state: GeminiStreamState,
  call: JsonObject,
  thoughtSignature: string | undefined,
  out: Out,
): void {
  if (thoughtSignature) signature(state, thoughtSignature, out);
  close(state, out);
  const index = state.nextIndex++;
  const id = toolCallId(state.seed ?? "", state.calls, call.id);
  state.calls += 1;
  out.push(
    { type: "tool-call-start", index, id, name: typeof call.name === "string" ? call.name : "" },
    {
      type: "tool-call-delta",
      index,
      argumentsDelta: JSON.stringify(isJsonObject(call.args) ? call.args : {}),
    },
    { type: "tool-call-end", index },
  );
}

function part(state: GeminiStreamState, item: JsonObject, out: Out): void {
  const thoughtSignature = typeof item.thoughtSignature === "string" ? item.thoughtSignature : undefined;
  if (isJsonObject(item.functionCall)) {
    functionCall(state, item.functionCall, thoughtSignature, out);
  } else if (typeof item.text === "string" && item.thought === true) {
    const index = openBlock(state, "reasoning", out);
    if (item.text !== "") out.push({ type: "reasoning-delta", index, text: item.text });
    if (thoughtSignature) signature(state, thoughtSignature, out);
  } else if (typeof item.text === "string" && item.text !== "") {
    const index = openBlock(state, "text", out);
    out.push({ type: "text-delta", index, text: item.text });
  }
}

function fail(state: GeminiStreamState, status: number, message: string): Out {
  state.done = true;
  return [{ type: "error", error: { status, message } }];
}

function end(state: GeminiStreamState, finish: IrFinish, out: Out): void {
  close(state, out);
  state.done = true;
  out.push({ type: "message-end", finish, stopSequence: null, usage: state.usage });
}

function stepChunk(state: GeminiStreamState, data: string): Out {
  if (state.done || data.trim() === "") return [];
  let body: unknown;
  try {
    body = JSON.parse(data);
  } catch {
    return fail(state, 502, `malformed Gemini stream event: ${data.slice(0, 200)}`);
  }
  if (!isJsonObject(body)) return fail(state, 502, "malformed Gemini stream event");
  if (isJsonObject(body.error)) {
    const message = typeof body.error.message === "string" ? body.error.message : "upstream error";
    return fail(state, googleErrorStatus(body.error), message);
  }
  const out: Out = [];
  const usage = isJsonObject(body.usageMetadata) ? geminiUsage(body.usageMetadata) : undefined;
  if (usage) state.usage = mergeUsage(state.usage, usage);
  if (!state.started) {
    state.started = true;
    state.seed = idSeed(body.responseId);
    out.push({
      type: "message-start",
      id: typeof body.responseId === "string" ? body.responseId : "",
      model: typeof body.modelVersion === "string" ? body.modelVersion : "",
      usage: state.usage,
    });
  } else if (usage) {
    out.push({ type: "usage", usage });
  }
  const candidate = firstCandidate(body);
  if (!candidate) {
    const blocked = blockedPrompt(body);
    if (blocked) end(state, blocked, out);
    return out;
  }
  const content = isJsonObject(candidate.content) ? candidate.content : {};
  for (const item of Array.isArray(content.parts) ? content.parts : [])
    if (isJsonObject(item)) part(state, item, out);
  if (typeof candidate.finishReason === "string" && candidate.finishReason !== "")
    end(state, geminiFinish(candidate.finishReason, state.calls > 0), out);
  return out;
}

export const geminiStreamTranslator: StreamTranslator<SseEvent, IrStreamEvent, GeminiStreamState> = {
  initial: () => ({
    started: false,
    done: false,
    nextIndex: 0,
    open: undefined,
    seed: undefined,
    calls: 0,
    usage: emptyUsage(),
  }),

  step(state, event) {
    return stepChunk(state, event.data);
  },

  finish(state) {
    if (state.done) return [];
    return fail(state, 502, "the Gemini stream ended before the response was complete");
  },
};
