/**
 * `/v1/messages` served by a Gemini deployment (`gcp-vertexai`) through the IR: Anthropic body
 * -> IR -> `generateContent` body -> `/models/{model}:generateContent` or
 * `:streamGenerateContent?alt=sse` -> IR -> Anthropic JSON or SSE. Streams commit late
 * (server/ir-upstream.ts): Vertex's `RESOURCE_EXHAUSTED` as the first stream event becomes an
 * HTTP 429. Gemini's function-call signatures travel in thinking blocks, which Anthropic clients
 * (Claude Code) send back verbatim (backends/vertex-gemini/thought-signatures.ts).
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { encodeGeminiRequest } from "../../backends/vertex-gemini/ir-request.js";
import { decodeGeminiResponse } from "../../backends/vertex-gemini/ir-response.js";
import { geminiStreamTranslator } from "../../backends/vertex-gemini/ir-stream.js";
import { translateStream } from "../../ir/stream-translator.js";
import type { GatewayContext } from "../../server/gateway-context.js";
import { callIrUpstream } from "../../server/ir-upstream.js";
import type { ResolvedModel } from "../../server/resolve-model.js";
import { decodeSse } from "../../streaming/sse-decoder.js";
import { decodeAnthropicRequest } from "./ir-request.js";
import { abortOnClientGone, sendAnthropicMessage, streamAnthropicMessage } from "./ir-serve.js";

export async function geminiMessages(
  context: GatewayContext,
  request: FastifyRequest,
  reply: FastifyReply,
  body: Record<string, unknown>,
  resolved: ResolvedModel,
): Promise<FastifyReply> {
  const { candidate, tokens, publicName } = resolved;
  const ir = decodeAnthropicRequest(body);
  const gemini = encodeGeminiRequest(ir, candidate.sapModel ?? publicName);
  if (gemini.dropped.length > 0)
    request.log.debug({ dropped: gemini.dropped }, "Features Gemini cannot take were dropped");
  const controller = new AbortController();
  const serve = {
    context,
    request,
    reply,
    body,
    model: typeof body.model === "string" ? body.model : publicName,
    served: { model: publicName, subAccount: candidate.subAccount, deployment: candidate.deploymentId },
    started: context.clock(),
    controller,
  };
  return abortOnClientGone(reply, controller, async () => {
    const answer = await callIrUpstream({
      candidate,
      tokens,
      http: context.http,
      suffix: gemini.suffix,
      query: gemini.query,
      body: gemini.body,
      stream: gemini.stream,
      streamAccept: "text/event-stream",
      signal: controller.signal,
      decodeJson: decodeGeminiResponse,
      decodeStream: (upstream) => translateStream(geminiStreamTranslator, decodeSse(upstream)),
    });
    return answer.stream
      ? streamAnthropicMessage(serve, answer.events)
      : sendAnthropicMessage(serve, answer.response);
  });
}
