/**
 * AWS binary event-stream frames (application/vnd.amazon.eventstream) from a byte stream: frames
 * are cut by their 4-byte total-length prefix and decoded by @smithy/eventstream-codec, which
 * verifies both CRCs. A stream that ends inside a frame is an error, never a silent truncation.
 */
import { EventStreamCodec } from "@smithy/eventstream-codec";
import { fromUtf8, toUtf8 } from "@smithy/util-utf8";

export interface EventStreamMessage {
  headers: Record<string, string>;
  body: Uint8Array;
}

export class EventStreamFramingError extends Error {
  override readonly name = "EventStreamFramingError";
}

const PRELUDE_BYTES = 12;
const MINIMUM_MESSAGE_BYTES = 16;

export async function* decodeEventStream(
  chunks: AsyncIterable<Uint8Array>,
): AsyncGenerator<EventStreamMessage> {
  const codec = new EventStreamCodec(toUtf8, fromUtf8);
  let buffer = new Uint8Array(0);
  for await (const chunk of chunks) {
    const joined = new Uint8Array(buffer.length + chunk.length);
    joined.set(buffer);
    joined.set(chunk, buffer.length);
    buffer = joined;
    let offset = 0;
    while (buffer.length - offset >= PRELUDE_BYTES) {
      const view = new DataView(buffer.buffer, buffer.byteOffset + offset, 4);
      const length = view.getUint32(0, false);
      if (length < MINIMUM_MESSAGE_BYTES)
        throw new EventStreamFramingError(`invalid event-stream frame length ${length}`);
      if (buffer.length - offset < length) break;
      const message = codec.decode(buffer.subarray(offset, offset + length));
      offset += length;
      const headers: Record<string, string> = {};
      for (const [name, header] of Object.entries(message.headers)) headers[name] = String(header.value);
      yield { headers, body: message.body };
    }
    buffer = buffer.slice(offset);
  }
  if (buffer.length > 0)
    throw new EventStreamFramingError(`event stream ended inside a frame (${buffer.length} bytes left)`);
}
