/**
 * `GET /v1/models` and `GET /v1/models/{id}` in OpenAI's list shape: every public model name the
 * registry can route.
 */
import type { FastifyInstance } from "fastify";
import { ProxyError } from "../../errors/proxy-error.js";
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

export function registerOpenAiModelRoutes(app: FastifyInstance, context: GatewayContext): void {
  const created = Math.floor(context.clock() / 1000);
  const describe = (id: string) => {
    const family = context.registry.candidates(id)[0]?.family ?? "unknown";
    return { id, object: "model", created, owned_by: OWNERS[family] };
  };
  for (const prefix of ["/v1", ""]) {
    app.get(`${prefix}/models`, () => ({ object: "list", data: context.registry.names().map(describe) }));
    app.get(`${prefix}/models/:id`, (request) => {
      const { id } = request.params as { id: string };
      if (context.registry.candidates(id).length === 0) {
        throw new ProxyError("model_not_found", 404, `The model '${id}' does not exist`, { param: "model" });
      }
      return describe(id);
    });
  }
}
