/**
 * `/v1/messages` served by an azure-openai chat deployment (GPT, o-series) through the IR:
 * Anthropic body -> IR -> chat body -> upstream -> IR -> Anthropic JSON or SSE. Streams commit
 * late (server/ir-upstream.ts): an upstream error before the first meaningful event (Azure's
 * in-stream 429) fails over to the next deployment or becomes an Anthropic-shaped HTTP error;
 * after that, failures end the stream with `event: error` (ir-serve.ts). One attempt of the
 * router (server/serve-with-failover.ts).
 */
import { apiVersionFor } from "../../backends/azure-openai/api-version.js";
import { encodeAzureChatRequest } from "../../backends/azure-openai/ir-request.js";
import { decodeAzureChatCompletion } from "../../backends/azure-openai/ir-response.js";
import { azureChatStreamTranslator } from "../../backends/azure-openai/ir-stream.js";
import { translateStream } from "../../ir/stream-translator.js";
import { callIrUpstream, reportingFailures } from "../../server/ir-upstream.js";
import { servedBy, type Answer, type UpstreamTarget } from "../../server/serve-with-failover.js";
import { decodeSse } from "../../streaming/sse-decoder.js";
import { decodeAnthropicRequest } from "./ir-request.js";
import type { MessagesCall } from "./messages-call.js";
import { sendAnthropicMessage, streamAnthropicMessage } from "./ir-serve.js";

export async function gptMessages(call: MessagesCall, target: UpstreamTarget): Promise<Answer> {
  const { context, request, reply, body, publicName } = call;
  const { candidate } = target;
  const ir = decodeAnthropicRequest(body);
  const chat = encodeAzureChatRequest(ir, candidate.sapModel ?? publicName);
  if (chat.dropped.length > 0)
    request.log.debug({ dropped: chat.dropped }, "Features GPT cannot take were dropped");
  const serve = {
    context,
    request,
    reply,
    body,
    model: typeof body.model === "string" ? body.model : publicName,
    served: servedBy(target, publicName),
    started: call.started,
    controller: target.client,
  };
  const answer = await callIrUpstream({
    candidate,
    tokens: target.tokens,
    http: context.http,
    suffix: "/chat/completions",
    query: { "api-version": apiVersionFor(publicName, candidate.sapModel, context.config.apiVersions) },
    body: chat.body,
    stream: chat.stream,
    streamAccept: "text/event-stream",
    signal: target.signal,
    decodeJson: decodeAzureChatCompletion,
    decodeStream: (upstream) => translateStream(azureChatStreamTranslator, decodeSse(upstream)),
  });
  if (answer.stream) {
    const events = reportingFailures(answer.events, target.reportFailure);
    return () => streamAnthropicMessage(serve, events);
  }
  const response = answer.response;
  return () => sendAnthropicMessage(serve, response);
}
