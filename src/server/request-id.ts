/**
 * Request ids: an incoming `x-request-id` is kept when it looks sane, otherwise a new UUID; every
 * response carries it back.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";

export function requestIdOf(request: IncomingMessage): string {
  const incoming = request.headers["x-request-id"];
  return typeof incoming === "string" && /^[\w.:-]{1,128}$/.test(incoming) ? incoming : randomUUID();
}
