/**
 * Anthropic's own model ids, which Claude responses carry in `model` (e.g.
 * `claude-sonnet-4-5-20250929`), derived from SAP's catalog names (`anthropic--claude-4.5-sonnet`,
 * reference section 6). Known releases map to their dated ids; others follow Anthropic's naming
 * scheme without a date.
 */
import type { CatalogModel } from "../../catalog.js";

const KNOWN: Record<string, string> = {
  "anthropic--claude-4.5-sonnet": "claude-sonnet-4-5-20250929",
  "anthropic--claude-4.5-haiku": "claude-haiku-4-5-20251001",
  "anthropic--claude-4.5-opus": "claude-opus-4-5-20251101",
  "anthropic--claude-4-sonnet": "claude-sonnet-4-20250514",
  "anthropic--claude-4-opus": "claude-opus-4-20250514",
  "anthropic--claude-3.7-sonnet": "claude-3-7-sonnet-20250219",
  "anthropic--claude-3.5-sonnet": "claude-3-5-sonnet-20241022",
  "anthropic--claude-3-haiku": "claude-3-haiku-20240307",
  "anthropic--claude-3-opus": "claude-3-opus-20240229",
  "anthropic--claude-3-sonnet": "claude-3-sonnet-20240229",
};

export function isClaude(model: CatalogModel): boolean {
  return model.name.startsWith("anthropic--claude-");
}

export function claudeModelId(model: CatalogModel): string {
  const known = KNOWN[model.name];
  if (known) return known;
  const parts = /^anthropic--claude-(\d+(?:\.\d+)?)-([a-z]+)$/.exec(model.name);
  if (!parts?.[1] || !parts[2]) return model.name.replace(/^anthropic--/, "");
  const version = parts[1].replace(".", "-");
  return Number.parseFloat(parts[1]) >= 4 ? `claude-${parts[2]}-${version}` : `claude-${version}-${parts[2]}`;
}
