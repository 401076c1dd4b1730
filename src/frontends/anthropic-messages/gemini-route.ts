/**
 * `/v1/messages` served by a Gemini deployment (`gcp-vertexai`) through the IR
 * (ir-backend-route.ts): `/models/{model}:generateContent` or `:streamGenerateContent?alt=sse`
 * and Vertex's decoders. `RESOURCE_EXHAUSTED` as the first stream event fails over or becomes an
 * HTTP 429. Gemini's function-call signatures travel in thinking blocks, which Anthropic clients
 * (Claude Code) send back verbatim (backends/vertex-gemini/thought-signatures.ts).
 */
import { encodeGeminiRequest } from "../../backends/vertex-gemini/ir-request.js";
import { decodeGeminiResponse } from "../../backends/vertex-gemini/ir-response.js";
import { geminiStreamTranslator } from "../../backends/vertex-gemini/ir-stream.js";
import type { Answer, UpstreamTarget } from "../../server/serve-with-failover.js";
import { messagesThroughIr } from "./ir-backend-route.js";
import type { MessagesCall } from "./messages-call.js";

export function geminiMessages(call: MessagesCall, target: UpstreamTarget): Promise<Answer> {
  return messagesThroughIr(call, target, (ir, sapModel) => ({
    label: "Gemini",
    ...encodeGeminiRequest(ir, sapModel),
    decodeJson: decodeGeminiResponse,
    streamTranslator: geminiStreamTranslator,
  }));
}
