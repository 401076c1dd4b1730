/**
 * Type guards for JSON read from clients and upstreams, shared by every frontend and backend.
 */
import type { JsonObject } from "./request.js";

/** A JSON object (not null, not an array), typed as the IR's JsonObject. */
export function isJsonObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The same test, for code that reads fields as `unknown`. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
