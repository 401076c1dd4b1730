/**
 * Model names clients send that are not public model names of this gateway, mapped to the one
 * that serves them. Claude Code and the Anthropic SDKs send Anthropic's ids (`claude-sonnet-4-5`,
 * `claude-opus-4-1-20250805`, `claude-3-7-sonnet-latest`, `claude-sonnet-4-5[1m]`, Bedrock ids
 * such as `us.anthropic.claude-sonnet-4-5-20250929-v1:0`); SAP names the same models
 * `anthropic--claude-<version>-<variant>` (reference sap-ai-core-wire-formats section 6;
 * peers-and-client-contracts section 3.1 "Models").
 *
 * Resolution, first match wins:
 * 1. the name is a public model name;
 * 2. `model_aliases` in config.json (exact name, then the name without `[1m]`);
 * 3. the built-in overrides below;
 * 4. the rule: parse family, version and variant out of an Anthropic id (dates, `-latest`, a
 *    `[1m]` suffix, Bedrock region prefixes and `-v1:0` stripped) into SAP's name.
 * A target (of 2-4) is a public model name, an SAP model name that some public model name serves
 * (e.g. a configured `4.5-sonnet` deployment running `anthropic--claude-4.5-sonnet`), or an
 * Anthropic id standing for such an SAP name.
 */
import type { ModelRegistry } from "./model-registry.js";

/**
 * Ids the rule gets wrong or cannot parse, looked up after stripping dates and suffixes. Every
 * Anthropic id released so far follows the rule; irregular ones go here.
 */
export const BUILT_IN_ALIASES: Readonly<Record<string, string>> = {};

const VARIANTS = "opus|sonnet|haiku";
const NEW_STYLE = new RegExp(`^claude-(${VARIANTS})-(\\d+)(?:[-.](\\d))?$`);
const OLD_STYLE = new RegExp(`^claude-(\\d+)(?:[-.](\\d))?-(${VARIANTS})$`);
const SAP_CLAUDE = new RegExp(`^anthropic--claude-(\\d+)(?:\\.(\\d+))?-(${VARIANTS})$`);

function stripSuffixes(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/\[1m\]$/, "")
    .replace(/^(?:[a-z]{2,6}\.)?anthropic\./, "")
    .replace(/-v\d+(?::\d+)?$/, "")
    .replace(/@\d{8}$/, "")
    .replace(/-(?:\d{8}|latest)$/, "");
}

/** SAP's name for an Anthropic model id, by rule; undefined when the id is not a Claude id. */
export function sapNameOfAnthropicId(id: string): string | undefined {
  const name = stripSuffixes(id);
  if (SAP_CLAUDE.test(name)) return name;
  const modern = NEW_STYLE.exec(name);
  if (modern) return `anthropic--claude-${modern[2]}${modern[3] ? `.${modern[3]}` : ""}-${modern[1]}`;
  const legacy = OLD_STYLE.exec(name);
  if (legacy) return `anthropic--claude-${legacy[1]}${legacy[2] ? `.${legacy[2]}` : ""}-${legacy[3]}`;
  return undefined;
}

/** Anthropic's undated id for an SAP Claude name (`anthropic--claude-4.5-sonnet` -> `claude-sonnet-4-5`). */
export function anthropicIdOfSapName(sapName: string): string | undefined {
  const parts = SAP_CLAUDE.exec(sapName.toLowerCase());
  if (!parts) return undefined;
  const [, major, minor, variant] = parts;
  const version = minor ? `${major}-${minor}` : `${major}`;
  return Number(major) >= 4 ? `claude-${variant}-${version}` : `claude-${version}-${variant}`;
}

/** `Claude Sonnet 4.5` for Claude names (SAP's or Anthropic's); undefined for others. */
export function claudeDisplayName(name: string): string | undefined {
  const sap = sapNameOfAnthropicId(name);
  const parts = sap ? SAP_CLAUDE.exec(sap) : null;
  if (!parts) return undefined;
  const [, major, minor, variant = ""] = parts;
  return `Claude ${variant.charAt(0).toUpperCase()}${variant.slice(1)} ${major}${minor ? `.${minor}` : ""}`;
}

/**
 * A public name of the registry for `target`: itself, a public name serving that SAP model, or
 * (for an Anthropic id) the same for SAP's name of it.
 */
function publicNameFor(registry: ModelRegistry, target: string): string | undefined {
  if (registry.candidates(target).length > 0) return target;
  const serving = registry.publicNamesServing(target)[0];
  if (serving !== undefined) return serving;
  const sapName = sapNameOfAnthropicId(target);
  if (sapName === undefined || sapName === target) return undefined;
  return registry.candidates(sapName).length > 0 ? sapName : registry.publicNamesServing(sapName)[0];
}

/**
 * The public model name `requested` means, or undefined when nothing serves it.
 * `configured` is `model_aliases` from config.json.
 */
export function resolveModelName(
  registry: ModelRegistry,
  configured: Readonly<Record<string, string>>,
  requested: string,
): string | undefined {
  if (registry.candidates(requested).length > 0) return requested;
  const withoutContextSuffix = requested.replace(/\[1m\]$/i, "");
  for (const key of [requested, withoutContextSuffix]) {
    const target = configured[key];
    if (target !== undefined) return publicNameFor(registry, target);
  }
  const builtIn = BUILT_IN_ALIASES[stripSuffixes(requested)] ?? BUILT_IN_ALIASES[requested];
  if (builtIn !== undefined) return publicNameFor(registry, builtIn);
  const sapName = sapNameOfAnthropicId(requested);
  return sapName === undefined ? undefined : publicNameFor(registry, sapName);
}

/**
 * Names worth listing next to the public ones (what `/v1/models` shows Anthropic clients):
 * Anthropic's undated id for every Claude model served, and every configured alias that
 * resolves. Each entry is routable by construction.
 */
export function listedAliases(
  registry: ModelRegistry,
  configured: Readonly<Record<string, string>>,
): { alias: string; target: string }[] {
  const listed: { alias: string; target: string }[] = [];
  const seen = new Set(registry.names());
  const add = (alias: string) => {
    if (seen.has(alias)) return;
    const target = resolveModelName(registry, configured, alias);
    if (target === undefined) return;
    seen.add(alias);
    listed.push({ alias, target });
  };
  for (const name of registry.names()) {
    const candidate = registry.candidates(name)[0];
    if (candidate?.family !== "bedrock-claude") continue;
    const anthropicId = anthropicIdOfSapName(candidate.sapModel ?? name);
    if (anthropicId) add(anthropicId);
  }
  for (const alias of Object.keys(configured)) add(alias);
  return listed;
}
