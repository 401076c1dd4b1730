/**
 * `POST /v1/chat/completions` (and `/chat/completions`). azure-openai deployments are served by
 * passthrough with SAP's allow-list (`azure-route.ts`); Claude and Gemini deployments through
 * the canonical IR (`ir-claude-route.ts`, `ir-gemini-route.ts`); other families are refused with
 * a clear message. The router tries the model's deployments until one commits
 * (server/serve-with-failover.ts); each attempt encodes for its own deployment.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ProxyError } from "../../errors/proxy-error.js";
import type { JsonObject } from "../../ir/request.js";
import type { GatewayContext } from "../../server/gateway-context.js";
import { resolveModel } from "../../server/resolve-model.js";
import { serveWithFailover } from "../../server/serve-with-failover.js";
import { chatOnAzure } from "./azure-route.js";
import { chatOnClaude } from "./ir-claude-route.js";
import { chatOnGemini } from "./ir-gemini-route.js";
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

const CHAT_FAMILIES: ReadonlySet<string> = new Set(["azure-openai-chat", "bedrock-claude", "vertex-gemini"]);

async function chatCompletions(
  context: GatewayContext,
  memories: Memories,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const body = validate(request.body);
  const model = body.model as string;
  const resolved = resolveModel(
    context,
    body.model,
    (candidate) => CHAT_FAMILIES.has(candidate.family),
    (candidate) => unsupportedFamily(model, candidate.family),
  );
  const started = context.clock();
  return serveWithFailover(context, {
    request,
    reply,
    resolved,
    stream: body.stream === true,
    attempt: (target) => {
      switch (target.candidate.family) {
        case "bedrock-claude":
          return chatOnClaude(
            { context, memory: memories.thinking, request, reply, body: body as JsonObject, started },
            target,
          );
        case "vertex-gemini":
          return chatOnGemini(
            {
              context,
              signatures: memories.toolSignatures,
              request,
              reply,
              body: body as JsonObject,
              started,
            },
            target,
          );
        default:
          return chatOnAzure(
            { context, request, reply, body, model, publicName: resolved.publicName, started },
            target,
          );
      }
    },
  });
}

export function registerOpenAiChatRoutes(app: FastifyInstance, context: GatewayContext): void {
  // Signed Claude thinking returned as reasoning_content, and Gemini's function-call signatures,
  // recovered when clients send the turn back.
  const memories = { thinking: new ThinkingMemory(), toolSignatures: new ToolCallSignatures() };
  for (const path of ["/v1/chat/completions", "/chat/completions"]) {
    app.post(path, (request, reply) => chatCompletions(context, memories, request, reply));
  }
}
