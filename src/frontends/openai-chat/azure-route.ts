/**
 * An OpenAI chat completion served by an azure-openai deployment: passthrough with SAP's
 * allow-list (backends/azure-openai/chat-request.ts). One attempt of the router: the answer is
 * committed once the JSON body is read, or, for streams, once the first event with choices has
 * arrived (an in-stream throttling error before it fails over); after that a failure ends the
 * stream with an OpenAI error frame.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { apiVersionFor } from "../../backends/azure-openai/api-version.js";
import { toAzureChatRequest } from "../../backends/azure-openai/chat-request.js";
import {
  azureInStreamError,
  openChatStream,
  type ChatUsage,
} from "../../backends/azure-openai/stream-relay.js";
import { callDeployment, readUpstreamText, upstreamError } from "../../backends/upstream-call.js";
import { ProxyError } from "../../errors/proxy-error.js";
import type { GatewayContext } from "../../server/gateway-context.js";
import { servedBy, type Answer, type UpstreamTarget } from "../../server/serve-with-failover.js";
import { replyHeaders, writeSse } from "../../server/sse-response.js";
import { openAiErrorBody } from "./errors.js";

export interface AzureChatCall {
  context: GatewayContext;
  request: FastifyRequest;
  reply: FastifyReply;
  body: Record<string, unknown>;
  /** The model name the client asked for. */
  model: string;
  /** The registered model it resolved to (aliases followed): api-version overrides, model detection. */
  publicName: string;
  started: number;
}

export async function chatOnAzure(call: AzureChatCall, target: UpstreamTarget): Promise<Answer> {
  const { context, request, reply, model, publicName } = call;
  const { candidate } = target;
  const upstreamRequest = toAzureChatRequest(call.body, candidate.sapModel ?? publicName);
  if (upstreamRequest.dropped.length > 0) {
    request.log.debug(
      { dropped: upstreamRequest.dropped },
      "Dropped fields SAP's azure-openai deployments reject",
    );
  }
  const response = await callDeployment({
    candidate,
    tokens: target.tokens,
    http: context.http,
    suffix: "/chat/completions",
    query: { "api-version": apiVersionFor(publicName, candidate.sapModel, context.config.apiVersions) },
    body: upstreamRequest.body,
    accept: upstreamRequest.stream ? "text/event-stream" : "application/json",
    signal: target.signal,
  });
  if (response.statusCode < 200 || response.statusCode >= 300) throw await upstreamError(response, candidate);
  const served = servedBy(target, model);

  if (!upstreamRequest.stream) {
    const text = await readUpstreamText(response, target.signal);
    return async () => {
      request.log.info(
        { ...served, status: 200, ms: context.clock() - call.started },
        "chat completion served",
      );
      return reply.code(200).type("application/json").send(text);
    };
  }

  let usage: ChatUsage | undefined;
  const relay = await openChatStream(
    response.body,
    { clientWantsUsage: upstreamRequest.clientWantsUsage, onUsage: (value) => (usage = value) },
    target.signal,
  );
  return async () => {
    const frames = (async function* () {
      try {
        for await (const frame of relay) {
          // Azure's in-stream `{"error":...}` after the answer started (throttling, content errors).
          if (frame.startsWith('data: {"error"'))
            target.reportFailure(azureInStreamError(frame.slice(6).trim()));
          yield frame;
        }
      } catch (error) {
        if (target.client.signal.aborted) return;
        const failure =
          error instanceof ProxyError
            ? error
            : new ProxyError(
                "upstream_error",
                502,
                `The upstream stream broke off: ${(error as Error).message}`,
                { retryable: true, cause: error },
              );
        target.reportFailure(failure);
        yield `data: ${JSON.stringify(openAiErrorBody(failure))}\n\n`;
      }
    })();
    reply.hijack();
    await writeSse(reply.raw, replyHeaders(reply), frames, target.client);
    request.log.info(
      { ...served, status: 200, stream: true, usage, ms: context.clock() - call.started },
      "chat completion streamed",
    );
    return reply;
  };
}
