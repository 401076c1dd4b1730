/**
 * Azure OpenAI chat completions on SAP AI Core: the JSON response and the SSE stream framed as
 * Azure frames it (reference section 4.1; recorded fixtures
 * `azure-openai-chat-completion-stream-chunks.txt` and `...-stream-tools-chunks.txt`):
 * a prompt-filter event with no choices, a role delta, content or tool-call deltas, the finish
 * chunk, the usage chunk when `stream_options.include_usage` is set, then `data: [DONE]`.
 */
import type { CatalogModel } from "../../catalog.js";
import { SSE_DONE, sseJson } from "../../framing/sse.js";
import { planReply, type ReplyPlan } from "../../reply.js";
import { chunkText, countJsonTokens, splitEvenly } from "../../token-count.js";
import { randomAlphanumeric, randomHex } from "../ids.js";
import { argumentsFromSchema } from "../../tool-arguments.js";
import {
  isJsonObject,
  jsonResponse,
  type InferenceRequest,
  type InferenceResponse,
  type JsonObject,
} from "../types.js";
import { chatConversation } from "./chat-conversation.js";
import { PROMPT_FILTER_EVENT, PROMPT_FILTER_RESULTS, SAFE_FILTER_RESULTS } from "./content-filter.js";

const FINISH: Record<ReplyPlan["finish"], string> = {
  stop: "stop",
  stop_sequence: "stop",
  length: "length",
  tool_use: "tool_calls",
};

interface ChatReply {
  plan: ReplyPlan;
  content: string;
  toolCallId: string;
  usage: JsonObject;
}

function modelLabel(model: CatalogModel): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(model.version) ? `${model.name}-${model.version}` : model.name;
}

/** Structured output: JSON that follows the requested schema instead of prose. */
function structuredContent(body: JsonObject, prompt: string): string | undefined {
  const format = body.response_format;
  if (!isJsonObject(format)) return undefined;
  if (format.type === "json_object") return JSON.stringify({ echo: prompt });
  if (format.type === "json_schema" && isJsonObject(format.json_schema)) {
    return JSON.stringify(argumentsFromSchema(format.json_schema.schema, prompt));
  }
  return undefined;
}

function buildReply(body: JsonObject, model: CatalogModel): ChatReply {
  const conversation = chatConversation(body, model);
  const plan = planReply(conversation);
  const structured =
    plan.toolCall || plan.finish === "length"
      ? undefined
      : structuredContent(body, conversation.lastUserText);
  const content = structured ?? plan.text;
  const promptTokens = countJsonTokens(body.messages) + countJsonTokens(body.tools ?? null);
  const completionTokens = plan.outputTokens;
  return {
    plan,
    content,
    toolCallId: `call_${randomAlphanumeric(24)}`,
    usage: {
      completion_tokens: completionTokens,
      completion_tokens_details: {
        accepted_prediction_tokens: 0,
        audio_tokens: 0,
        reasoning_tokens: plan.thinkingTokens,
        rejected_prediction_tokens: 0,
      },
      prompt_tokens: promptTokens,
      prompt_tokens_details: { audio_tokens: 0, cached_tokens: 0 },
      total_tokens: promptTokens + completionTokens,
    },
  };
}

function choiceCount(body: JsonObject): number {
  return typeof body.n === "number" ? body.n : 1;
}

export function chatCompletion(request: InferenceRequest, body: JsonObject): InferenceResponse {
  const model = request.deployment.model;
  const reply = buildReply(body, model);
  const { plan } = reply;
  const message: JsonObject = {
    annotations: [],
    content: plan.toolCall ? null : reply.content,
    refusal: null,
    role: "assistant",
  };
  if (plan.toolCall) {
    message.tool_calls = [
      {
        function: { arguments: JSON.stringify(plan.toolCall.arguments), name: plan.toolCall.name },
        id: reply.toolCallId,
        type: "function",
      },
    ];
  }
  const choices = Array.from({ length: choiceCount(body) }, (_, index) => ({
    content_filter_results: plan.toolCall ? {} : SAFE_FILTER_RESULTS,
    finish_reason: FINISH[plan.finish],
    index,
    logprobs: null,
    message,
  }));
  return jsonResponse(200, {
    choices,
    created: Math.floor(request.nowMs / 1000),
    id: `chatcmpl-${randomAlphanumeric(29)}`,
    model: modelLabel(model),
    object: "chat.completion",
    prompt_filter_results: PROMPT_FILTER_RESULTS,
    system_fingerprint: `fp_${randomHex(10)}`,
    usage: reply.usage,
  });
}

export function chatCompletionStream(request: InferenceRequest, body: JsonObject): InferenceResponse {
  const model = request.deployment.model;
  const reply = buildReply(body, model);
  const { plan } = reply;
  const includeUsage = isJsonObject(body.stream_options) && body.stream_options.include_usage === true;
  const envelope = {
    created: Math.floor(request.nowMs / 1000),
    id: `chatcmpl-${randomAlphanumeric(29)}`,
    model: modelLabel(model),
    object: "chat.completion.chunk",
    system_fingerprint: `fp_${randomHex(10)}`,
  };
  const chunk = (choices: unknown[], usage?: JsonObject): string =>
    sseJson({ choices, ...envelope, ...(includeUsage ? { usage: usage ?? null } : {}) });
  const choice = (index: number, delta: JsonObject, finish: string | null = null, filtered = false) => ({
    content_filter_results: filtered ? SAFE_FILTER_RESULTS : {},
    delta,
    finish_reason: finish,
    index,
    logprobs: null,
  });

  const events: string[] = [sseJson(PROMPT_FILTER_EVENT)];
  for (let index = 0; index < choiceCount(body); index += 1) {
    if (plan.toolCall) {
      const argumentsText = JSON.stringify(plan.toolCall.arguments);
      events.push(
        chunk([
          choice(index, {
            content: null,
            refusal: null,
            role: "assistant",
            tool_calls: [
              {
                function: { arguments: "", name: plan.toolCall.name },
                id: reply.toolCallId,
                index: 0,
                type: "function",
              },
            ],
          }),
        ]),
      );
      for (const piece of splitEvenly(argumentsText, 8)) {
        events.push(chunk([choice(index, { tool_calls: [{ function: { arguments: piece }, index: 0 }] })]));
      }
    } else {
      events.push(chunk([choice(index, { content: "", refusal: null, role: "assistant" })]));
      for (const piece of chunkText(reply.content, request.behaviour.tokensPerStreamDelta)) {
        events.push(chunk([choice(index, { content: piece }, null, true)]));
      }
    }
    events.push(chunk([choice(index, {}, FINISH[plan.finish])]));
  }
  if (includeUsage) events.push(chunk([], reply.usage));
  events.push(SSE_DONE);
  return { type: "stream", contentType: "text/event-stream", events };
}
