/**
 * The client half of an OpenAI chat completion served through the IR: an IR answer as
 * `chat.completion` JSON, or an IR event stream (already committed, server/ir-upstream.ts) as
 * `chat.completion.chunk` SSE. After the first byte a failure ends the stream with an OpenAI
 * error frame; a client that goes away aborts the upstream call.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { IrResponse } from "../../ir/response.js";
import type { IrStreamEvent } from "../../ir/stream-events.js";
import type { IrUsage } from "../../ir/usage.js";
import { replyHeaders, writeSse } from "../../server/sse-response.js";
import { completionId, toChatCompletion } from "./ir-response.js";
import { errorFrame, openAiChunkTranslator } from "./ir-stream.js";

export interface ChatServe {
  request: FastifyRequest;
  reply: FastifyReply;
  /** The model name the client asked for. */
  model: string;
  /** Unix seconds. */
  created: number;
  /** Log fields of the served call (model, subaccount, deployment). */
  served: Record<string, unknown>;
  elapsedMs: () => number;
}

export function sendChatCompletion(serve: ChatServe, answer: IrResponse): FastifyReply {
  const completion = toChatCompletion(answer, {
    id: completionId(answer.id),
    created: serve.created,
    model: serve.model,
  });
  serve.request.log.info(
    { ...serve.served, status: 200, usage: answer.usage, ms: serve.elapsedMs() },
    "chat completion served",
  );
  return serve.reply.code(200).type("application/json").send(completion);
}

export async function streamChatCompletion(
  serve: ChatServe,
  events: AsyncIterable<IrStreamEvent>,
  options: {
    controller: AbortController;
    includeUsage: boolean;
    /** Sees every IR event before it is encoded (signature memories). */
    observe?: (event: IrStreamEvent) => void;
  },
): Promise<FastifyReply> {
  const iterator = events[Symbol.asyncIterator]();
  const first = await iterator.next();
  const messageStart = !first.done && first.value.type === "message-start" ? first.value : undefined;
  const translator = openAiChunkTranslator({
    meta: { id: completionId(messageStart?.id ?? ""), created: serve.created, model: serve.model },
    includeUsage: options.includeUsage,
  });
  let usage: IrUsage | undefined;
  const frames = (async function* () {
    const state = translator.initial();
    const emit = (event: IrStreamEvent): string => {
      options.observe?.(event);
      if (event.type === "message-end") usage = event.usage;
      return translator.step(state, event).join("");
    };
    try {
      if (!first.done) {
        const opening = emit(first.value);
        if (opening !== "") yield opening;
      }
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        const out = emit(next.value);
        if (out !== "") yield out;
      }
      const tail = translator.finish(state).join("");
      if (tail !== "") yield tail;
    } catch (error) {
      if (options.controller.signal.aborted || state.closed) return;
      state.closed = true;
      yield errorFrame({
        status: 502,
        message: `The upstream stream broke off: ${(error as Error).message}`,
      });
    } finally {
      await iterator.return?.(undefined)?.catch(() => undefined);
    }
  })();
  serve.reply.hijack();
  await writeSse(serve.reply.raw, replyHeaders(serve.reply), frames, options.controller);
  serve.request.log.info(
    { ...serve.served, status: 200, stream: true, usage, ms: serve.elapsedMs() },
    "chat completion streamed",
  );
  return serve.reply;
}
