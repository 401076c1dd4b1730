/**
 * `createApp(context)`: the gateway's Fastify app, without binding a port (tests drive it in
 * process; only the CLI listens). Request ids, CORS, client-key auth, body limits and
 * protocol-shaped errors for everything that goes wrong.
 */
import cors from "@fastify/cors";
import Fastify, {
  LogController,
  type FastifyError,
  type FastifyInstance,
  type FastifyRequest,
} from "fastify";
import { registerHealthRoutes } from "./health-routes.js";
import { ProxyError } from "../errors/proxy-error.js";
import { anthropicErrorBody } from "../frontends/anthropic-messages/errors.js";
import { registerAnthropicMessagesRoutes } from "../frontends/anthropic-messages/routes.js";
import { registerOpenAiChatRoutes } from "../frontends/openai-chat/routes.js";
import { openAiErrorBody } from "../frontends/openai-chat/errors.js";
import { googleErrorBody } from "../frontends/gemini-native/errors.js";
import { registerGeminiNativeRoutes } from "../frontends/gemini-native/routes.js";
import { registerOpenAiEmbeddingRoutes } from "../frontends/openai-embeddings/routes.js";
import { ClientKeys } from "./client-auth.js";
import { protocolOf } from "./client-protocol.js";
import type { GatewayContext } from "./gateway-context.js";
import { registerModelRoutes } from "./model-routes.js";
import { requestIdOf } from "./request-id.js";

/** Paths served without a client key: health, and the root Claude Code probes for connectivity. */
const OPEN_PATHS = new Set(["/health", "/"]);
/** Upstream headers a client gets back with an error (Claude Code honours both). */
const RETRY_HEADERS = ["retry-after", "x-should-retry"];

function errorBody(request: FastifyRequest, error: ProxyError): unknown {
  switch (protocolOf(request)) {
    case "anthropic":
      return anthropicErrorBody(error);
    case "google":
      return googleErrorBody(error);
    case "openai":
      return openAiErrorBody(error);
  }
}

/** How the client should send its key, in the words of its protocol. */
function keyHint(request: FastifyRequest): string {
  return protocolOf(request) === "google"
    ? "send it as 'x-goog-api-key: <key>', as the 'key' query parameter or as 'Authorization: Bearer <key>'"
    : "send it as 'Authorization: Bearer <key>' or 'x-api-key: <key>'";
}

function toProxyError(error: FastifyError | Error): ProxyError {
  if (error instanceof ProxyError) return error;
  const fastify = error as FastifyError;
  switch (fastify.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new ProxyError(
        "request_too_large",
        413,
        "The request body is larger than the gateway accepts (body_limit_mb in config.json)",
      );
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new ProxyError(
        "invalid_request",
        415,
        "Send the request body as JSON with Content-Type: application/json",
      );
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return new ProxyError("invalid_request", 400, "The request body is empty; send a JSON object");
    default:
      break;
  }
  if (fastify.statusCode === 400 && error instanceof SyntaxError) {
    return new ProxyError("invalid_request", 400, `The request body is not valid JSON: ${error.message}`);
  }
  if (typeof fastify.statusCode === "number" && fastify.statusCode >= 400 && fastify.statusCode < 500) {
    return new ProxyError("invalid_request", fastify.statusCode, error.message);
  }
  return new ProxyError(
    "internal_error",
    500,
    "The gateway failed to handle the request; see its log for details",
    { cause: error },
  );
}

export function createApp(context: GatewayContext): FastifyInstance {
  const { config } = context;
  const app = Fastify({
    loggerInstance: context.logger,
    logController: new LogController({ disableRequestLogging: !config.debug }),
    bodyLimit: config.bodyLimitBytes,
    genReqId: requestIdOf,
    requestIdHeader: false,
    forceCloseConnections: true,
    ...(config.tls ? { https: { cert: config.tls.cert, key: config.tls.key } } : {}),
  }) as unknown as FastifyInstance;

  const keys = new ClientKeys(config.clientKeys);
  void app.register(cors, {
    origin: true,
    exposedHeaders: ["x-request-id", "request-id", ...RETRY_HEADERS],
    maxAge: 600,
  });

  app.addHook("onRequest", async (request, reply) => {
    // `request-id` is the header Anthropic's SDKs report; `x-request-id` everyone else's.
    void reply.header("x-request-id", request.id);
    void reply.header("request-id", request.id);
    if (request.method === "OPTIONS" || OPEN_PATHS.has(request.url.split("?")[0] ?? "")) return;
    // Google's clients may send the key as `?key=`; only the Gemini routes accept it there.
    const queryKey =
      protocolOf(request) === "google" ? (request.query as { key?: unknown } | undefined)?.key : undefined;
    if (!keys.accepts(request.headers, queryKey)) {
      throw new ProxyError("authentication_failed", 401, `Invalid or missing API key: ${keyHint(request)}`);
    }
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const proxyError = toProxyError(error);
    if (proxyError.code === "client_closed") {
      request.log.info({ code: proxyError.code, status: proxyError.status }, proxyError.message);
      // The socket is gone: nothing to send.
      if (reply.raw.destroyed || request.raw.destroyed) return reply.hijack();
      return reply.code(proxyError.status).send(errorBody(request, proxyError));
    }
    if (proxyError.status >= 500) request.log.error({ err: error.cause ?? error }, proxyError.message);
    else request.log.info({ code: proxyError.code, status: proxyError.status }, proxyError.message);
    for (const name of RETRY_HEADERS) {
      const value = proxyError.options.upstream?.headers?.[name];
      if (value) void reply.header(name, value);
    }
    return reply.code(proxyError.status).send(errorBody(request, proxyError));
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send(
        errorBody(
          request,
          new ProxyError("not_found", 404, `Unknown path: ${request.method} ${request.url.split("?")[0]}`),
        ),
      ),
  );

  registerHealthRoutes(app, context);
  // Claude Code probes the base URL (HEAD or GET) for connectivity.
  app.get("/", () => ({ status: "ok", name: "sap-ai-core-llm-proxy" }));
  registerModelRoutes(app, context);
  registerOpenAiChatRoutes(app, context);
  registerOpenAiEmbeddingRoutes(app, context);
  registerAnthropicMessagesRoutes(app, context);
  registerGeminiNativeRoutes(app, context);
  return app;
}
