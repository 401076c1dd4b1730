/**
 * An OpenAI chat completion served by a Claude deployment (`aws-bedrock`) through the IR:
 * decode -> encode for `/invoke` or `/invoke-with-response-stream` (asking for the binary AWS
 * event stream) -> decode -> encode. Streams commit late (server/ir-upstream.ts): nothing is
 * written until the first meaningful upstream event, so an upstream HTTP error or a Bedrock
 * exception as first event (throttling inside a 200) still becomes a proper HTTP error; after
 * that, failures end the stream with an OpenAI error frame (ir-serve.ts).
 */
import { isRecord } from "../../ir/json.js";
import type { FastifyReply, FastifyRequest } from "fastify";
import { fromAnthropicMessage } from "../../backends/bedrock-anthropic/ir-response.js";
import { toBedrockInvoke } from "../../backends/bedrock-anthropic/ir-request.js";
import { bedrockStreamTranslator } from "../../backends/bedrock-anthropic/ir-stream.js";
import {
  bedrockAnthropicEvents,
  EVENT_STREAM_CONTENT_TYPE,
} from "../../backends/bedrock-anthropic/stream-events.js";
import type { JsonObject } from "../../ir/request.js";
import type { IrStreamEvent } from "../../ir/stream-events.js";
import { translateStream } from "../../ir/stream-translator.js";
import type { GatewayContext } from "../../server/gateway-context.js";
import type { Answer, UpstreamTarget } from "../../server/serve-with-failover.js";
import { decodeChatRequest } from "./ir-request.js";
import { chatThroughIr } from "./ir-backend-route.js";
import { ThinkingCollector, type ThinkingMemory } from "./ir-signatures.js";

export interface ClaudeChatCall {
  context: GatewayContext;
  memory: ThinkingMemory;
  request: FastifyRequest;
  reply: FastifyReply;
  body: JsonObject;
  started: number;
}

export async function chatOnClaude(call: ClaudeChatCall, target: UpstreamTarget): Promise<Answer> {
  const { memory, request } = call;
  const decoded = decodeChatRequest(call.body, { recallThinking: (text) => memory.recall(text) });
  const ir = decoded.request;
  const invoke = toBedrockInvoke(ir, { model: target.candidate.sapModel ?? ir.model, autoCache: true });
  if (invoke.notes.length > 0) request.log.debug({ notes: invoke.notes }, "Adjusted the request for Claude");
  return chatThroughIr({ ...call, model: ir.model, includeUsage: decoded.includeUsage }, target, {
    upstream: {
      suffix: ir.stream ? "/invoke-with-response-stream" : "/invoke",
      body: invoke.body,
      stream: ir.stream,
      streamAccept: EVENT_STREAM_CONTENT_TYPE,
      decodeJson: (message) => fromAnthropicMessage(isRecord(message) ? message : {}),
      decodeStream: (body, contentType) =>
        translateStream(bedrockStreamTranslator, bedrockAnthropicEvents(body, contentType)),
    },
    // Signed thinking shown as reasoning_content is remembered for the client's next turn.
    onResponse: (response) =>
      memory.remember(
        response.content.filter((block) => block.type === "thinking" || block.type === "redacted-thinking"),
      ),
    streamObserver: () => {
      const collector = new ThinkingCollector();
      return (event: IrStreamEvent) => {
        collector.observe(event);
        if (event.type === "message-end") memory.remember(collector.blocks());
      };
    },
  });
}
