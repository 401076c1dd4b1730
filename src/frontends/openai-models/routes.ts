/**
 * The model list and one model in OpenAI's shape (`{object: "list", data: [{id, object, created,
 * owned_by}]}`): every public model name the registry can route. An alias (routing/model-aliases)
 * is described too, but not listed. `server/model-routes.ts` serves `GET /v1/models` with this
 * shape unless the client speaks Anthropic.
 */
import { ProxyError } from "../../errors/proxy-error.js";
import { resolveModelName } from "../../routing/model-aliases.js";
import type { ModelFamily } from "../../sap/model-family.js";
import type { GatewayContext } from "../../server/gateway-context.js";

const OWNERS: Record<ModelFamily, string> = {
  "azure-openai-chat": "openai",
  "azure-openai-embedding": "openai",
  "bedrock-claude": "anthropic",
  "bedrock-other": "amazon",
  "vertex-gemini": "google",
  unknown: "sap-ai-core",
};

export interface OpenAiModel {
  id: string;
  object: "model";
  created: number;
  owned_by: string;
}

function describe(context: GatewayContext, created: number, id: string, publicName = id): OpenAiModel {
  const family = context.registry.candidates(publicName)[0]?.family ?? "unknown";
  return { id, object: "model", created, owned_by: OWNERS[family] };
}

export function openAiModelList(
  context: GatewayContext,
  created: number,
): { object: "list"; data: OpenAiModel[] } {
  return {
    object: "list",
    data: context.registry.names().map((id) => describe(context, created, id)),
  };
}

export function openAiModel(context: GatewayContext, created: number, id: string): OpenAiModel {
  const publicName = resolveModelName(context.registry, context.config.modelAliases, id);
  if (publicName === undefined) {
    throw new ProxyError("model_not_found", 404, `The model '${id}' does not exist`, { param: "model" });
  }
  return describe(context, created, id, publicName);
}
