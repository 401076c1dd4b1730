/**
 * Claude's answer on Bedrock `/invoke` (reference section 4.2.2): the Anthropic message JSON, and
 * for `/invoke-with-response-stream` the Anthropic stream events in order (section 4.2.4):
 * `message_start`, per block `content_block_start` / deltas / `content_block_stop`,
 * `message_delta`, and `message_stop` carrying `amazon-bedrock-invocationMetrics`. Framing the
 * events (binary or `data:` lines) is `stream-framing.ts`'s job.
 */
import { planReply, type ReplyPlan } from "../../reply.js";
import { argumentsFromSchema } from "../../tool-arguments.js";
import { chunkText, splitEvenly } from "../../token-count.js";
import { randomAlphanumeric } from "../ids.js";
import { isJsonObject, type InferenceRequest, type JsonObject } from "../types.js";
import { claudeModelId } from "./claude-model.js";
import { invokeConversation, invokeSegments } from "./invoke-conversation.js";
import { accountInput, type InputUsage } from "./prompt-caching.js";
import type { ThinkingSettings } from "./thinking-rules.js";

const STOP_REASON: Record<ReplyPlan["finish"], string> = {
  stop: "end_turn",
  length: "max_tokens",
  stop_sequence: "stop_sequence",
  tool_use: "tool_use",
};

interface ClaudeReply {
  id: string;
  model: string;
  plan: ReplyPlan;
  /** Thinking text, present when thinking was on. */
  thinking?: string;
  text?: string;
  toolUseId: string;
  input: InputUsage;
}

/** Simulated latencies in milliseconds, derived from the token counts. */
export function latencies(input: number, output: number): { firstByte: number; total: number } {
  const firstByte = 120 + Math.floor(input / 50);
  return { firstByte, total: firstByte + output * 4 };
}

/** `output_config.format` json_schema (structured outputs): JSON that follows the schema. */
function structuredText(body: JsonObject, prompt: string): string | undefined {
  const format = isJsonObject(body.output_config) ? body.output_config.format : undefined;
  if (!isJsonObject(format) || format.type !== "json_schema") return undefined;
  return JSON.stringify(argumentsFromSchema(format.schema, prompt));
}

function buildReply(request: InferenceRequest, body: JsonObject, thinking: ThinkingSettings): ClaudeReply {
  const conversation = invokeConversation(body, thinking.enabled);
  const plan = planReply(conversation);
  const structured =
    plan.toolCall || plan.finish === "length" ? undefined : structuredText(body, conversation.lastUserText);
  const text = structured ?? plan.text;
  return {
    id: `msg_bdrk_${randomAlphanumeric(24)}`,
    model: claudeModelId(request.deployment.model),
    plan,
    ...(thinking.enabled && plan.thinking ? { thinking: plan.thinking } : {}),
    ...(text !== "" || !plan.toolCall ? { text } : {}),
    toolUseId: `toolu_bdrk_${randomAlphanumeric(24)}`,
    input: accountInput(request, invokeSegments(body)),
  };
}

function usageOf(reply: ClaudeReply, outputTokens: number): JsonObject {
  return {
    input_tokens: reply.input.inputTokens,
    cache_creation_input_tokens: reply.input.cacheWriteTokens,
    cache_read_input_tokens: reply.input.cacheReadTokens,
    output_tokens: outputTokens,
  };
}

export function invokeMessage(
  request: InferenceRequest,
  body: JsonObject,
  thinking: ThinkingSettings,
): JsonObject {
  const reply = buildReply(request, body, thinking);
  const { plan } = reply;
  const content: JsonObject[] = [];
  if (reply.thinking !== undefined) {
    content.push({
      type: "thinking",
      thinking: reply.thinking,
      signature: request.signer.sign(reply.thinking),
    });
  }
  if (reply.text !== undefined) content.push({ type: "text", text: reply.text });
  if (plan.toolCall) {
    content.push({
      type: "tool_use",
      id: reply.toolUseId,
      name: plan.toolCall.name,
      input: plan.toolCall.arguments,
    });
  }
  return {
    id: reply.id,
    type: "message",
    role: "assistant",
    model: reply.model,
    content,
    stop_reason: STOP_REASON[plan.finish],
    stop_sequence: plan.stopSequence ?? null,
    usage: usageOf(reply, plan.outputTokens),
  };
}

/** The Anthropic stream events of one answer, as JSON-ready objects. */
export function invokeStreamEvents(
  request: InferenceRequest,
  body: JsonObject,
  thinking: ThinkingSettings,
): JsonObject[] {
  const reply = buildReply(request, body, thinking);
  const { plan } = reply;
  const perDelta = request.behaviour.tokensPerStreamDelta;
  const events: JsonObject[] = [
    {
      type: "message_start",
      message: {
        id: reply.id,
        type: "message",
        role: "assistant",
        model: reply.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: usageOf(reply, 1),
      },
    },
  ];
  let index = 0;
  const block = (start: JsonObject, deltas: JsonObject[]): void => {
    events.push({ type: "content_block_start", index, content_block: start });
    for (const delta of deltas) events.push({ type: "content_block_delta", index, delta });
    events.push({ type: "content_block_stop", index });
    index += 1;
  };
  if (reply.thinking !== undefined) {
    block({ type: "thinking", thinking: "", signature: "" }, [
      ...chunkText(reply.thinking, perDelta).map((piece) => ({ type: "thinking_delta", thinking: piece })),
      { type: "signature_delta", signature: request.signer.sign(reply.thinking) },
    ]);
  }
  if (reply.text !== undefined) {
    block(
      { type: "text", text: "" },
      chunkText(reply.text, perDelta).map((piece) => ({ type: "text_delta", text: piece })),
    );
  }
  if (plan.toolCall) {
    const json = JSON.stringify(plan.toolCall.arguments);
    block(
      { type: "tool_use", id: reply.toolUseId, name: plan.toolCall.name, input: {} },
      splitEvenly(json, 12).map((piece) => ({ type: "input_json_delta", partial_json: piece })),
    );
  }
  const { firstByte, total } = latencies(reply.input.inputTokens, plan.outputTokens);
  events.push(
    {
      type: "message_delta",
      delta: { stop_reason: STOP_REASON[plan.finish], stop_sequence: plan.stopSequence ?? null },
      usage: { output_tokens: plan.outputTokens },
    },
    {
      type: "message_stop",
      "amazon-bedrock-invocationMetrics": {
        inputTokenCount: reply.input.inputTokens,
        outputTokenCount: plan.outputTokens,
        invocationLatency: total,
        firstByteLatency: firstByte,
        ...(reply.input.cacheRequested
          ? {
              cacheReadInputTokenCount: reply.input.cacheReadTokens,
              cacheWriteInputTokenCount: reply.input.cacheWriteTokens,
            }
          : {}),
      },
    },
  );
  return events;
}
