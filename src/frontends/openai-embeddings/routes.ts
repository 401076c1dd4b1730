/**
 * `POST /v1/embeddings` (and `/embeddings`) for azure-openai embedding deployments: the body is
 * passed through with only the fields Azure accepts (reference section 4.1).
 */
import type { FastifyInstance } from "fastify";
import { apiVersionFor } from "../../backends/azure-openai/api-version.js";
import { callDeployment, upstreamError } from "../../backends/upstream-call.js";
import { ProxyError } from "../../errors/proxy-error.js";
import type { GatewayContext } from "../../server/gateway-context.js";
import { resolveModel } from "../../server/resolve-model.js";

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
      const { candidate, tokens } = resolveModel(context, json.model);
      if (candidate.family !== "azure-openai-embedding") {
        throw new ProxyError(
          "unsupported_model",
          400,
          `The model '${model}' is not an embedding model served on /v1/embeddings`,
          { param: "model" },
        );
      }
      const response = await callDeployment({
        candidate,
        tokens,
        http: context.http,
        suffix: "/embeddings",
        query: { "api-version": apiVersionFor(model, candidate.sapModel, context.config.apiVersions) },
        body: {
          ...Object.fromEntries(Object.entries(json).filter(([key]) => FIELDS.includes(key))),
          model: candidate.sapModel ?? model,
        },
      });
      if (response.statusCode !== 200) throw await upstreamError(response, candidate);
      request.log.info(
        { model, subAccount: candidate.subAccount, deployment: candidate.deploymentId },
        "embeddings served",
      );
      return reply
        .code(200)
        .type("application/json")
        .send(await response.body.text());
    });
  }
}
