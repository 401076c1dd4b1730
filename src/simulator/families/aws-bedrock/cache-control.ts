/**
 * Anthropic `cache_control` markers on `/invoke` bodies: only `{type: "ephemeral", ttl?}` with
 * `ttl` `5m` or `1h`. SAP's Bedrock rejects anything else, notably Claude Code's `scope`
 * (`tools.19.custom.cache_control.ephemeral.scope: Extra inputs are not permitted`, recorded by a
 * peer proxy; peers-and-client-contracts section 1.2), and at most four markers per request.
 */
import { isJsonObject } from "../types.js";
import { extraInputs, shown } from "./errors.js";

export const MAX_CACHE_MARKERS = 4;

/** Checks the `cache_control` of the block or tool at `path`. */
export function checkCacheControl(value: unknown, path: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  const at = `${path}.cache_control`;
  if (!isJsonObject(value))
    return `${at}: Input should be a valid dictionary or object to extract fields from`;
  if (value.type !== "ephemeral") {
    return `${at}: Input tag '${shown(value.type)}' found using 'type' does not match any of the expected tags: 'ephemeral'`;
  }
  for (const key of Object.keys(value)) {
    if (key !== "type" && key !== "ttl") return extraInputs(`${at}.ephemeral.${key}`);
  }
  if (value.ttl !== undefined && value.ttl !== "5m" && value.ttl !== "1h") {
    return `${at}.ephemeral.ttl: Input should be '5m' or '1h'`;
  }
  return undefined;
}

export function tooManyCacheMarkers(found: number): string {
  return `A maximum of ${MAX_CACHE_MARKERS} blocks with cache_control may be provided. Found ${found}.`;
}
