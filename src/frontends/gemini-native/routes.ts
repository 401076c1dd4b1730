/**
 * The Gemini-native surface: `POST /v1beta/models/{model}:generateContent` and
 * `:streamGenerateContent` (with `?alt=sse`: SSE; without: Google's JSON-array stream), also
 * under `/v1` and `/v1beta1`, at the root (`/models/...`) and in the Vertex path forms
 * (`publishers/google/models/...`, `projects/{p}/locations/{l}/publishers/google/models/...`).
 * What Cherry Studio's Gemini provider type, the Gemini CLI and `@google/genai` call.
 *
 * A passthrough to the Gemini deployments the model resolves to (aliases, balancing, failover
 * and client keys as on every other route; keys also as `x-goog-api-key` or `?key=`): the body goes to
 * `{deploymentUrl}/models/{sapModel}:generateContent` or `:streamGenerateContent?alt=sse` with
 * only the fixes SAP's Vertex needs (request-body.ts), and the answer comes back unchanged.
 * Errors on these routes, including authentication and malformed JSON, are rendered in Google's
 * shape (`config.protocol`, see server/client-protocol.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { callDeployment, readUpstreamText, upstreamError } from "../../backends/upstream-call.js";
import { ProxyError } from "../../errors/proxy-error.js";
import type { Candidate } from "../../routing/model-registry.js";
import type { GatewayContext } from "../../server/gateway-context.js";
import { resolveModel } from "../../server/resolve-model.js";
import {
  servedBy,
  serveWithFailover,
  type Answer,
  type UpstreamTarget,
} from "../../server/serve-with-failover.js";
import { replyHeaders, writeSse } from "../../server/sse-response.js";
import { registerGeminiModelRoutes } from "./models.js";
import { parseGeminiTarget, type GeminiTarget } from "./request-path.js";
import { toVertexBody } from "./request-body.js";
import { framed, inStreamError, openGeminiStream, type GeminiUsage, type StreamFraming } from "./stream.js";

type Json = Record<string, unknown>;

/** Version prefixes and the path heads that follow them. */
const ROUTES: readonly (readonly [string, readonly string[]])[] = [
  ["/v1beta", ["models/", "publishers/", "projects/"]],
  ["/v1", ["models/", "publishers/", "projects/"]],
  ["/v1beta1", ["models/", "publishers/", "projects/"]],
  ["", ["models/"]],
];

export const GEMINI_JSON = "application/json; charset=UTF-8";

function targetOf(request: FastifyRequest, head: string): GeminiTarget {
  const tail = (request.params as { "*"?: string })["*"] ?? "";
  const target = parseGeminiTarget(`${head}${tail}`);
  if (!target) {
    throw new ProxyError(
      "not_found",
      404,
      `Unknown path: POST ${request.url.split("?")[0]}. The gateway serves models/{model}:generateContent and models/{model}:streamGenerateContent`,
    );
  }
  return target;
}

function objectBody(body: unknown): Json {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new ProxyError(
      "invalid_request",
      400,
      "The request body must be a JSON object (a GenerateContentRequest)",
    );
  }
  return body as Json;
}

/** A Gemini deployment that serves generateContent (not gemini-embedding). */
export function servesGenerateContent(candidate: Pick<Candidate, "family" | "sapModel">): boolean {
  return candidate.family === "vertex-gemini" && !/embedding/i.test(candidate.sapModel ?? "");
}

function framingOf(request: FastifyRequest): StreamFraming {
  return (request.query as { alt?: unknown }).alt === "sse" ? "sse" : "json-array";
}

async function generate(
  context: GatewayContext,
  request: FastifyRequest,
  reply: FastifyReply,
  head: string,
): Promise<FastifyReply> {
  const target = targetOf(request, head);
  const body = objectBody(request.body);
  const resolved = resolveModel(
    context,
    target.model,
    servesGenerateContent,
    (candidate) =>
      new ProxyError(
        "unsupported_model",
        400,
        `The model '${target.model}' (deployment family ${candidate.family}) cannot be called with :${target.method}; the Gemini routes serve Gemini deployments only`,
        { param: "model" },
      ),
  );
  const stream = target.method === "streamGenerateContent";
  const started = context.clock();
  return serveWithFailover(context, {
    request,
    reply,
    resolved,
    stream,
    attempt: (upstream) =>
      generateOn(
        { context, request, reply, body, publicName: resolved.publicName, stream, started },
        upstream,
      ),
  });
}

interface GenerateCall {
  context: GatewayContext;
  request: FastifyRequest;
  reply: FastifyReply;
  body: Json;
  publicName: string;
  stream: boolean;
  started: number;
}

/** One attempt: the deployment's answer, committed (JSON read, or the stream's first chunk). */
async function generateOn(call: GenerateCall, target: UpstreamTarget): Promise<Answer> {
  const { context, request, reply, publicName, stream } = call;
  const { candidate } = target;
  const sapModel = candidate.sapModel ?? publicName;
  const vertex = toVertexBody(call.body, sapModel);
  if (vertex.dropped.length > 0 || vertex.adjusted.length > 0) {
    request.log.debug(
      { dropped: vertex.dropped, adjusted: vertex.adjusted },
      "Adapted the Gemini body to what SAP's Vertex AI accepts",
    );
  }
  const served = servedBy(target, publicName);
  const response = await callDeployment({
    candidate,
    tokens: target.tokens,
    http: context.http,
    suffix: `/models/${encodeURIComponent(sapModel)}:${stream ? "streamGenerateContent" : "generateContent"}`,
    ...(stream ? { query: { alt: "sse" } } : {}),
    body: vertex.body,
    accept: stream ? "text/event-stream" : "application/json",
    signal: target.signal,
  });
  if (response.statusCode < 200 || response.statusCode >= 300) {
    throw await upstreamError(response, candidate);
  }
  if (!stream) {
    const text = await readUpstreamText(response, target.signal);
    return async () => {
      request.log.info(
        { ...served, status: 200, usage: usageOf(text), ms: context.clock() - call.started },
        "content generated",
      );
      return reply.code(200).type(GEMINI_JSON).send(text);
    };
  }
  let usage: GeminiUsage | undefined;
  const items = await openGeminiStream(response.body, candidate, (value) => (usage = value), target.signal);
  return async () => {
    const framing = framingOf(request);
    const logged = (async function* () {
      for await (const item of items) {
        if (item.kind === "error") {
          target.reportFailure(
            item.failure ??
              inStreamError(item.data, candidate) ??
              new ProxyError("upstream_error", 502, item.data),
          );
          request.log.warn({ ...served, error: item.data }, "Gemini stream ended with an error");
        }
        yield item;
      }
    })();
    reply.hijack();
    await writeSse(reply.raw, replyHeaders(reply), framed(logged, framing), target.client, {
      contentType: framing === "sse" ? "text/event-stream" : GEMINI_JSON,
    });
    request.log.info(
      { ...served, status: 200, stream: true, usage, ms: context.clock() - call.started },
      "content streamed",
    );
    return reply;
  };
}

function usageOf(text: string): unknown {
  try {
    return (JSON.parse(text) as { usageMetadata?: unknown }).usageMetadata;
  } catch {
    return undefined;
  }
}

export function registerGeminiNativeRoutes(app: FastifyInstance, context: GatewayContext): void {
  const config = { protocol: "google" as const };
  for (const [prefix, heads] of ROUTES) {
    for (const head of heads) {
      app.post(`${prefix}/${head}*`, { config }, (request, reply) => generate(context, request, reply, head));
    }
  }
  registerGeminiModelRoutes(app, context);
}
