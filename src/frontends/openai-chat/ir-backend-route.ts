/**
 * An OpenAI chat completion on a deployment whose protocol is not OpenAI's, through the IR:
 * the backend-specific part (the upstream call's path, body and decoders, and what to remember of
 * the answer for the client's next turn) comes from ir-claude-route.ts / ir-gemini-route.ts;
 * committing late (server/ir-upstream.ts) and encoding (ir-serve.ts) are shared. One attempt of
 * the router (server/serve-with-failover.ts).
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { IrResponse } from "../../ir/response.js";
import type { IrStreamEvent } from "../../ir/stream-events.js";
import type { GatewayContext } from "../../server/gateway-context.js";
import { callIrUpstream, reportingFailures, type IrUpstreamCall } from "../../server/ir-upstream.js";
import { servedBy, type Answer, type UpstreamTarget } from "../../server/serve-with-failover.js";
import { sendChatCompletion, streamChatCompletion } from "./ir-serve.js";

export interface IrChatCall {
  context: GatewayContext;
  request: FastifyRequest;
  reply: FastifyReply;
  started: number;
  /** The model name the client asked for. */
  model: string;
  includeUsage: boolean;
}

/** The backend's half of one attempt. */
export interface IrChatBackend {
  upstream: Pick<
    IrUpstreamCall,
    "suffix" | "query" | "body" | "stream" | "streamAccept" | "decodeJson" | "decodeStream"
  >;
  /** Sees a whole answer before it is encoded (signature memories). */
  onResponse?: (response: IrResponse) => void;
  /** Sees every streamed event before it is encoded; a new observer per answer. */
  streamObserver?: () => (event: IrStreamEvent) => void;
}

export async function chatThroughIr(
  call: IrChatCall,
  target: UpstreamTarget,
  backend: IrChatBackend,
): Promise<Answer> {
  const { context, request, reply } = call;
  const serve = {
    request,
    reply,
    model: call.model,
    created: Math.floor(call.started / 1000),
    served: servedBy(target, call.model),
    elapsedMs: () => context.clock() - call.started,
  };
  const answer = await callIrUpstream({
    ...backend.upstream,
    candidate: target.candidate,
    tokens: target.tokens,
    http: context.http,
    signal: target.signal,
  });
  if (!answer.stream) {
    const response = answer.response;
    return async () => {
      backend.onResponse?.(response);
      return sendChatCompletion(serve, response);
    };
  }
  const observe = backend.streamObserver?.();
  return () =>
    streamChatCompletion(serve, reportingFailures(answer.events, target.reportFailure), {
      controller: target.client,
      includeUsage: call.includeUsage,
      ...(observe ? { observe } : {}),
    });
}
