/**
 * `GET /v1/models` and `GET /v1/models/{id}` (also without `/v1`): one path, two shapes. Clients
 * that send `anthropic-version` (every Anthropic SDK, Claude Code) get Anthropic's list shape,
 * everyone else OpenAI's (peers-and-client-contracts section 3.1: "must coexist with the OpenAI
 * list shape on the same path").
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { anthropicModel, anthropicModelPage } from "../frontends/anthropic-messages/models.js";
import { openAiModel, openAiModelList } from "../frontends/openai-models/routes.js";
import { speaksAnthropic } from "./client-protocol.js";
import type { GatewayContext } from "./gateway-context.js";

export function registerModelRoutes(app: FastifyInstance, context: GatewayContext): void {
  const createdMs = context.clock();
  const created = Math.floor(createdMs / 1000);
  const createdAt = new Date(createdMs).toISOString();
  const anthropic = (request: FastifyRequest) => speaksAnthropic(request);
  for (const prefix of ["/v1", ""]) {
    app.get(`${prefix}/models`, (request) =>
      anthropic(request)
        ? anthropicModelPage(context, createdAt, request.query as Record<string, unknown>)
        : openAiModelList(context, created),
    );
    app.get(`${prefix}/models/:id`, (request) => {
      const { id } = request.params as { id: string };
      return anthropic(request) ? anthropicModel(context, createdAt, id) : openAiModel(context, created, id);
    });
  }
}
