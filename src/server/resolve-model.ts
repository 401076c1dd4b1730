/**
 * Public model name (or an alias of one, routing/model-aliases.ts) -> the candidate to call and
 * its token provider, or a 404 that lists what exists.
 */
import { ProxyError } from "../errors/proxy-error.js";
import { resolveModelName } from "../routing/model-aliases.js";
import type { Candidate } from "../routing/model-registry.js";
import type { TokenProvider } from "../sap/token-provider.js";
import type { GatewayContext } from "./gateway-context.js";

export interface ResolvedModel {
  candidate: Candidate;
  tokens: TokenProvider;
  /** The public model name the requested name resolved to. */
  publicName: string;
}

function modelNotFound(context: GatewayContext, model: string): ProxyError {
  const available = context.registry.names();
  return new ProxyError(
    "model_not_found",
    404,
    `The model '${model}' does not exist. Available models: ${available.length ? available.join(", ") : "(none configured)"}`,
    { param: "model" },
  );
}

/** The public model name `model` means (itself or through an alias); 400/404 otherwise. */
export function resolvePublicName(context: GatewayContext, model: unknown): string {
  if (typeof model !== "string" || model === "") {
    throw new ProxyError("invalid_request", 400, "you must provide a model parameter", { param: "model" });
  }
  const publicName = resolveModelName(context.registry, context.config.modelAliases, model);
  if (publicName === undefined) throw modelNotFound(context, model);
  return publicName;
}

export function resolveModel(context: GatewayContext, model: unknown): ResolvedModel {
  const publicName = resolvePublicName(context, model);
  const candidate = context.balancer.pick(publicName, context.registry.candidates(publicName));
  if (!candidate) throw modelNotFound(context, String(model));
  const tokens = context.tokens.get(candidate.subAccount);
  if (!tokens)
    throw new ProxyError("internal_error", 500, `No credentials for subaccount "${candidate.subAccount}"`);
  return { candidate, tokens, publicName };
}
