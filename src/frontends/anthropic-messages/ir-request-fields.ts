/**
 * Typed readers for the fields of an Anthropic Messages body (wire -> IR decoding). Every reader
 * names the offending field in Anthropic's dotted path style (`messages.0.content.1.source`) and
 * throws a 400 `ProxyError`, which the frontend renders as an `invalid_request_error`
 * (https://docs.claude.com/en/api/errors).
 */
import { isJsonObject } from "../../ir/json.js";
import { ProxyError } from "../../errors/proxy-error.js";
import type { IrCacheMarker, JsonObject, JsonValue } from "../../ir/request.js";

export function invalidField(path: string, message: string): ProxyError {
  return new ProxyError("invalid_request", 400, `${path}: ${message}`, { param: path });
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

export function objectAt(value: unknown, path: string): JsonObject {
  if (!isJsonObject(value)) throw invalidField(path, `expected an object, got ${describe(value)}`);
  return value;
}

export function arrayAt(value: unknown, path: string): JsonValue[] {
  if (!Array.isArray(value)) throw invalidField(path, `expected an array, got ${describe(value)}`);
  return value as JsonValue[];
}

export function stringAt(value: unknown, path: string): string {
  if (typeof value !== "string") throw invalidField(path, `expected a string, got ${describe(value)}`);
  return value;
}

export function optionalString(value: unknown, path: string): string | undefined {
  return value === undefined || value === null ? undefined : stringAt(value, path);
}

export function optionalNumber(value: unknown, path: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value))
    throw invalidField(path, `expected a number, got ${describe(value)}`);
  return value;
}

export function optionalBoolean(value: unknown, path: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw invalidField(path, `expected a boolean, got ${describe(value)}`);
  return value;
}

/** A positive integer (`max_tokens`, `budget_tokens`, `top_k` allows 0 through `minimum`). */
export function optionalInteger(value: unknown, path: string, minimum = 1): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value))
    throw invalidField(path, `expected an integer, got ${describe(value)}`);
  if (value < minimum) throw invalidField(path, `must be at least ${minimum}`);
  return value;
}

/** `cache_control: {type: "ephemeral", ttl?}`; `scope` and other keys are not modelled. */
export function cacheMarkerAt(value: unknown, path: string): IrCacheMarker | undefined {
  if (value === undefined || value === null) return undefined;
  const control = objectAt(value, path);
  if (control.type !== "ephemeral") throw invalidField(`${path}.type`, "expected 'ephemeral'");
  const ttl = control.ttl;
  if (ttl === undefined || ttl === null) return {};
  if (ttl !== "5m" && ttl !== "1h") throw invalidField(`${path}.ttl`, "expected '5m' or '1h'");
  return { ttl };
}

/** Spreads `{cache}` only when there is a marker, so absent markers leave no key behind. */
export function withCache(cache: IrCacheMarker | undefined): { cache?: IrCacheMarker } {
  return cache ? { cache } : {};
}
