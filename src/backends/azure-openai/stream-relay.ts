/**
 * Relays an azure-openai chat stream to an OpenAI client as it arrives: Azure's prompt-filter
 * event (no choices, empty id) is dropped, the usage chunk and `usage: null` fields are removed
 * unless the client asked for usage, everything else is forwarded event by event. Usage is
 * reported to the caller either way.
 *
 * Commit late (architecture principle 2): `openChatStream` reads up to the first event with
 * choices; an `{"error":...}` event before it (Azure's throttling inside SAP's 200 stream,
 * `fixtures/sap-ai-sdk-java/openai/streamChatCompletionError.txt`), or a stream that breaks or
 * ends before it, becomes a ProxyError the router can fail over on.
 */
import { ProxyError } from "../../errors/proxy-error.js";
import { upstreamStatusError } from "../../errors/upstream-status.js";
import { peekStream, rejoin } from "../../streaming/peek.js";
import { decodeSse, type SseEvent } from "../../streaming/sse-decoder.js";
import { isJsonObject } from "../../ir/json.js";
import { azureStreamErrorStatus } from "./ir-stream.js";

export interface ChatUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
}

export interface RelayOptions {
  clientWantsUsage: boolean;
  onUsage?: (usage: ChatUsage) => void;
}

/**
 * `"usage":null` members, which Azure puts on every chunk once usage is asked for. Safe to cut as
 * text: inside a JSON string the quotes would be escaped, so the pattern only matches members.
 */
const NULL_USAGE = /,\s*"usage"\s*:\s*null(?=\s*[,}])|"usage"\s*:\s*null\s*,/g;
const USAGE_OBJECT = /"usage"\s*:\s*\{/;
const NO_CHOICES = /"choices"\s*:\s*\[\s*\]/;

/** Rewrites one upstream event; undefined drops it. */
export function relayEvent(data: string, options: RelayOptions): string | undefined {
  if (data === "[DONE]") return "data: [DONE]\n\n";
  // The common case, a delta chunk, is rewritten as text: no JSON parse and re-serialisation.
  if (!USAGE_OBJECT.test(data) && !NO_CHOICES.test(data)) {
    return `data: ${options.clientWantsUsage ? data : data.replace(NULL_USAGE, "")}\n\n`;
  }
  let event: Record<string, unknown>;
  try {
    event = JSON.parse(data) as Record<string, unknown>;
  } catch {
    return `data: ${data}\n\n`;
  }
  const choices = event.choices;
  const usage = event.usage;
  if (usage !== null && typeof usage === "object") options.onUsage?.(usage);
  if (
    Array.isArray(choices) &&
    choices.length === 0 &&
    event.object === "" &&
    "prompt_filter_results" in event
  )
    return undefined;
  if (!options.clientWantsUsage) {
    if (Array.isArray(choices) && choices.length === 0 && usage) return undefined;
    delete event.usage;
  }
  return `data: ${JSON.stringify(event)}\n\n`;
}

function parsed(data: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(data) as unknown;
    return isJsonObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Before the first choice: blank events and annotations (the prompt-filter event). */
function isPreamble(event: SseEvent): boolean {
  if (event.data.trim() === "") return true;
  const chunk = parsed(event.data);
  return (
    chunk !== undefined && !("error" in chunk) && Array.isArray(chunk.choices) && chunk.choices.length === 0
  );
}

/** An `{"error":...}` event as the ProxyError the client (or the router) gets. */
export function azureInStreamError(data: string): ProxyError | undefined {
  const error = parsed(data)?.error;
  if (!isJsonObject(error)) return undefined;
  const status = azureStreamErrorStatus(error);
  const message = typeof error.message === "string" ? error.message : "upstream error";
  return upstreamStatusError(message, { status, body: data });
}

function brokenStream(error: unknown): ProxyError {
  return new ProxyError(
    "upstream_error",
    502,
    `The upstream stream failed before it started: ${error instanceof Error ? error.message : String(error)}`,
    { retryable: true, cause: error },
  );
}

/**
 * A `finish_reason` with a value (text-level, like NULL_USAGE: inside a JSON string the quotes
 * are escaped, so only the member matches).
 */
const FINISH_REASON = /"finish_reason"\s*:\s*"/;

/** The answer stopped before its end: neither `[DONE]` nor a `finish_reason` arrived. */
export function truncatedStream(): ProxyError {
  return new ProxyError(
    "upstream_error",
    502,
    "The upstream stream ended before the answer was complete (no finish_reason, no [DONE])",
    { retryable: true },
  );
}

/**
 * The relay of the whole stream. An upstream that ends cleanly without `[DONE]` or a
 * `finish_reason` (a cut answer) throws `truncatedStream()`, so the client gets an error event
 * instead of a 200 that looks complete.
 */
async function* relay(events: AsyncIterable<SseEvent>, options: RelayOptions): AsyncGenerator<string> {
  let finished = false;
  for await (const event of events) {
    const data = event.data;
    if (!finished && (data === "[DONE]" || FINISH_REASON.test(data) || data.startsWith('{"error"')))
      finished = true;
    const frame = relayEvent(data, options);
    if (frame !== undefined) yield frame;
  }
  if (!finished) throw truncatedStream();
}

/**
 * Waits for the first event with choices, then returns the relay of the whole stream. Throws a
 * ProxyError when the stream fails, breaks or ends before it; `signal` aborted: the raw error.
 */
export async function openChatStream(
  upstream: AsyncIterable<Uint8Array>,
  options: RelayOptions,
  signal?: AbortSignal,
): Promise<AsyncGenerator<string>> {
  let peeked;
  try {
    peeked = await peekStream(decodeSse(upstream), isPreamble, (event) => azureInStreamError(event.data));
  } catch (error) {
    if (error instanceof ProxyError || signal?.aborted) throw error;
    throw brokenStream(error);
  }
  if (peeked.head.every(isPreamble)) {
    await peeked.rest.return?.(undefined)?.catch(() => undefined);
    throw new ProxyError("upstream_error", 502, "The upstream stream ended before its first event", {
      retryable: true,
    });
  }
  return relay(rejoin(peeked), options);
}
