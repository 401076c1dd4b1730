/**
 * Public model name (or an alias of one, routing/model-aliases.ts) -> the deployments that can
 * serve the request, for the router to choose from (server/serve-with-failover.ts), or a 404
 * that lists what exists, or a 400 when none of its deployments serves this endpoint.
 */
import { ProxyError } from "../errors/proxy-error.js";
import { resolveModelName } from "../routing/model-aliases.js";
import type { Candidate } from "../routing/model-registry.js";
import type { GatewayContext } from "./gateway-context.js";

export interface ResolvedModel {
  /** The public model name the requested name resolved to. */
  publicName: string;
  /** Its deployments that serve the endpoint, in registry order (never empty). */
  candidates: readonly Candidate[];
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

/**
 * The deployments of `model` that `serves` accepts; when it has deployments but none fits,
 * `unsupported(first)` says why.
 */
export function resolveModel(
  context: GatewayContext,
  model: unknown,
  serves: (candidate: Candidate) => boolean,
  unsupported: (candidate: Candidate) => ProxyError,
): ResolvedModel {
  const publicName = resolvePublicName(context, model);
  const all = context.registry.candidates(publicName);
  const first = all[0];
  if (!first) throw modelNotFound(context, String(model));
  const candidates = all.filter(serves);
  if (candidates.length === 0) throw unsupported(first);
  return { publicName, candidates };
}
