/**
 * Relays a Bedrock `/invoke-with-response-stream` answer to an Anthropic client (the passthrough
 * of architecture principle 1). The events are Anthropic's own, so they are forwarded as they
 * are: block indices, `thinking_delta`, `signature_delta` and `input_json_delta` values unchanged
 * (each event is parsed and re-serialised, which keeps every string byte-exact). Only Bedrock's
 * `amazon-bedrock-invocationMetrics` is removed from `message_stop`, so the client sees exactly
 * Anthropic's wire (its usage is already in `message_start` / `message_delta`).
 *
 * Commit late (principle 2): `openClaudeStream` waits for the first upstream event; an exception
 * there (SAP's `throttlingException` inside a 200 stream) or a stream that breaks or ends before
 * it becomes a ProxyError the caller can answer with a proper status. After that, exceptions and
 * broken or truncated streams become one final error item.
 */
import { ProxyError } from "../../errors/proxy-error.js";
import { upstreamStatusError } from "../../errors/upstream-status.js";
import {
  bedrockExceptionStatus,
  type AnthropicStreamEvent,
  type BedrockStreamException,
  type BedrockStreamItem,
} from "./stream-events.js";

export const INVOCATION_METRICS = "amazon-bedrock-invocationMetrics";

export interface ClaudeUsage {
  input_tokens?: number;
  output_tokens?: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
}

/** One thing to send: an Anthropic event (name and JSON text) or the error that ends the stream. */
export type ClaudeRelayItem =
  { kind: "event"; event: string; data: string } | { kind: "error"; error: ProxyError };

export interface ClaudeRelayOptions {
  /** Aborted when the client went away: the relay then ends quietly. */
  signal?: AbortSignal;
  onUsage?: (usage: ClaudeUsage) => void;
  /**
   * The model name the client asked for, reported in `message_start`. Bedrock reports its own id
   * (`claude-sonnet-4-5-20250929`); Claude Code drops the thinking blocks of a turn whose model
   * differs from the one it requested, and the next tool turn then fails with "a final assistant
   * message must start with a thinking block".
   */
  clientModel?: string;
}

/** A Bedrock stream exception as the ProxyError the client (or the router) gets. */
export function bedrockExceptionError(exception: BedrockStreamException): ProxyError {
  const status = bedrockExceptionStatus(exception.exceptionType);
  return upstreamStatusError(
    `${exception.exceptionType}: ${exception.message}`,
    { status },
    { retryable: status === 429 || status >= 500 },
  );
}

function brokenStream(error: unknown): ProxyError {
  const reason = error instanceof Error ? error.message : String(error);
  return new ProxyError("upstream_error", 502, `The upstream stream broke off: ${reason}`, {
    retryable: true,
    cause: error,
  });
}

function readUsage(event: AnthropicStreamEvent): ClaudeUsage | undefined {
  const holder = event.type === "message_start" ? event.message : event;
  const usage =
    holder !== null && typeof holder === "object" ? (holder as { usage?: unknown }).usage : undefined;
  return usage !== null && typeof usage === "object" ? usage : undefined;
}

function relayed(event: AnthropicStreamEvent, clientModel: string | undefined): ClaudeRelayItem {
  if (
    event.type === "message_start" &&
    clientModel !== undefined &&
    typeof event.message === "object" &&
    event.message !== null
  ) {
    return {
      kind: "event",
      event: event.type,
      data: JSON.stringify({ ...event, message: { ...event.message, model: clientModel } }),
    };
  }
  if (event.type === "message_stop" && INVOCATION_METRICS in event) {
    const { [INVOCATION_METRICS]: _metrics, ...rest } = event;
    return { kind: "event", event: event.type, data: JSON.stringify(rest) };
  }
  return { kind: "event", event: event.type, data: JSON.stringify(event) };
}

/**
 * Waits for the first upstream event, then returns the relay of the whole stream. Throws a
 * ProxyError when the stream fails before its first event.
 */
export async function openClaudeStream(
  items: AsyncIterable<BedrockStreamItem>,
  options: ClaudeRelayOptions = {},
): Promise<AsyncGenerator<ClaudeRelayItem>> {
  const iterator = items[Symbol.asyncIterator]();
  let first: IteratorResult<BedrockStreamItem>;
  try {
    first = await iterator.next();
  } catch (error) {
    throw brokenStream(error);
  }
  if (first.done) {
    throw new ProxyError("upstream_error", 502, "The upstream stream ended before its first event", {
      retryable: true,
    });
  }
  if (first.value.type === "bedrock-exception") {
    void iterator.return?.(undefined).catch(() => undefined);
    throw bedrockExceptionError(first.value as BedrockStreamException);
  }
  return relayFrom(first.value as AnthropicStreamEvent, iterator, options);
}

async function* relayFrom(
  first: AnthropicStreamEvent,
  iterator: AsyncIterator<BedrockStreamItem>,
  options: ClaudeRelayOptions,
): AsyncGenerator<ClaudeRelayItem> {
  const usage: ClaudeUsage = {};
  let stopped = false;
  const handle = (event: AnthropicStreamEvent): ClaudeRelayItem => {
    const reported = readUsage(event);
    if (reported) Object.assign(usage, reported);
    if (event.type === "message_stop") stopped = true;
    return relayed(event, options.clientModel);
  };
  try {
    yield handle(first);
    while (!stopped) {
      let next: IteratorResult<BedrockStreamItem>;
      try {
        next = await iterator.next();
      } catch (error) {
        if (options.signal?.aborted) return;
        yield { kind: "error", error: brokenStream(error) };
        return;
      }
      if (next.done) {
        yield {
          kind: "error",
          error: new ProxyError("upstream_error", 502, "The upstream stream ended before message_stop"),
        };
        return;
      }
      if (next.value.type === "bedrock-exception") {
        yield { kind: "error", error: bedrockExceptionError(next.value as BedrockStreamException) };
        return;
      }
      yield handle(next.value as AnthropicStreamEvent);
    }
  } finally {
    options.onUsage?.(usage);
    void iterator.return?.(undefined).catch(() => undefined);
  }
}
