/**
 * Public model name -> the candidate to call and its token provider, or a 404 that lists what
 * exists.
 */
import { ProxyError } from "../errors/proxy-error.js";
import type { Candidate } from "../routing/model-registry.js";
import type { TokenProvider } from "../sap/token-provider.js";
import type { GatewayContext } from "./gateway-context.js";

export interface ResolvedModel {
  candidate: Candidate;
  tokens: TokenProvider;
}

export function resolveModel(context: GatewayContext, model: unknown): ResolvedModel {
  if (typeof model !== "string" || model === "") {
    throw new ProxyError("invalid_request", 400, "you must provide a model parameter", { param: "model" });
  }
  const candidate = context.balancer.pick(model, context.registry.candidates(model));
  if (!candidate) {
    const available = context.registry.names();
    throw new ProxyError(
      "model_not_found",
      404,
      `The model '${model}' does not exist. Available models: ${available.length ? available.join(", ") : "(none configured)"}`,
      { param: "model" },
    );
  }
  const tokens = context.tokens.get(candidate.subAccount);
  if (!tokens)
    throw new ProxyError("internal_error", 500, `No credentials for subaccount "${candidate.subAccount}"`);
  return { candidate, tokens };
}
