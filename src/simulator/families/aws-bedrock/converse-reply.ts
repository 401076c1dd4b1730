/**
 * The Converse answer (reference section 4.2.3) and the ConverseStream events (section 4.2.4) in
 * order: `messageStart`, per content block (`contentBlockStart` for tool use only)
 * `contentBlockDelta`s and `contentBlockStop`, then `messageStop` and `metadata` with usage and
 * metrics. Keys inside each event are in the order boto3 shows them, since text mode prints them
 * with Python `repr` (e.g. `{'delta': {...}, 'contentBlockIndex': 0}`).
 */
import { planReply, type ReplyPlan } from "../../reply.js";
import { chunkText, splitEvenly } from "../../token-count.js";
import { randomAlphanumeric } from "../ids.js";
import type { InferenceRequest, JsonObject } from "../types.js";
import { converseConversation, converseSegments } from "./converse-conversation.js";
import type { ConverseSettings } from "./converse-validation.js";
import { latencies } from "./invoke-reply.js";
import { accountInput, type InputUsage } from "./prompt-caching.js";
import type { ConverseEvent } from "./stream-framing.js";

const STOP_REASON: Record<ReplyPlan["finish"], string> = {
  stop: "end_turn",
  length: "max_tokens",
  stop_sequence: "stop_sequence",
  tool_use: "tool_use",
};

interface ConverseReply {
  plan: ReplyPlan;
  thinking?: string;
  text?: string;
  toolUseId: string;
  input: InputUsage;
}

function buildReply(request: InferenceRequest, body: JsonObject, settings: ConverseSettings): ConverseReply {
  const plan = planReply(converseConversation(body, settings.thinking.enabled, settings.maxTokens));
  return {
    plan,
    ...(settings.thinking.enabled && plan.thinking ? { thinking: plan.thinking } : {}),
    ...(plan.text !== "" || !plan.toolCall ? { text: plan.text } : {}),
    toolUseId: `tooluse_${randomAlphanumeric(22)}`,
    input: accountInput(request, converseSegments(body)),
  };
}

function usageOf(reply: ConverseReply): JsonObject {
  const { input, plan } = reply;
  return {
    inputTokens: input.inputTokens,
    outputTokens: plan.outputTokens,
    totalTokens: input.inputTokens + plan.outputTokens + input.cacheReadTokens + input.cacheWriteTokens,
    ...(input.cacheRequested
      ? { cacheReadInputTokens: input.cacheReadTokens, cacheWriteInputTokens: input.cacheWriteTokens }
      : {}),
  };
}

function metricsOf(reply: ConverseReply): JsonObject {
  return { latencyMs: latencies(reply.input.inputTokens, reply.plan.outputTokens).total };
}

export function converseResponse(
  request: InferenceRequest,
  body: JsonObject,
  settings: ConverseSettings,
): JsonObject {
  const reply = buildReply(request, body, settings);
  const { plan } = reply;
  const content: JsonObject[] = [];
  if (reply.thinking !== undefined) {
    content.push({
      reasoningContent: {
        reasoningText: { text: reply.thinking, signature: request.signer.sign(reply.thinking) },
      },
    });
  }
  if (reply.text !== undefined) content.push({ text: reply.text });
  if (plan.toolCall) {
    content.push({
      toolUse: { toolUseId: reply.toolUseId, name: plan.toolCall.name, input: plan.toolCall.arguments },
    });
  }
  return {
    output: { message: { role: "assistant", content } },
    stopReason: STOP_REASON[plan.finish],
    usage: usageOf(reply),
    metrics: metricsOf(reply),
  };
}

export function converseStreamEvents(
  request: InferenceRequest,
  body: JsonObject,
  settings: ConverseSettings,
): ConverseEvent[] {
  const reply = buildReply(request, body, settings);
  const { plan } = reply;
  const perDelta = request.behaviour.tokensPerStreamDelta;
  const events: ConverseEvent[] = [{ name: "messageStart", body: { role: "assistant" } }];
  let index = 0;
  const block = (deltas: JsonObject[], start?: JsonObject): void => {
    if (start) events.push({ name: "contentBlockStart", body: { start, contentBlockIndex: index } });
    for (const delta of deltas)
      events.push({ name: "contentBlockDelta", body: { delta, contentBlockIndex: index } });
    events.push({ name: "contentBlockStop", body: { contentBlockIndex: index } });
    index += 1;
  };
  if (reply.thinking !== undefined) {
    block([
      ...chunkText(reply.thinking, perDelta).map((text) => ({ reasoningContent: { text } })),
      { reasoningContent: { signature: request.signer.sign(reply.thinking) } },
    ]);
  }
  if (reply.text !== undefined) block(chunkText(reply.text, perDelta).map((text) => ({ text })));
  if (plan.toolCall) {
    block(
      splitEvenly(JSON.stringify(plan.toolCall.arguments), 12).map((input) => ({ toolUse: { input } })),
      { toolUse: { toolUseId: reply.toolUseId, name: plan.toolCall.name } },
    );
  }
  events.push(
    { name: "messageStop", body: { stopReason: STOP_REASON[plan.finish] } },
    { name: "metadata", body: { usage: usageOf(reply), metrics: metricsOf(reply) } },
  );
  return events;
}
