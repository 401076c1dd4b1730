/**
 * `POST /v1/embeddings` (and `/embeddings`) for azure-openai embedding deployments: the body is
 * passed through with only the fields Azure accepts (reference section 4.1), failing over across
 * the model's deployments (server/serve-with-failover.ts).
 */
import type { FastifyInstance } from "fastify";
import { apiVersionFor } from "../../backends/azure-openai/api-version.js";
import { callDeployment, readUpstreamText, upstreamError } from "../../backends/upstream-call.js";
import { ProxyError } from "../../errors/proxy-error.js";
import type { GatewayContext } from "../../server/gateway-context.js";
import { resolveModel } from "../../server/resolve-model.js";
import { servedBy, serveWithFailover } from "../../server/serve-with-failover.js";

const FIELDS = ["input", "model", "dimensions", "encoding_format", "user"];

export function registerOpenAiEmbeddingRoutes(app: FastifyInstance, context: GatewayContext): void {
  for (const path of ["/v1/embeddings", "/embeddings"]) {
    app.post(path, async (request, reply) => {
      const body = request.body;
      if (body === null || typeof body !== "object" || Array.isArray(body)) {
        throw new ProxyError("invalid_request", 400, "The request body must be a JSON object");
      }
      const json = body as Record<string, unknown>;
      if (
        json.input === undefined ||
        json.input === "" ||
        (Array.isArray(json.input) && json.input.length === 0)
      ) {
        throw new ProxyError("invalid_request", 400, "'input' must be a non-empty string or array", {
          param: "input",
        });
      }
      const model = json.model as string;
      const resolved = resolveModel(
        context,
        json.model,
        (candidate) => candidate.family === "azure-openai-embedding",
        () =>
          new ProxyError(
            "unsupported_model",
            400,
            `The model '${model}' is not an embedding model served on /v1/embeddings`,
            { param: "model" },
          ),
      );
      return serveWithFailover(context, {
        request,
        reply,
        resolved,
        stream: false,
        attempt: async (target) => {
          const { candidate } = target;
          const response = await callDeployment({
            candidate,
            tokens: target.tokens,
            http: context.http,
            suffix: "/embeddings",
            query: {
              "api-version": apiVersionFor(
                resolved.publicName,
                candidate.sapModel,
                context.config.apiVersions,
              ),
            },
            body: {
              ...Object.fromEntries(Object.entries(json).filter(([key]) => FIELDS.includes(key))),
              model: candidate.sapModel ?? resolved.publicName,
            },
            signal: target.signal,
          });
          if (response.statusCode !== 200) throw await upstreamError(response, candidate);
          const text = await readUpstreamText(response, target.signal);
          return async () => {
            request.log.info(servedBy(target, model), "embeddings served");
            return reply.code(200).type("application/json").send(text);
          };
        },
      });
    });
  }
}
