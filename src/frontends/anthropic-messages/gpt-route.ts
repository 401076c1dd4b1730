/**
 * `/v1/messages` served by an azure-openai chat deployment (GPT, o-series) through the IR:
 * Anthropic body -> IR -> chat body -> upstream -> IR -> Anthropic JSON or SSE. Streams commit
 * late (server/ir-upstream.ts): an upstream error before the first meaningful event (Azure's
 * in-stream 429) becomes an Anthropic-shaped HTTP error; after that, failures end the stream with
 * `event: error` (ir-serve.ts).
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { apiVersionFor } from "../../backends/azure-openai/api-version.js";
import { encodeAzureChatRequest } from "../../backends/azure-openai/ir-request.js";
import { decodeAzureChatCompletion } from "../../backends/azure-openai/ir-response.js";
import { azureChatStreamTranslator } from "../../backends/azure-openai/ir-stream.js";
import { translateStream } from "../../ir/stream-translator.js";
import type { GatewayContext } from "../../server/gateway-context.js";
import { callIrUpstream } from "../../server/ir-upstream.js";
import type { ResolvedModel } from "../../server/resolve-model.js";
import { decodeSse } from "../../streaming/sse-decoder.js";
import { decodeAnthropicRequest } from "./ir-request.js";
import { abortOnClientGone, sendAnthropicMessage, streamAnthropicMessage } from "./ir-serve.js";

export async function gptMessages(
  context: GatewayContext,
  request: FastifyRequest,
  reply: FastifyReply,
  body: Record<string, unknown>,
  resolved: ResolvedModel,
): Promise<FastifyReply> {
  const { candidate, tokens, publicName } = resolved;
  const ir = decodeAnthropicRequest(body);
  const chat = encodeAzureChatRequest(ir, candidate.sapModel ?? publicName);
  if (chat.dropped.length > 0)
    request.log.debug({ dropped: chat.dropped }, "Features GPT cannot take were dropped");
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
      suffix: "/chat/completions",
      query: { "api-version": apiVersionFor(publicName, candidate.sapModel, context.config.apiVersions) },
      body: chat.body,
      stream: chat.stream,
      streamAccept: "text/event-stream",
      signal: controller.signal,
      decodeJson: decodeAzureChatCompletion,
      decodeStream: (upstream) => translateStream(azureChatStreamTranslator, decodeSse(upstream)),
    });
    return answer.stream
      ? streamAnthropicMessage(serve, answer.events)
      : sendAnthropicMessage(serve, answer.response);
  });
}
