/**
 * The Anthropic Messages API: `POST /v1/messages` and `POST /v1/messages/count_tokens` (also with
 * `?beta=true`, as Claude Code calls them, and without `/v1`). Errors on these routes, including
 * authentication, malformed JSON and oversized bodies, are rendered in Anthropic's shape
 * (`config.protocol`, see server/client-protocol.ts). Claude deployments are served by
 * passthrough (claude-passthrough.ts), GPT and Gemini through the IR (gpt-route.ts, gemini-route.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ProxyError } from "../../errors/proxy-error.js";
import type { GatewayContext } from "../../server/gateway-context.js";
import { resolveModel, resolvePublicName } from "../../server/resolve-model.js";
import { serveWithFailover } from "../../server/serve-with-failover.js";
import { claudeMessages } from "./claude-passthrough.js";
import { estimateInputTokens } from "./count-tokens.js";
import { MESSAGES_FAMILIES } from "./families.js";
import { geminiMessages } from "./gemini-route.js";
import { gptMessages } from "./gpt-route.js";

type Json = Record<string, unknown>;

function objectBody(body: unknown): Json {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new ProxyError("invalid_request", 400, "The request body must be a JSON object");
  }
  const json = body as Json;
  if (!Array.isArray(json.messages)) {
    throw new ProxyError("invalid_request", 400, "messages: Field required (a list of messages)", {
      param: "messages",
    });
  }
  return json;
}

function messagesBody(body: unknown): Json {
  const json = objectBody(body);
  if ((json.messages as unknown[]).length === 0) {
    throw new ProxyError("invalid_request", 400, "messages: at least one message is required", {
      param: "messages",
    });
  }
  if (json.max_tokens === undefined) {
    throw new ProxyError("invalid_request", 400, "max_tokens: Field required", { param: "max_tokens" });
  }
  if (typeof json.max_tokens !== "number" || !Number.isInteger(json.max_tokens) || json.max_tokens < 1) {
    throw new ProxyError("invalid_request", 400, "max_tokens: Input should be a positive integer", {
      param: "max_tokens",
    });
  }
  if (json.stream !== undefined && typeof json.stream !== "boolean") {
    throw new ProxyError("invalid_request", 400, "stream: Input should be a valid boolean", {
      param: "stream",
    });
  }
  return json;
}

async function messages(
  context: GatewayContext,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const body = messagesBody(request.body);
  const resolved = resolveModel(
    context,
    body.model,
    (candidate) => MESSAGES_FAMILIES.has(candidate.family),
    (candidate) =>
      new ProxyError(
        "unsupported_model",
        400,
        `model: '${String(body.model)}' (deployment family ${candidate.family}) is not served on /v1/messages by this version of the gateway`,
        { param: "model" },
      ),
  );
  const call = { context, request, reply, body, publicName: resolved.publicName, started: context.clock() };
  return serveWithFailover(context, {
    request,
    reply,
    resolved,
    stream: body.stream === true,
    attempt: (target) => {
      switch (target.candidate.family) {
        case "azure-openai-chat":
          return gptMessages(call, target);
        case "vertex-gemini":
          return geminiMessages(call, target);
        default:
          return claudeMessages(call, target);
      }
    },
  });
}

function countTokens(context: GatewayContext, request: FastifyRequest): { input_tokens: number } {
  const body = objectBody(request.body);
  resolvePublicName(context, body.model);
  return { input_tokens: estimateInputTokens(body) };
}

export function registerAnthropicMessagesRoutes(app: FastifyInstance, context: GatewayContext): void {
  const config = { protocol: "anthropic" as const };
  for (const prefix of ["/v1", ""]) {
    app.post(`${prefix}/messages`, { config }, (request, reply) => messages(context, request, reply));
    app.post(`${prefix}/messages/count_tokens`, { config }, (request) => countTokens(context, request));
  }
}
