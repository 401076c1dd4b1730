/**
 * `/v1/messages` on a deployment whose protocol is not Anthropic's, through the IR: Anthropic
 * body -> IR -> the backend's body -> upstream -> IR -> Anthropic JSON or SSE. The backend-specific
 * part (encoding, path, decoders) comes from gpt-route.ts / gemini-route.ts; committing late
 * (server/ir-upstream.ts: an error before the first meaningful event fails over or becomes an
 * HTTP error) and encoding (ir-serve.ts) are shared. One attempt of the router
 * (server/serve-with-failover.ts).
 */
import type { IrRequest, JsonObject } from "../../ir/request.js";
import type { IrResponse } from "../../ir/response.js";
import type { IrStreamEvent } from "../../ir/stream-events.js";
import { translateStream, type StreamTranslator } from "../../ir/stream-translator.js";
import { callIrUpstream, reportingFailures } from "../../server/ir-upstream.js";
import { servedBy, type Answer, type UpstreamTarget } from "../../server/serve-with-failover.js";
import { decodeSse, type SseEvent } from "../../streaming/sse-decoder.js";
import { decodeAnthropicRequest } from "./ir-request.js";
import { sendAnthropicMessage, streamAnthropicMessage } from "./ir-serve.js";
import type { MessagesCall } from "./messages-call.js";

export interface IrBackendRequest<State> {
  /** For the debug log: "GPT", "Gemini". */
  label: string;
  suffix: string;
  query?: Record<string, string>;
  body: JsonObject;
  stream: boolean;
  /** IR features the upstream cannot take. */
  dropped: string[];
  decodeJson: (json: unknown) => IrResponse;
  streamTranslator: StreamTranslator<SseEvent, IrStreamEvent, State>;
}

export async function messagesThroughIr<State>(
  call: MessagesCall,
  target: UpstreamTarget,
  encode: (ir: IrRequest, sapModel: string) => IrBackendRequest<State>,
): Promise<Answer> {
  const { context, request, reply, body, publicName } = call;
  const { candidate } = target;
  const upstream = encode(decodeAnthropicRequest(body), candidate.sapModel ?? publicName);
  if (upstream.dropped.length > 0) {
    request.log.debug({ dropped: upstream.dropped }, `Features ${upstream.label} cannot take were dropped`);
  }
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
    suffix: upstream.suffix,
    query: upstream.query ?? {},
    body: upstream.body,
    stream: upstream.stream,
    streamAccept: "text/event-stream",
    signal: target.signal,
    decodeJson: upstream.decodeJson,
    decodeStream: (bytes) => translateStream(upstream.streamTranslator, decodeSse(bytes)),
  });
  if (answer.stream) {
    const events = reportingFailures(answer.events, target.reportFailure);
    return () => streamAnthropicMessage(serve, events);
  }
  const response = answer.response;
  return () => sendAnthropicMessage(serve, response);
}
