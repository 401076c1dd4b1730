/**
 * Writes an SSE response (or another streamed body, given its content type) on the raw socket as
 * frames arrive, honouring backpressure; a client that goes away aborts the upstream request.
 */
import type { ServerResponse } from "node:http";
import type { FastifyReply } from "fastify";

/** Headers set on the reply so far (request ids, CORS), for a hijacked stream response. */
export function replyHeaders(reply: FastifyReply): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : String(value);
  }
  return headers;
}

/**
 * Resolves on the response's next `drain` or `close`, whichever comes first, and removes both
 * listeners then (a race of two `once()` would leave the loser's listener behind on every wait).
 */
export function drainedOrClosed(response: ServerResponse): Promise<void> {
  if (response.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      response.off("drain", done);
      response.off("close", done);
      resolve();
    };
    response.on("drain", done);
    response.on("close", done);
  });
}

export async function writeSse(
  response: ServerResponse,
  headers: Record<string, string>,
  frames: AsyncIterable<string>,
  upstream: AbortController,
  options: { contentType?: string } = {},
): Promise<void> {
  const onClose = () => {
    if (!response.writableFinished) upstream.abort();
  };
  response.on("close", onClose);
  response.writeHead(200, {
    ...headers,
    "content-type": options.contentType ?? "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    connection: "keep-alive",
    "x-accel-buffering": "no",
  });
  // Frames produced in the same turn of the event loop (the events of one upstream chunk) leave
  // in one write: cork on the first, uncork once the turn's microtasks are done.
  let corked = false;
  const uncork = () => {
    corked = false;
    response.uncork();
  };
  try {
    for await (const frame of frames) {
      if (response.destroyed) break;
      if (!corked) {
        corked = true;
        response.cork();
        process.nextTick(uncork);
      }
      if (!response.write(frame)) await drainedOrClosed(response);
    }
  } finally {
    response.off("close", onClose);
    if (!response.destroyed) response.end();
  }
}
