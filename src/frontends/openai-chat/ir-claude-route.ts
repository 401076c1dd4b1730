/**
 * An OpenAI chat completion served by a Claude deployment (`aws-bedrock`) through the IR:
 * decode -> encode for `/invoke` or `/invoke-with-response-stream` (asking for the binary AWS
 * event stream) -> decode -> encode. Streams commit late (architecture principle 2): nothing is
 * written until the first meaningful upstream event, so an upstream HTTP error or a Bedrock
 * exception as first event (throttling inside a 200) still becomes a proper HTTP error; after
 * that, failures end the stream with an OpenAI error frame.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { fromAnthropicMessage } from "../../backends/bedrock-anthropic/ir-response.js";
import { toBedrockInvoke } from "../../backends/bedrock-anthropic/ir-request.js";
import { bedrockStreamTranslator } from "../../backends/bedrock-anthropic/ir-stream.js";
import {
  bedrockAnthropicEvents,
  EVENT_STREAM_CONTENT_TYPE,
} from "../../backends/bedrock-anthropic/stream-events.js";
import { callDeployment, upstreamError } from "../../backends/upstream-call.js";
import { ProxyError } from "../../errors/proxy-error.js";
import type { IrStreamError, IrStreamEvent } from "../../ir/stream-events.js";
import { translateStream } from "../../ir/stream-translator.js";
import type { IrUsage } from "../../ir/usage.js";
import type { Candidate } from "../../routing/model-registry.js";
import type { TokenProvider } from "../../sap/token-provider.js";
import type { GatewayContext } from "../../server/gateway-context.js";
import { replyHeaders, writeSse } from "../../server/sse-response.js";
import type { JsonObject } from "../../ir/request.js";
import { decodeChatRequest } from "./ir-request.js";
import { completionId, toChatCompletion } from "./ir-response.js";
import { ThinkingCollector, type ThinkingMemory } from "./ir-signatures.js";
import { errorFrame, openAiChunkTranslator } from "./ir-stream.js";

export interface ClaudeChatCall {
  context: GatewayContext;
  memory: ThinkingMemory;
  request: FastifyRequest;
  reply: FastifyReply;
  body: JsonObject;
  candidate: Candidate;
  tokens: TokenProvider;
}

/** An IR error before anything was written, as the HTTP error the client gets. */
function httpError(error: IrStreamError): ProxyError {
  const status = error.status === 529 ? 503 : error.status;
  return new ProxyError("upstream_error", status, error.message, { upstream: { status: error.status } });
}

function isPreamble(event: IrStreamEvent): boolean {
  return event.type === "message-start" || event.type === "usage";
}

export async function serveChatOnClaude(call: ClaudeChatCall): Promise<FastifyReply> {
  const { context, memory, request, reply, candidate } = call;
  const decoded = decodeChatRequest(call.body, { recallThinking: (text) => memory.recall(text) });
  const ir = decoded.request;
  const invoke = toBedrockInvoke(ir, { model: candidate.sapModel ?? ir.model, autoCache: true });
  if (invoke.notes.length > 0) request.log.debug({ notes: invoke.notes }, "Adjusted the request for Claude");
  const controller = new AbortController();
  const started = context.clock();
  const response = await callDeployment({
    candidate,
    tokens: call.tokens,
    http: context.http,
    suffix: ir.stream ? "/invoke-with-response-stream" : "/invoke",
    body: invoke.body,
    accept: ir.stream ? EVENT_STREAM_CONTENT_TYPE : "application/json",
    signal: controller.signal,
  });
  if (response.statusCode < 200 || response.statusCode >= 300) throw await upstreamError(response, candidate);
  const served = { model: ir.model, subAccount: candidate.subAccount, deployment: candidate.deploymentId };
  const created = Math.floor(context.clock() / 1000);

  if (!ir.stream) {
    let message: unknown;
    try {
      message = await response.body.json();
    } catch (error) {
      throw new ProxyError(
        "upstream_error",
        502,
        `The upstream answer is not valid JSON: ${(error as Error).message}`,
      );
    }
    const answer = fromAnthropicMessage((message ?? {}) as Record<string, unknown>);
    memory.remember(
      answer.content.filter((block) => block.type === "thinking" || block.type === "redacted-thinking"),
    );
    const completion = toChatCompletion(answer, { id: completionId(answer.id), created, model: ir.model });
    request.log.info(
      { ...served, status: 200, usage: answer.usage, ms: context.clock() - started },
      "chat completion served",
    );
    return reply.code(200).type("application/json").send(completion);
  }

  const contentType = String(response.headers["content-type"] ?? "");
  const events = translateStream(bedrockStreamTranslator, bedrockAnthropicEvents(response.body, contentType));
  const iterator = events[Symbol.asyncIterator]();
  const head: IrStreamEvent[] = [];
  try {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      if (next.value.type === "error") throw httpError(next.value.error);
      head.push(next.value);
      if (!isPreamble(next.value)) break;
    }
  } catch (error) {
    await iterator.return(undefined).catch(() => undefined);
    if (error instanceof ProxyError) throw error;
    throw new ProxyError(
      "upstream_error",
      502,
      `The upstream stream failed before it started: ${(error as Error).message}`,
      {
        retryable: true,
        cause: error,
      },
    );
  }

  const messageStart = head.find((event) => event.type === "message-start");
  const translator = openAiChunkTranslator({
    meta: { id: completionId(messageStart?.id ?? ""), created, model: ir.model },
    includeUsage: decoded.includeUsage,
  });
  const collector = new ThinkingCollector();
  let usage: IrUsage | undefined;
  const frames = (async function* () {
    const state = translator.initial();
    const emit = (event: IrStreamEvent): string => {
      collector.observe(event);
      if (event.type === "message-end") {
        usage = event.usage;
        memory.remember(collector.blocks());
      }
      return translator.step(state, event).join("");
    };
    try {
      const opening = head.map(emit).join("");
      if (opening !== "") yield opening;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        const out = emit(next.value);
        if (out !== "") yield out;
      }
      const tail = translator.finish(state).join("");
      if (tail !== "") yield tail;
    } catch (error) {
      if (controller.signal.aborted || state.closed) return;
      state.closed = true;
      yield errorFrame({
        status: 502,
        message: `The upstream stream broke off: ${(error as Error).message}`,
      });
    } finally {
      await iterator.return(undefined).catch(() => undefined);
    }
  })();
  reply.hijack();
  await writeSse(reply.raw, replyHeaders(reply), frames, controller);
  request.log.info(
    { ...served, status: 200, stream: true, usage, ms: context.clock() - started },
    "chat completion streamed",
  );
  return reply;
}
