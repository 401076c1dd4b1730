/**
 * An OpenAI chat completion served by a Gemini deployment (`gcp-vertexai`) through the IR:
 * decode -> encode for `/models/{model}:generateContent` or `:streamGenerateContent?alt=sse`
 * -> decode -> encode, committing late (server/ir-upstream.ts). Gemini's function-call
 * signatures are remembered by tool-call id and restored when the client sends the turn back
 * (ir-tool-signatures.ts), which Gemini 3 needs to continue a tool loop.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { encodeGeminiRequest } from "../../backends/vertex-gemini/ir-request.js";
import { decodeGeminiResponse } from "../../backends/vertex-gemini/ir-response.js";
import { geminiStreamTranslator } from "../../backends/vertex-gemini/ir-stream.js";
import type { JsonObject } from "../../ir/request.js";
import { translateStream } from "../../ir/stream-translator.js";
import type { Candidate } from "../../routing/model-registry.js";
import type { TokenProvider } from "../../sap/token-provider.js";
import type { GatewayContext } from "../../server/gateway-context.js";
import { callIrUpstream } from "../../server/ir-upstream.js";
import { decodeSse } from "../../streaming/sse-decoder.js";
import { decodeChatRequest } from "./ir-request.js";
import { sendChatCompletion, streamChatCompletion } from "./ir-serve.js";
import type { ToolCallSignatures } from "./ir-tool-signatures.js";

export interface GeminiChatCall {
  context: GatewayContext;
  signatures: ToolCallSignatures;
  request: FastifyRequest;
  reply: FastifyReply;
  body: JsonObject;
  candidate: Candidate;
  tokens: TokenProvider;
}

export async function serveChatOnGemini(call: GeminiChatCall): Promise<FastifyReply> {
  const { context, signatures, request, reply, candidate } = call;
  const decoded = decodeChatRequest(call.body);
  const ir = signatures.restore(decoded.request);
  const gemini = encodeGeminiRequest(ir, candidate.sapModel ?? ir.model);
  if (gemini.dropped.length > 0)
    request.log.debug({ dropped: gemini.dropped }, "Features Gemini cannot take were dropped");
  const controller = new AbortController();
  const started = context.clock();
  const serve = {
    request,
    reply,
    model: ir.model,
    created: Math.floor(started / 1000),
    served: { model: ir.model, subAccount: candidate.subAccount, deployment: candidate.deploymentId },
    elapsedMs: () => context.clock() - started,
  };
  const answer = await callIrUpstream({
    candidate,
    tokens: call.tokens,
    http: context.http,
    suffix: gemini.suffix,
    query: gemini.query,
    body: gemini.body,
    stream: gemini.stream,
    streamAccept: "text/event-stream",
    signal: controller.signal,
    decodeJson: decodeGeminiResponse,
    decodeStream: (body) => translateStream(geminiStreamTranslator, decodeSse(body)),
  });
  if (!answer.stream) {
    signatures.rememberBlocks(answer.response.content);
    return sendChatCompletion(serve, answer.response);
  }
  return streamChatCompletion(serve, answer.events, {
    controller,
    includeUsage: decoded.includeUsage,
    observe: signatures.streamObserver(),
  });
}
