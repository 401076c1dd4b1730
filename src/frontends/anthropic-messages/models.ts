/**
 * The model list in Anthropic's shape (https://docs.anthropic.com/en/api/models-list), which
 * Claude Code reads for gateway model discovery (`GET /v1/models?limit=1000`,
 * peers-and-client-contracts section 3.1): `{data: [{type: "model", id, display_name,
 * created_at}], has_more, first_id, last_id}`, paged by `limit` (default 20, at most 1000),
 * `after_id` and `before_id`. Every public model name `/v1/messages` serves (families.ts) is
 * listed, each followed by its aliases (a Claude model by its Anthropic id, e.g.
 * `claude-sonnet-4-5`, and configured `model_aliases`); every listed id is routable.
 */
import { ProxyError } from "../../errors/proxy-error.js";
import { claudeDisplayName, listedAliases, resolveModelName } from "../../routing/model-aliases.js";
import type { GatewayContext } from "../../server/gateway-context.js";
import { MESSAGES_FAMILIES } from "./families.js";

export interface AnthropicModelInfo {
  type: "model";
  id: string;
  display_name: string;
  created_at: string;
}

export interface AnthropicModelPage {
  data: AnthropicModelInfo[];
  has_more: boolean;
  first_id: string | null;
  last_id: string | null;
}

function describe(id: string, createdAt: string): AnthropicModelInfo {
  return { type: "model", id, display_name: claudeDisplayName(id) ?? id, created_at: createdAt };
}

function servedOnMessages(context: GatewayContext, publicName: string): boolean {
  const family = context.registry.candidates(publicName)[0]?.family;
  return family !== undefined && MESSAGES_FAMILIES.has(family);
}

/** Every listed id, public names each followed by their aliases. */
function listedIds(context: GatewayContext): string[] {
  const aliases = listedAliases(context.registry, context.config.modelAliases).filter(({ target }) =>
    servedOnMessages(context, target),
  );
  const ids: string[] = [];
  const placed = new Set<string>();
  for (const name of context.registry.names()) {
    if (!servedOnMessages(context, name)) continue;
    ids.push(name);
    for (const { alias, target } of aliases) {
      if (target === name && !placed.has(alias)) {
        ids.push(alias);
        placed.add(alias);
      }
    }
  }
  for (const { alias } of aliases) if (!placed.has(alias)) ids.push(alias);
  return ids;
}

function pageSize(value: unknown): number {
  if (value === undefined) return 20;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new ProxyError("invalid_request", 400, "limit: Input should be an integer from 1 to 1000");
  }
  return limit;
}

export function anthropicModelPage(
  context: GatewayContext,
  createdAt: string,
  query: Record<string, unknown>,
): AnthropicModelPage {
  const ids = listedIds(context);
  const limit = pageSize(query.limit);
  let start = 0;
  let end = ids.length;
  if (typeof query.after_id === "string") start = ids.indexOf(query.after_id) + 1;
  if (typeof query.before_id === "string") {
    const before = ids.indexOf(query.before_id);
    end = before < 0 ? ids.length : before;
    if (typeof query.after_id !== "string") start = Math.max(0, end - limit);
  }
  const page = ids.slice(start, Math.min(end, start + limit));
  return {
    data: page.map((id) => describe(id, createdAt)),
    has_more: typeof query.before_id === "string" ? start > 0 : start + page.length < end,
    first_id: page[0] ?? null,
    last_id: page.at(-1) ?? null,
  };
}

export function anthropicModel(context: GatewayContext, createdAt: string, id: string): AnthropicModelInfo {
  const publicName = resolveModelName(context.registry, context.config.modelAliases, id);
  if (publicName === undefined || !servedOnMessages(context, publicName)) {
    throw new ProxyError("model_not_found", 404, `model: ${id}`, { param: "model" });
  }
  return describe(id, createdAt);
}
