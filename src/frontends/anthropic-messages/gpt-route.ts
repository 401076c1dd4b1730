/**
 * `/v1/messages` served by an azure-openai chat deployment (GPT, o-series) through the IR:
 * Anthropic body -> IR -> chat body -> upstream -> IR -> Anthropic JSON or SSE. Streams commit
 * late: an upstream error before the first meaningful event (Azure's in-stream 429) becomes an
 * Anthropic-shaped HTTP error; after that, failures end the stream with `event: error`.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { apiVersionFor } from "../../backends/azure-openai/api-version.js";
import { encodeAzureChatRequest } from "../../backends/azure-openai/ir-request.js";
import { decodeAzureChatCompletion } from "../../backends/azure-openai/ir-response.js";
import { azureChatStreamTranslator } from "../../backends/azure-openai/ir-stream.js";
import { callDeployment, upstreamError } from "../../backends/upstream-call.js";
import { ProxyError } from "../../errors/proxy-error.js";
import type { IrStreamEvent } from "../../ir/stream-events.js";
import { translateStream } from "../../ir/stream-translator.js";
import type { GatewayContext } from "../../server/gateway-context.js";
import type { ResolvedModel } from "../../server/resolve-model.js";
import { replyHeaders, writeSse } from "../../server/sse-response.js";
import { withKeepAlive } from "../../streaming/keep-alive.js";
import { peekStream, rejoin } from "../../streaming/peek.js";
import { decodeSse } from "../../streaming/sse-decoder.js";
import { estimateInputTokens } from "./count-tokens.js";
import { decodeAnthropicRequest } from "./ir-request.js";
import { encodeAnthropicMessage } from "./ir-response.js";
import { ANTHROPIC_PING_FRAME, anthropicSseTranslator } from "./ir-stream.js";

function isPreamble(event: IrStreamEvent): boolean {
  return event.type === "message-start" || event.type === "usage";
}

function asHttpError(event: IrStreamEvent): ProxyError | undefined {
  if (event.type !== "error") return undefined;
  const status = event.error.status === 529 ? 503 : event.error.status;
  return new ProxyError("upstream_error", status, event.error.message, {
    upstream: { status: event.error.status },
  });
}

export async function gptMessages(
  context: GatewayContext,
  request: FastifyRequest,
  reply: FastifyReply,
  body: Record<string, unknown>,
  resolved: ResolvedModel,
): Promise<FastifyReply> {
  const { candidate, tokens, publicName } = resolved;
  const clientModel = typeof body.model === "string" ? body.model : publicName;
  const ir = decodeAnthropicRequest(body);
  const chat = encodeAzureChatRequest(ir, candidate.sapModel ?? publicName);
  if (chat.dropped.length > 0)
    request.log.debug({ dropped: chat.dropped }, "Features GPT cannot take were dropped");
  const served = { model: publicName, subAccount: candidate.subAccount, deployment: candidate.deploymentId };
  const started = context.clock();
  const controller = new AbortController();
  const onClientGone = () => {
    if (!reply.raw.writableFinished) controller.abort();
  };
  reply.raw.on("close", onClientGone);
  try {
    const response = await callDeployment({
      candidate,
      tokens,
      http: context.http,
      suffix: "/chat/completions",
      query: { "api-version": apiVersionFor(publicName, candidate.sapModel, context.config.apiVersions) },
      body: chat.body,
      accept: chat.stream ? "text/event-stream" : "application/json",
      signal: controller.signal,
    });
    if (response.statusCode < 200 || response.statusCode >= 300)
      throw await upstreamError(response, candidate);
    if (!chat.stream) {
      const answer = decodeAzureChatCompletion(await response.body.json());
      request.log.info(
        { ...served, status: 200, usage: answer.usage, ms: context.clock() - started },
        "message served",
      );
      return await reply.code(200).send(encodeAnthropicMessage(answer, { model: clientModel }));
    }
    const peeked = await peekStream(
      translateStream(azureChatStreamTranslator, decodeSse(response.body)),
      isPreamble,
      asHttpError,
    );
    const translator = anthropicSseTranslator({
      model: clientModel,
      estimatedInputTokens: estimateInputTokens(body),
    });
    const frames = (async function* () {
      const state = translator.initial();
      try {
        for await (const event of rejoin(peeked)) yield translator.step(state, event).join("");
        yield translator.finish(state).join("");
      } catch (error) {
        if (controller.signal.aborted) return;
        yield translator
          .step(state, {
            type: "error",
            error: { status: 502, message: `The upstream stream broke off: ${(error as Error).message}` },
          })
          .join("");
      }
    })();
    reply.hijack();
    await writeSse(
      reply.raw,
      replyHeaders(reply),
      withKeepAlive(frames, context.config.streamPingIntervalMs, () => ANTHROPIC_PING_FRAME),
      controller,
    );
    request.log.info(
      { ...served, status: 200, stream: true, ms: context.clock() - started },
      "message streamed",
    );
    return reply;
  } catch (error) {
    controller.abort();
    throw error;
  } finally {
    reply.raw.off("close", onClientGone);
  }
}
