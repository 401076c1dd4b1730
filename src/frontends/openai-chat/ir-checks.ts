/**
 * Small type checks for decoding OpenAI chat bodies into the IR: each failure is an OpenAI-shaped
 * 400 naming the offending field in `param` (e.g. `messages[2].tool_calls[0].function.arguments`).
 */
import { isJsonObject } from "../../ir/json.js";
import { ProxyError } from "../../errors/proxy-error.js";
import type { IrCacheMarker, JsonObject, JsonValue } from "../../ir/request.js";

export function invalid(param: string, message: string): ProxyError {
  return new ProxyError("invalid_request", 400, `Invalid '${param}': ${message}`, { param });
}

export function objectAt(value: unknown, param: string): JsonObject {
  if (!isJsonObject(value)) throw invalid(param, "expected an object");
  return value;
}

export function stringAt(value: unknown, param: string): string {
  if (typeof value !== "string") throw invalid(param, "expected a string");
  return value;
}

export function optionalString(value: unknown, param: string): string | undefined {
  return value === undefined || value === null ? undefined : stringAt(value, param);
}

export function optionalNumber(
  value: unknown,
  param: string,
  range: { min: number; max: number; integer?: boolean },
): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value)) throw invalid(param, "expected a number");
  if (range.integer && !Number.isInteger(value)) throw invalid(param, "expected an integer");
  if (value < range.min || value > range.max) {
    throw invalid(param, `expected a value between ${range.min} and ${range.max}, got ${value}`);
  }
  return value;
}

export function optionalBoolean(value: unknown, param: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw invalid(param, "expected a boolean");
  return value;
}

/** `cache_control: {type: "ephemeral", ttl?}` as some OpenAI clients send it on parts (Anthropic's shape). */
export function cacheMarker(value: unknown): { cache?: IrCacheMarker } {
  if (!isJsonObject(value) || value.type !== "ephemeral") return {};
  return { cache: value.ttl === "1h" || value.ttl === "5m" ? { ttl: value.ttl } : {} };
}

/** Parses tool-call arguments: a JSON object (empty text means no arguments). */
export function parseArguments(text: string, param: string): JsonValue {
  if (text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalid(param, `not valid JSON (${(error as Error).message})`);
  }
  if (!isJsonObject(value)) throw invalid(param, "expected a JSON object");
  return value;
}
