/**
 * Commit late (architecture principle 2): read a stream until its first meaningful item, so a
 * failure that arrives before it (an upstream error event inside a 200 stream, a broken
 * connection) can still become an HTTP error, or a failover, before anything reaches the client.
 */

export interface PeekedStream<T> {
  /** Items read so far, ending with the first meaningful one (or everything, if the stream ended). */
  head: T[];
  /** The rest of the stream. */
  rest: AsyncIterator<T>;
}

/**
 * Reads until an item that `isPreamble` rejects. `failure` turns an item into the error to throw
 * (or undefined to keep it); errors thrown while reading close the source and propagate.
 */
export async function peekStream<T>(
  source: AsyncIterable<T>,
  isPreamble: (item: T) => boolean,
  failure: (item: T) => Error | undefined,
): Promise<PeekedStream<T>> {
  const rest = source[Symbol.asyncIterator]();
  const head: T[] = [];
  try {
    for (let next = await rest.next(); !next.done; next = await rest.next()) {
      const error = failure(next.value);
      if (error) throw error;
      head.push(next.value);
      if (!isPreamble(next.value)) break;
    }
  } catch (error) {
    await rest.return?.(undefined)?.catch(() => undefined);
    throw error;
  }
  return { head, rest };
}

/** The peeked items followed by the rest, as one stream again. */
export async function* rejoin<T>(peeked: PeekedStream<T>): AsyncGenerator<T> {
  try {
    yield* peeked.head;
    for (let next = await peeked.rest.next(); !next.done; next = await peeked.rest.next()) yield next.value;
  } finally {
    await peeked.rest.return?.(undefined)?.catch(() => undefined);
  }
}
