/**
 * Anthropic stream events out of a Bedrock `/invoke-with-response-stream` answer, in either
 * framing SAP AI Core uses (reference section 4.2.5): the binary AWS event stream (`chunk` frames
 * whose payload `{"bytes": base64}` holds one Anthropic event; `exception` frames such as
 * `throttlingException`) or `data:` lines of strict JSON. Exceptions come out as
 * `bedrock-exception` items so the caller can fail over or end the client stream properly.
 */
import { decodeEventStream } from "../../streaming/aws-event-stream.js";
import { decodeSse } from "../../streaming/sse-decoder.js";

export interface AnthropicStreamEvent {
  type: string;
  [key: string]: unknown;
}

export interface BedrockStreamException {
  type: "bedrock-exception";
  exceptionType: string;
  message: string;
}

export type BedrockStreamItem = AnthropicStreamEvent | BedrockStreamException;

/**
 * Upstream statuses of Bedrock's stream exceptions (AWS InvokeModelWithResponseStream error
 * list); the client's status follows from them (errors/upstream-status.ts). Unknown: 500.
 */
export const BEDROCK_EXCEPTION_STATUS: Readonly<Record<string, number>> = {
  throttlingException: 429,
  serviceUnavailableException: 503,
  modelNotReadyException: 503,
  validationException: 400,
  modelTimeoutException: 504,
  internalServerException: 500,
  modelStreamErrorException: 500,
};

export function bedrockExceptionStatus(exceptionType: string): number {
  return BEDROCK_EXCEPTION_STATUS[exceptionType] ?? 500;
}

export const EVENT_STREAM_CONTENT_TYPE = "application/vnd.amazon.eventstream";

const EXCEPTION_KEYS = [
  "throttlingException",
  "internalServerException",
  "modelStreamErrorException",
  "validationException",
  "serviceUnavailableException",
  "modelTimeoutException",
];

function parseEvent(text: string): BedrockStreamItem {
  const value = JSON.parse(text) as Record<string, unknown>;
  if (typeof value.type === "string") return value as AnthropicStreamEvent;
  for (const key of EXCEPTION_KEYS) {
    const inner = value[key] as { message?: unknown } | undefined;
    if (inner) {
      const message = typeof inner.message === "string" ? inner.message : key;
      return { type: "bedrock-exception", exceptionType: key, message };
    }
  }
  if (typeof value.message === "string")
    return { type: "bedrock-exception", exceptionType: "unknownException", message: value.message };
  throw new Error(`unexpected Bedrock stream payload: ${text.slice(0, 200)}`);
}

export async function* bedrockAnthropicEvents(
  body: AsyncIterable<Uint8Array>,
  contentType: string,
): AsyncGenerator<BedrockStreamItem> {
  if (contentType.includes(EVENT_STREAM_CONTENT_TYPE)) {
    const decoder = new TextDecoder();
    for await (const message of decodeEventStream(body)) {
      const payload = decoder.decode(message.body);
      if (message.headers[":message-type"] === "exception") {
        let text = payload;
        try {
          const parsed = (JSON.parse(payload) as { message?: unknown }).message;
          if (typeof parsed === "string") text = parsed;
        } catch {
          // keep the raw payload
        }
        yield {
          type: "bedrock-exception",
          exceptionType: message.headers[":exception-type"] ?? "unknownException",
          message: text,
        };
        continue;
      }
      if (message.headers[":event-type"] !== "chunk") continue;
      const bytes = (JSON.parse(payload) as { bytes?: unknown }).bytes;
      if (typeof bytes !== "string") continue;
      yield parseEvent(Buffer.from(bytes, "base64").toString("utf8"));
    }
    return;
  }
  for await (const event of decodeSse(body)) {
    if (event.data === "" || event.data === "[DONE]") continue;
    yield parseEvent(event.data);
  }
}
