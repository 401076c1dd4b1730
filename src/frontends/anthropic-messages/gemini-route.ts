/**
 * `/v1/messages` served by a Gemini deployment (`gcp-vertexai`) through the IR: Anthropic body
 * -> IR -> `generateContent` body -> `/models/{model}:generateContent` or
 * `:streamGenerateContent?alt=sse` -> IR -> Anthropic JSON or SSE. Streams commit late
 * (server/ir-upstream.ts): Vertex's `RESOURCE_EXHAUSTED` as the first stream event fails over to
 * the next deployment (server/serve-with-failover.ts) or becomes an HTTP 429. Gemini's function-call signatures travel in thinking blocks, which Anthropic clients
 * (Claude Code) send back verbatim (backends/vertex-gemini/thought-signatures.ts).
 */
import { encodeGeminiRequest } from "../../backends/vertex-gemini/ir-request.js";
import { decodeGeminiResponse } from "../../backends/vertex-gemini/ir-response.js";
import { geminiStreamTranslator } from "../../backends/vertex-gemini/ir-stream.js";
import { translateStream } from "../../ir/stream-translator.js";
import { callIrUpstream, reportingFailures } from "../../server/ir-upstream.js";
import { servedBy, type Answer, type UpstreamTarget } from "../../server/serve-with-failover.js";
import { decodeSse } from "../../streaming/sse-decoder.js";
import { decodeAnthropicRequest } from "./ir-request.js";
import type { MessagesCall } from "./messages-call.js";
import { sendAnthropicMessage, streamAnthropicMessage } from "./ir-serve.js";

export async function geminiMessages(call: MessagesCall, target: UpstreamTarget): Promise<Answer> {
  const { context, request, reply, body, publicName } = call;
  const { candidate } = target;
  const ir = decodeAnthropicRequest(body);
  const gemini = encodeGeminiRequest(ir, candidate.sapModel ?? publicName);
  if (gemini.dropped.length > 0)
    request.log.debug({ dropped: gemini.dropped }, "Features Gemini cannot take were dropped");
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
    suffix: gemini.suffix,
    query: gemini.query,
    body: gemini.body,
    stream: gemini.stream,
    streamAccept: "text/event-stream",
    signal: target.signal,
    decodeJson: decodeGeminiResponse,
    decodeStream: (upstream) => translateStream(geminiStreamTranslator, decodeSse(upstream)),
  });
  if (answer.stream) {
    const events = reportingFailures(answer.events, target.reportFailure);
    return () => streamAnthropicMessage(serve, events);
  }
  const response = answer.response;
  return () => sendAnthropicMessage(serve, response);
}
