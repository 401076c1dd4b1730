/**
 * OpenAI chat body -> what SAP's azure-openai deployments accept (reference section 4.1):
 * top-level fields outside Azure's list are dropped (SAP rejects them with 400), `cache_control`
 * and other non-OpenAI keys inside messages and content parts are removed, reasoning models get
 * `max_completion_tokens` instead of `max_tokens` and lose sampling fields they reject, and a
 * streamed request always asks for usage so the gateway knows it.
 */
import { isRecord } from "../../ir/json.js";
import { isOpenAiReasoningModel } from "../../sap/model-family.js";

type Json = Record<string, unknown>;

export const AZURE_CHAT_FIELDS = new Set([
  "messages",
  "model",
  "audio",
  "frequency_penalty",
  "function_call",
  "functions",
  "logit_bias",
  "logprobs",
  "max_completion_tokens",
  "max_tokens",
  "metadata",
  "modalities",
  "n",
  "parallel_tool_calls",
  "prediction",
  "presence_penalty",
  "prompt_cache_key",
  "reasoning_effort",
  "response_format",
  "safety_identifier",
  "seed",
  "service_tier",
  "stop",
  "store",
  "stream",
  "stream_options",
  "temperature",
  "tool_choice",
  "tools",
  "top_logprobs",
  "top_p",
  "user",
  "verbosity",
]);

const MESSAGE_FIELDS = new Set([
  "role",
  "content",
  "name",
  "tool_calls",
  "tool_call_id",
  "function_call",
  "refusal",
  "audio",
]);
const PART_FIELDS: Record<string, readonly string[]> = {
  text: ["type", "text"],
  image_url: ["type", "image_url"],
  input_audio: ["type", "input_audio"],
  file: ["type", "file"],
  refusal: ["type", "refusal"],
};
const MAX_STOP_SEQUENCES = 4;
/** Sampling fields reasoning models accept only at their default. */
const REASONING_UNSUPPORTED = [
  "temperature",
  "top_p",
  "presence_penalty",
  "frequency_penalty",
  "logprobs",
  "top_logprobs",
  "logit_bias",
];

function pick(source: Json, allowed: ReadonlySet<string> | readonly string[]): Json {
  const keep = allowed instanceof Set ? allowed : new Set(allowed);
  return Object.fromEntries(Object.entries(source).filter(([key]) => keep.has(key)));
}

function cleanContent(content: unknown): unknown {
  if (!Array.isArray(content)) return content;
  return content.map((part: unknown) => {
    if (!isRecord(part) || typeof part.type !== "string") return part;
    const allowed = PART_FIELDS[part.type];
    return allowed ? pick(part, allowed) : part;
  });
}

function cleanMessage(message: unknown): unknown {
  if (!isRecord(message)) return message;
  const cleaned = pick(message, MESSAGE_FIELDS);
  if ("content" in cleaned) cleaned.content = cleanContent(cleaned.content);
  return cleaned;
}

export interface AzureChatRequest {
  body: Json;
  /** Whether the client asked for the usage chunk (`stream_options.include_usage`). */
  clientWantsUsage: boolean;
  stream: boolean;
  /** Top-level fields that were dropped, for the debug log. */
  dropped: string[];
}

export function toAzureChatRequest(clientBody: Json, sapModel: string): AzureChatRequest {
  const dropped = Object.keys(clientBody).filter((key) => !AZURE_CHAT_FIELDS.has(key));
  const body = pick(clientBody, AZURE_CHAT_FIELDS);
  // The deployment decides the model; send its SAP name rather than the client's alias.
  body.model = sapModel;
  // Azure accepts at most four stop sequences (Continue and others send more).
  if (Array.isArray(body.stop) && body.stop.length > MAX_STOP_SEQUENCES)
    body.stop = body.stop.slice(0, MAX_STOP_SEQUENCES);
  // Open WebUI and Responses-minded clients send `reasoning: {effort}` instead of `reasoning_effort`.
  const reasoning = clientBody.reasoning;
  if (
    isRecord(reasoning) &&
    typeof reasoning.effort === "string" &&
    body.reasoning_effort === undefined &&
    isOpenAiReasoningModel(sapModel)
  ) {
    body.reasoning_effort = reasoning.effort;
  }
  if (Array.isArray(body.messages)) body.messages = body.messages.map(cleanMessage);
  if (isOpenAiReasoningModel(sapModel)) {
    if (body.max_tokens !== undefined) {
      if (body.max_completion_tokens === undefined) body.max_completion_tokens = body.max_tokens;
      delete body.max_tokens;
    }
    for (const field of REASONING_UNSUPPORTED) {
      const atDefault = (field === "temperature" || field === "top_p") && body[field] === 1;
      if (field in body && !atDefault) {
        delete body[field];
        dropped.push(field);
      }
    }
  }
  const stream = body.stream === true;
  const options = isRecord(body.stream_options) ? body.stream_options : undefined;
  const clientWantsUsage = stream && options?.include_usage === true;
  if (stream) body.stream_options = { ...options, include_usage: true };
  else delete body.stream_options;
  return { body, clientWantsUsage, stream, dropped };
}
