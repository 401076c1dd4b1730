/**
 * `POST /v1/chat/completions` (and `/chat/completions`). azure-openai deployments are served by
 * passthrough with SAP's allow-list (backends/azure-openai); Claude and Gemini deployments through
 * the canonical IR (`ir-claude-route.ts`, `ir-gemini-route.ts`); other families are refused with
 * a clear message.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { apiVersionFor } from "../../backends/azure-openai/api-version.js";
import { toAzureChatRequest } from "../../backends/azure-openai/chat-request.js";
import { relayChatStream, type ChatUsage } from "../../backends/azure-openai/stream-relay.js";
import { callDeployment, upstreamError } from "../../backends/upstream-call.js";
import { ProxyError } from "../../errors/proxy-error.js";
import type { JsonObject } from "../../ir/request.js";
import type { GatewayContext } from "../../server/gateway-context.js";
import { resolveModel } from "../../server/resolve-model.js";
import { replyHeaders, writeSse } from "../../server/sse-response.js";
import { openAiErrorBody } from "./errors.js";
import { serveChatOnClaude } from "./ir-claude-route.js";
import { serveChatOnGemini } from "./ir-gemini-route.js";
import { ThinkingMemory } from "./ir-signatures.js";
import { ToolCallSignatures } from "./ir-tool-signatures.js";

type Json = Record<string, unknown>;

function validate(body: unknown): Json {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new ProxyError("invalid_request", 400, "The request body must be a JSON object", {});
  }
  const json = body as Json;
  if (!Array.isArray(json.messages) || json.messages.length === 0) {
    throw new ProxyError("invalid_request", 400, "'messages' must be a non-empty array of messages", {
      param: "messages",
    });
  }
  if (json.stream !== undefined && typeof json.stream !== "boolean") {
    throw new ProxyError("invalid_request", 400, "'stream' must be a boolean", { param: "stream" });
  }
  return json;
}

function unsupportedFamily(model: string, family: string): ProxyError {
  const hint =
    family === "azure-openai-embedding"
      ? "it is an embedding model; use /v1/embeddings"
      : `its deployment family (${family}) is not served on this endpoint by this version of the gateway`;
  return new ProxyError(
    "unsupported_model",
    400,
    `The model '${model}' cannot be used for chat completions: ${hint}`,
    { param: "model" },
  );
}

interface Memories {
  thinking: ThinkingMemory;
  toolSignatures: ToolCallSignatures;
}

async function chatCompletions(
  context: GatewayContext,
  memories: Memories,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const body = validate(request.body);
  const model = body.model as string;
  const { candidate, tokens } = resolveModel(context, body.model);
  if (candidate.family === "bedrock-claude") {
    return serveChatOnClaude({
      context,
      memory: memories.thinking,
      request,
      reply,
      body: body as JsonObject,
      candidate,
      tokens,
    });
  }
  if (candidate.family === "vertex-gemini") {
    return serveChatOnGemini({
      context,
      signatures: memories.toolSignatures,
      request,
      reply,
      body: body as JsonObject,
      candidate,
      tokens,
    });
  }
  if (candidate.family !== "azure-openai-chat") throw unsupportedFamily(model, candidate.family);

  const upstreamRequest = toAzureChatRequest(body, candidate.sapModel ?? model);
  if (upstreamRequest.dropped.length > 0) {
    request.log.debug(
      { dropped: upstreamRequest.dropped },
      "Dropped fields SAP's azure-openai deployments reject",
    );
  }
  const controller = new AbortController();
  const started = context.clock();
  const response = await callDeployment({
    candidate,
    tokens,
    http: context.http,
    suffix: "/chat/completions",
    query: { "api-version": apiVersionFor(model, candidate.sapModel, context.config.apiVersions) },
    body: upstreamRequest.body,
    accept: upstreamRequest.stream ? "text/event-stream" : "application/json",
    signal: controller.signal,
  });
  const served = { model, subAccount: candidate.subAccount, deployment: candidate.deploymentId };
  if (response.statusCode < 200 || response.statusCode >= 300) throw await upstreamError(response, candidate);

  if (!upstreamRequest.stream) {
    const text = await response.body.text();
    request.log.info({ ...served, status: 200, ms: context.clock() - started }, "chat completion served");
    return reply.code(200).type("application/json").send(text);
  }

  let usage: ChatUsage | undefined;
  const frames = (async function* () {
    try {
      yield* relayChatStream(response.body, {
        clientWantsUsage: upstreamRequest.clientWantsUsage,
        onUsage: (value) => (usage = value),
      });
    } catch (error) {
      if (controller.signal.aborted) return;
      const failure = new ProxyError(
        "upstream_error",
        502,
        `The upstream stream broke off: ${(error as Error).message}`,
      );
      yield `data: ${JSON.stringify(openAiErrorBody(failure))}\n\n`;
    }
  })();
  reply.hijack();
  await writeSse(reply.raw, replyHeaders(reply), frames, controller);
  request.log.info(
    { ...served, status: 200, stream: true, usage, ms: context.clock() - started },
    "chat completion streamed",
  );
  return reply;
}

export function registerOpenAiChatRoutes(app: FastifyInstance, context: GatewayContext): void {
  // Signed Claude thinking returned as reasoning_content, and Gemini's function-call signatures,
  // recovered when clients send the turn back.
  const memories = { thinking: new ThinkingMemory(), toolSignatures: new ToolCallSignatures() };
  for (const path of ["/v1/chat/completions", "/chat/completions"]) {
    app.post(path, (request, reply) => chatCompletions(context, memories, request, reply));
  }
}
