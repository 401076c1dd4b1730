/**
 * Keep-alive for relayed streams: yields the source's items as they come and, whenever the source
 * stays silent for `intervalMs`, a keep-alive item (Anthropic's `event: ping`), so that idle
 * timeouts of clients and proxies in between do not fire while a model thinks.
 */

const TICK = Symbol("tick");

export async function* withKeepAlive<T>(
  source: AsyncIterable<T>,
  intervalMs: number,
  keepAlive: () => T,
): AsyncGenerator<T> {
  if (intervalMs <= 0) {
    yield* source;
    return;
  }
  const iterator = source[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<T>> | undefined;
  try {
    for (;;) {
      pending ??= iterator.next();
      let timer: NodeJS.Timeout | undefined;
      const tick = new Promise<typeof TICK>((resolve) => {
        timer = setTimeout(() => resolve(TICK), intervalMs);
      });
      const winner = await Promise.race([pending, tick]).finally(() => clearTimeout(timer));
      if (winner === TICK) {
        yield keepAlive();
        continue;
      }
      pending = undefined;
      if (winner.done) return;
      yield winner.value;
    }
  } finally {
    // When the consumer stops while the source is still waiting, let that wait end first.
    const settled = pending ? pending.then(noop, noop) : Promise.resolve();
    void settled.then(() => iterator.return?.()).catch(noop);
  }
}

function noop(): undefined {
  return undefined;
}
