/**
 * The client half of `/v1/messages` served through the IR (GPT, Gemini): an IR answer as an
 * Anthropic message, or an IR event stream (already committed, server/ir-upstream.ts) as
 * Anthropic SSE with `ping` keep-alives during upstream silences. After the first byte a failure
 * ends the stream with `event: error`; a client that goes away aborts the upstream call.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { IrResponse } from "../../ir/response.js";
import type { IrStreamEvent } from "../../ir/stream-events.js";
import type { IrUsage } from "../../ir/usage.js";
import type { GatewayContext } from "../../server/gateway-context.js";
import { replyHeaders, writeSse } from "../../server/sse-response.js";
import { withKeepAlive } from "../../streaming/keep-alive.js";
import { estimateInputTokens } from "./count-tokens.js";
import { encodeAnthropicMessage } from "./ir-response.js";
import { ANTHROPIC_PING_FRAME, anthropicSseTranslator } from "./ir-stream.js";

export interface MessagesServe {
  context: GatewayContext;
  request: FastifyRequest;
  reply: FastifyReply;
  /** The client's request body (for the input estimate of `message_start`). */
  body: Record<string, unknown>;
  /** The model name the client asked for. */
  model: string;
  /** Log fields of the served call (model, subaccount, deployment). */
  served: Record<string, unknown>;
  started: number;
  controller: AbortController;
}

export async function sendAnthropicMessage(serve: MessagesServe, answer: IrResponse): Promise<FastifyReply> {
  serve.request.log.info(
    { ...serve.served, status: 200, usage: answer.usage, ms: serve.context.clock() - serve.started },
    "message served",
  );
  return serve.reply.code(200).send(encodeAnthropicMessage(answer, { model: serve.model }));
}

export async function streamAnthropicMessage(
  serve: MessagesServe,
  events: AsyncIterable<IrStreamEvent>,
): Promise<FastifyReply> {
  const { context, controller } = serve;
  const translator = anthropicSseTranslator({
    model: serve.model,
    estimatedInputTokens: () => estimateInputTokens(serve.body),
  });
  let usage: IrUsage | undefined;
  const frames = (async function* () {
    const state = translator.initial();
    try {
      for await (const event of events) {
        if (event.type === "message-end") usage = event.usage;
        yield translator.step(state, event).join("");
      }
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
  serve.reply.hijack();
  await writeSse(
    serve.reply.raw,
    replyHeaders(serve.reply),
    withKeepAlive(frames, context.config.streamPingIntervalMs, () => ANTHROPIC_PING_FRAME),
    controller,
  );
  serve.request.log.info(
    { ...serve.served, status: 200, stream: true, usage, ms: context.clock() - serve.started },
    "message streamed",
  );
  return serve.reply;
}
