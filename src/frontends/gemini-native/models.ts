/**
 * `GET /v1beta/models` and `GET /v1beta/models/{model}` in the Gemini API's shape
 * (`{models: [{name: "models/<id>", displayName, supportedGenerationMethods, ...}]}`), which
 * Cherry Studio's Gemini provider type and `@google/genai`'s `models.list()` read: every public
 * model name served by a Gemini deployment, and every configured alias of one. Everything listed
 * is routable on the `:generateContent` routes.
 */
import type { FastifyInstance } from "fastify";
import { ProxyError } from "../../errors/proxy-error.js";
import { listedAliases, resolveModelName } from "../../routing/model-aliases.js";
import type { GatewayContext } from "../../server/gateway-context.js";

export interface GeminiModelInfo {
  name: string;
  baseModelId: string;
  version: string;
  displayName: string;
  description: string;
  supportedGenerationMethods: string[];
}

const METHODS = ["generateContent", "streamGenerateContent"];

function servesGemini(context: GatewayContext, publicName: string): boolean {
  const candidate = context.registry.candidates(publicName)[0];
  return candidate?.family === "vertex-gemini" && !/embedding/i.test(candidate.sapModel ?? publicName);
}

function describe(context: GatewayContext, id: string, publicName: string): GeminiModelInfo {
  const sapModel = context.registry.candidates(publicName)[0]?.sapModel ?? publicName;
  return {
    name: `models/${id}`,
    baseModelId: sapModel,
    version: "001",
    displayName: id,
    description: `${sapModel} on SAP AI Core`,
    supportedGenerationMethods: METHODS,
  };
}

export function geminiModelList(context: GatewayContext): { models: GeminiModelInfo[] } {
  const names = context.registry.names().filter((name) => servesGemini(context, name));
  const aliases = listedAliases(context.registry, context.config.modelAliases).filter(({ target }) =>
    servesGemini(context, target),
  );
  return {
    models: [
      ...names.map((name) => describe(context, name, name)),
      ...aliases.map(({ alias, target }) => describe(context, alias, target)),
    ],
  };
}

export function geminiModel(context: GatewayContext, requested: string): GeminiModelInfo {
  const id = requested.replace(/^models\//, "");
  const publicName = resolveModelName(context.registry, context.config.modelAliases, id);
  if (publicName === undefined || !servesGemini(context, publicName)) {
    throw new ProxyError("model_not_found", 404, `models/${id} is not found or is not a Gemini model`, {
      param: "model",
    });
  }
  return describe(context, id, publicName);
}

export function registerGeminiModelRoutes(app: FastifyInstance, context: GatewayContext): void {
  const config = { protocol: "google" as const };
  app.get("/v1beta/models", { config }, () => geminiModelList(context));
  app.get("/v1beta/models/:model", { config }, (request) =>
    geminiModel(context, (request.params as { model: string }).model),
  );
}
