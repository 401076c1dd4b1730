/**
 * Writing responses on the raw socket: JSON and text bodies, and streams written one event per
 * write with optional pacing, honouring backpressure, stopping when the client goes away, and
 * dropping the connection where a fault says so.
 */
import { once } from "node:events";
import type { ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { InferenceResponse } from "../families/types.js";

export interface StreamOptions {
  intervalMs: number;
  /** Destroy the connection after this many events (a `drop` fault). */
  dropAfterEvents?: number;
}

function closed(response: ServerResponse): boolean {
  return response.destroyed || response.writableEnded || response.socket?.destroyed === true;
}

async function writeEvent(response: ServerResponse, event: string | Buffer): Promise<void> {
  if (response.write(event)) return;
  await Promise.race([once(response, "drain"), once(response, "close")]);
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
  let written = 0;
  for (const event of result.events) {
    if (closed(response)) return;
    if (options.dropAfterEvents !== undefined && written >= options.dropAfterEvents) {
      response.socket?.destroy();
      return;
    }
    if (written > 0 && options.intervalMs > 0) await sleep(options.intervalMs);
    if (closed(response)) return;
    await writeEvent(response, event);
    written += 1;
  }
  if (options.dropAfterEvents !== undefined) {
    response.socket?.destroy();
    return;
  }
  if (!closed(response)) response.end();
}
