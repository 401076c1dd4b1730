/**
 * Relays Vertex's `:streamGenerateContent?alt=sse` answer to a Gemini client, in the framing the
 * client asked for (reference section 4.3): with `alt=sse`, `data: <GenerateContentResponse>`
 * events ended by a blank line (`\r\n\r\n`, as Google writes them); without it, Google's REST
 * stream, one JSON array written piecewise (`[{...}`, `,\r\n{...}`, ..., `]`). Chunks are passed
 * through unchanged.
 *
 * Commit late (architecture principle 2): `openGeminiStream` waits for the first upstream event.
 * An error there (Vertex's `RESOURCE_EXHAUSTED` inside SAP's 200 stream) or a stream that breaks
 * or ends before it becomes a ProxyError the route answers with a proper status. Later errors
 * end the stream with a Google error object in the same framing.
 */
import { ProxyError } from "../../errors/proxy-error.js";
import { upstreamStatusError } from "../../errors/upstream-status.js";
import type { Candidate } from "../../routing/model-registry.js";
import { peekStream, rejoin } from "../../streaming/peek.js";
import { decodeSse, type SseEvent } from "../../streaming/sse-decoder.js";
import { googleErrorBody, upstreamGoogleError } from "./errors.js";

export type StreamFraming = "sse" | "json-array";

/** One upstream chunk (JSON text), or the error that ends the stream. */
export type GeminiStreamItem =
  | { kind: "chunk"; data: string }
  /** `failure`: the gateway's own error (broken or cut stream), else `data` is Vertex's error. */
  | { kind: "error"; data: string; failure?: ProxyError };

export interface GeminiUsage {
  promptTokenCount?: number;
  candidatesTokenCount?: number;
  thoughtsTokenCount?: number;
  cachedContentTokenCount?: number;
  totalTokenCount?: number;
}

function parsed(data: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(data) as unknown;
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The ProxyError for an error event inside the upstream stream (statuses as upstreamError). */
export function inStreamError(data: string, candidate: Candidate): ProxyError | undefined {
  const error = upstreamGoogleError(data);
  if (!error) return undefined;
  const status = typeof error.code === "number" && error.code >= 400 && error.code < 600 ? error.code : 500;
  const message = typeof error.message === "string" ? error.message : "(no message)";
  return upstreamStatusError(message, { status, body: data }, { subAccount: candidate.subAccount });
}

function brokenStream(error: unknown): ProxyError {
  const reason = error instanceof Error ? error.message : String(error);
  return new ProxyError("upstream_error", 502, `The upstream stream broke off: ${reason}`, {
    retryable: true,
    cause: error,
  });
}

const isBlank = (event: SseEvent) => event.data.trim() === "";

/**
 * Waits for the first upstream chunk, then returns the relay of the whole stream. Throws a
 * ProxyError when the stream fails, breaks or ends before it.
 */
export async function openGeminiStream(
  body: AsyncIterable<Uint8Array>,
  candidate: Candidate,
  onUsage: (usage: GeminiUsage) => void,
  signal?: AbortSignal,
): Promise<AsyncGenerator<GeminiStreamItem>> {
  let peeked;
  try {
    peeked = await peekStream(decodeSse(body), isBlank, (event) => inStreamError(event.data, candidate));
  } catch (error) {
    if (error instanceof ProxyError || signal?.aborted) throw error;
    throw brokenStream(error);
  }
  if (peeked.head.every(isBlank)) {
    await peeked.rest.return?.(undefined)?.catch(() => undefined);
    throw new ProxyError("upstream_error", 502, "The upstream stream ended before its first event", {
      retryable: true,
    });
  }
  return relay(rejoin(peeked), onUsage);
}

async function* relay(
  events: AsyncGenerator<SseEvent>,
  onUsage: (usage: GeminiUsage) => void,
): AsyncGenerator<GeminiStreamItem> {
  let finished = false;
  try {
    for await (const event of events) {
      if (isBlank(event)) continue;
      const chunk = parsed(event.data);
      // An SSE event is one line on the way out: re-serialise the rare multi-line payload.
      const data = event.data.includes("\n") && chunk ? JSON.stringify(chunk) : event.data;
      if (chunk && "error" in chunk) {
        yield { kind: "error", data };
        return;
      }
      const usage = chunk?.usageMetadata;
      if (usage !== null && typeof usage === "object") onUsage(usage);
      if (!finished && chunk && isFinal(chunk)) finished = true;
      yield { kind: "chunk", data };
    }
  } catch (error) {
    const failure = brokenStream(error);
    yield { kind: "error", data: JSON.stringify(googleErrorBody(failure)), failure };
    return;
  }
  if (!finished) {
    const failure = truncatedStream();
    yield { kind: "error", data: JSON.stringify(googleErrorBody(failure)), failure };
  }
}

/** A chunk that ends the answer: a candidate with a `finishReason`, or a blocked prompt. */
function isFinal(chunk: Record<string, unknown>): boolean {
  const candidates = chunk.candidates;
  if (
    Array.isArray(candidates) &&
    candidates.some(
      (candidate: unknown) =>
        candidate !== null &&
        typeof candidate === "object" &&
        typeof (candidate as { finishReason?: unknown }).finishReason === "string",
    )
  )
    return true;
  const feedback = chunk.promptFeedback;
  return (
    feedback !== null &&
    typeof feedback === "object" &&
    typeof (feedback as { blockReason?: unknown }).blockReason === "string"
  );
}

/** The upstream stream ended cleanly but before a `finishReason`: the answer is cut. */
export function truncatedStream(): ProxyError {
  return new ProxyError(
    "upstream_error",
    502,
    "The upstream stream ended before the answer was complete (no finishReason)",
    { retryable: true },
  );
}

/** The frames of a relayed stream in the client's framing. */
export async function* framed(
  items: AsyncIterable<GeminiStreamItem>,
  framing: StreamFraming,
): AsyncGenerator<string> {
  if (framing === "sse") {
    for await (const item of items) yield `data: ${item.data}\r\n\r\n`;
    return;
  }
  let first = true;
  for await (const item of items) {
    yield `${first ? "[" : ",\r\n"}${item.data}\n`;
    first = false;
  }
  yield first ? "[]" : "]";
}
