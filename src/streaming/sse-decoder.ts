/**
 * Server-sent events from a byte stream (eventsource-parser: handles CR/LF variants, multi-line
 * data and events split across chunks and UTF-8 boundaries).
 */
import { createParser } from "eventsource-parser";

export interface SseEvent {
  event?: string;
  data: string;
}

export async function* decodeSse(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<SseEvent> {
  const pending: SseEvent[] = [];
  const parser = createParser({
    onEvent(message) {
      pending.push(message.event ? { event: message.event, data: message.data } : { data: message.data });
    },
  });
  const decoder = new TextDecoder();
  for await (const chunk of chunks) {
    parser.feed(typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true }));
    while (pending.length > 0) yield pending.shift() as SseEvent;
  }
  // An event is complete only once its blank line arrived: a half-written last event (the stream
  // broke off inside it) is dropped, never parsed.
  parser.feed(decoder.decode());
  while (pending.length > 0) yield pending.shift() as SseEvent;
}
