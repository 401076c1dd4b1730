/**
 * An OpenAI chat completion served by a Gemini deployment (`gcp-vertexai`) through the IR:
 * decode -> encode for `/models/{model}:generateContent` or `:streamGenerateContent?alt=sse`
 * -> decode -> encode, committing late (server/ir-upstream.ts); one attempt of the router
 * (server/serve-with-failover.ts). Gemini's function-call signatures are remembered by tool-call
 * id and restored when the client sends the turn back (ir-tool-signatures.ts), which Gemini 3
 * needs to continue a tool loop.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { encodeGeminiRequest } from "../../backends/vertex-gemini/ir-request.js";
import { decodeGeminiResponse } from "../../backends/vertex-gemini/ir-response.js";
import { geminiStreamTranslator } from "../../backends/vertex-gemini/ir-stream.js";
import type { JsonObject } from "../../ir/request.js";
import { translateStream } from "../../ir/stream-translator.js";
import type { GatewayContext } from "../../server/gateway-context.js";
import type { Answer, UpstreamTarget } from "../../server/serve-with-failover.js";
import { decodeSse } from "../../streaming/sse-decoder.js";
import { decodeChatRequest } from "./ir-request.js";
import { chatThroughIr } from "./ir-backend-route.js";
import type { ToolCallSignatures } from "./ir-tool-signatures.js";

export interface GeminiChatCall {
  context: GatewayContext;
  signatures: ToolCallSignatures;
  request: FastifyRequest;
  reply: FastifyReply;
  body: JsonObject;
  started: number;
}

export async function chatOnGemini(call: GeminiChatCall, target: UpstreamTarget): Promise<Answer> {
  const { signatures, request } = call;
  const decoded = decodeChatRequest(call.body);
  const ir = signatures.restore(decoded.request);
  const gemini = encodeGeminiRequest(ir, target.candidate.sapModel ?? ir.model);
  if (gemini.dropped.length > 0)
    request.log.debug({ dropped: gemini.dropped }, "Features Gemini cannot take were dropped");
  return chatThroughIr({ ...call, model: ir.model, includeUsage: decoded.includeUsage }, target, {
    upstream: {
      suffix: gemini.suffix,
      query: gemini.query,
      body: gemini.body,
      stream: gemini.stream,
      streamAccept: "text/event-stream",
      decodeJson: decodeGeminiResponse,
      decodeStream: (body) => translateStream(geminiStreamTranslator, decodeSse(body)),
    },
    onResponse: (response) => signatures.rememberBlocks(response.content),
    streamObserver: () => signatures.streamObserver(),
  });
}
