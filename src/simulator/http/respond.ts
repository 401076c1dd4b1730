/**
 * Writing responses on the raw socket: JSON and text bodies, and streams written one event per
 * write with optional pacing, honouring backpressure, stopping when the client goes away, and
 * dropping the connection where a fault says so. Between events the writer always yields to the
 * event loop (even without pacing), so each event leaves in its own flush (reference 7.7).
 */
import type { ServerResponse } from "node:http";
import { setImmediate as nextTurn, setTimeout as sleep } from "node:timers/promises";
import type { InferenceResponse } from "../families/types.js";

export interface StreamOptions {
  intervalMs: number;
  /** Destroy the connection after this many events (a `drop` fault). */
  dropAfterEvents?: number;
}

function closed(response: ServerResponse): boolean {
  return response.destroyed || response.writableEnded || response.socket?.destroyed === true;
}

/** Resolves on `drain` or `close`, whichever comes first, and removes both listeners. */
export function drainedOrClosed(response: ServerResponse): Promise<void> {
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

async function writeEvent(response: ServerResponse, event: string | Buffer): Promise<void> {
  if (response.write(event)) return;
  if (closed(response)) return;
  await drainedOrClosed(response);
}

/** A signal aborted when the response closes (the client went away or the server shut down). */
function closeSignal(response: ServerResponse): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const abort = () => controller.abort();
  response.once("close", abort);
  return { signal: controller.signal, dispose: () => response.off("close", abort) };
}

export async function writeInferenceResponse(
  response: ServerResponse,
  result: InferenceResponse,
  options: StreamOptions,
): Promise<void> {
  if (result.type !== "stream") {
    const body = result.type === "json" ? JSON.stringify(result.body) : result.body;
    const contentType = result.type === "json" ? "application/json" : result.contentType;
    const bytes = Buffer.from(body, "utf8");
    response.writeHead(result.status, {
      ...result.headers,
      "content-type": contentType,
      "content-length": String(bytes.length),
    });
    if (options.dropAfterEvents !== undefined) {
      response.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
      response.socket?.destroy();
      return;
    }
    response.end(bytes);
    return;
  }
  response.writeHead(200, {
    ...result.headers,
    "content-type": result.contentType,
    "cache-control": "no-cache",
    connection: "keep-alive",
  });
  response.flushHeaders();
  const { signal, dispose } = closeSignal(response);
  try {
    let written = 0;
    for (const event of result.events) {
      if (closed(response)) return;
      if (options.dropAfterEvents !== undefined && written >= options.dropAfterEvents) {
        response.socket?.destroy();
        return;
      }
      if (written > 0) {
        if (options.intervalMs > 0) await sleep(options.intervalMs, undefined, { signal }).catch(() => {});
        else await nextTurn();
      }
      if (closed(response)) return;
      await writeEvent(response, event);
      written += 1;
    }
  } finally {
    dispose();
  }
  if (options.dropAfterEvents !== undefined) {
    response.socket?.destroy();
    return;
  }
  if (!closed(response)) response.end();
}
