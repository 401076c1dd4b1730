/**
 * Validation of Azure OpenAI chat-completions bodies, rejecting what the real service rejects
 * with its messages: unknown top-level or content-part fields, bad roles, orphaned tool
 * messages, `max_tokens` and non-default sampling on reasoning models (reference section 4.1).
 */
import type { CatalogModel } from "../../catalog.js";
import { isJsonObject, type InferenceResponse, type JsonObject } from "../types.js";
import { azureError, unknownParameter } from "./errors.js";

export const CHAT_PARAMETERS = new Set([
  "messages",
  "model",
  "audio",
  "data_sources",
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
  "user_security_context",
  "verbosity",
]);

const ROLES = ["system", "assistant", "user", "function", "tool", "developer"];
const PART_FIELDS: Record<string, readonly string[]> = {
  text: ["type", "text"],
  image_url: ["type", "image_url"],
  input_audio: ["type", "input_audio"],
  file: ["type", "file"],
  refusal: ["type", "refusal"],
};
const MESSAGE_FIELDS = new Set([
  "annotations",
  "role",
  "content",
  "name",
  "tool_calls",
  "tool_call_id",
  "function_call",
  "refusal",
  "audio",
]);
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

function validateContentParts(content: unknown, path: string): InferenceResponse | undefined {
  if (content === null || content === undefined || typeof content === "string") return undefined;
  if (!Array.isArray(content)) {
    return azureError(
      400,
      `Invalid type for '${path}': expected one of a string or array of objects, but got an object instead.`,
      {
        param: path,
        code: "invalid_type",
      },
    );
  }
  for (const [index, part] of content.entries()) {
    const partPath = `${path}[${index}]`;
    if (!isJsonObject(part)) {
      return azureError(400, `Invalid type for '${partPath}': expected an object.`, {
        param: partPath,
        code: "invalid_type",
      });
    }
    const allowed = typeof part.type === "string" ? PART_FIELDS[part.type] : undefined;
    if (!allowed) {
      return azureError(
        400,
        `Invalid value: '${String(part.type)}'. Supported values are: 'text', 'image_url', 'input_audio', 'refusal', and 'file'.`,
        { param: `${partPath}.type`, code: "invalid_value" },
      );
    }
    for (const key of Object.keys(part))
      if (!allowed.includes(key)) return unknownParameter(`${partPath}.${key}`);
  }
  return undefined;
}

function validateMessages(messages: unknown): InferenceResponse | undefined {
  if (messages === undefined) {
    return azureError(400, "Missing required parameter: 'messages'.", {
      param: "messages",
      code: "missing_required_parameter",
    });
  }
  if (!Array.isArray(messages)) {
    return azureError(400, "Invalid type for 'messages': expected an array of objects.", {
      param: "messages",
      code: "invalid_type",
    });
  }
  if (messages.length === 0) {
    return azureError(
      400,
      "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      {
        param: "messages",
        code: "empty_array",
      },
    );
  }
  const pendingToolCalls = new Set<string>();
  for (const [index, message] of messages.entries()) {
    const path = `messages[${index}]`;
    if (!isJsonObject(message)) {
      return azureError(400, `Invalid type for '${path}': expected an object.`, {
        param: path,
        code: "invalid_type",
      });
    }
    const role = message.role;
    if (typeof role !== "string" || !ROLES.includes(role)) {
      return azureError(
        400,
        `Invalid value: '${String(role)}'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.`,
        { param: `${path}.role`, code: "invalid_value" },
      );
    }
    for (const key of Object.keys(message))
      if (!MESSAGE_FIELDS.has(key)) return unknownParameter(`${path}.${key}`);
    const partsError = validateContentParts(message.content, `${path}.content`);
    if (partsError) return partsError;
    if (role === "tool") {
      const id = message.tool_call_id;
      if (typeof id !== "string" || !pendingToolCalls.has(id)) {
        return azureError(
          400,
          "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
          { param: `${path}.role` },
        );
      }
      pendingToolCalls.delete(id);
      continue;
    }
    if (pendingToolCalls.size > 0) {
      return azureError(
        400,
        `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...pendingToolCalls].join(", ")}`,
        { param: "messages" },
      );
    }
    if (role === "assistant" && Array.isArray(message.tool_calls)) {
      for (const call of message.tool_calls)
        if (isJsonObject(call) && typeof call.id === "string") pendingToolCalls.add(call.id);
    }
  }
  if (pendingToolCalls.size > 0) {
    return azureError(
      400,
      `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...pendingToolCalls].join(", ")}`,
      { param: "messages" },
    );
  }
  return undefined;
}

function validateTools(tools: unknown): InferenceResponse | undefined {
  if (tools === undefined) return undefined;
  if (!Array.isArray(tools))
    return azureError(400, "Invalid type for 'tools': expected an array of objects.", {
      param: "tools",
      code: "invalid_type",
    });
  for (const [index, tool] of tools.entries()) {
    const path = `tools[${index}]`;
    if (!isJsonObject(tool) || tool.type !== "function" || !isJsonObject(tool.function)) {
      return azureError(
        400,
        `Invalid value for '${path}': expected an object with type 'function' and a 'function' object.`,
        {
          param: path,
          code: "invalid_value",
        },
      );
    }
    for (const key of Object.keys(tool))
      if (key !== "type" && key !== "function") return unknownParameter(`${path}.${key}`);
    const name = tool.function.name;
    if (typeof name !== "string" || !TOOL_NAME.test(name)) {
      return azureError(
        400,
        `Invalid '${path}.function.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`,
        {
          param: `${path}.function.name`,
          code: "invalid_value",
        },
      );
    }
  }
  return undefined;
}

function validateReasoningParameters(body: JsonObject, model: CatalogModel): InferenceResponse | undefined {
  if (model.reasoning) {
    if (body.max_tokens !== undefined) {
      return azureError(
        400,
        "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
        {
          param: "max_tokens",
          code: "unsupported_parameter",
        },
      );
    }
    for (const name of ["temperature", "top_p"]) {
      const value = body[name];
      if (value !== undefined && value !== null && value !== 1) {
        return azureError(
          400,
          `Unsupported value: '${name}' does not support ${JSON.stringify(value)} with this model. Only the default (1) value is supported.`,
          {
            param: name,
            code: "unsupported_value",
          },
        );
      }
    }
  } else if (body.reasoning_effort !== undefined) {
    return azureError(400, "Unsupported parameter: 'reasoning_effort' is not supported with this model.", {
      param: "reasoning_effort",
      code: "unsupported_parameter",
    });
  }
  return undefined;
}

export function validateChatBody(
  body: JsonObject,
  model: CatalogModel,
  rejectReasoningSampling: boolean,
): InferenceResponse | undefined {
  for (const key of Object.keys(body)) if (!CHAT_PARAMETERS.has(key)) return unknownParameter(key);
  if (body.stream_options !== undefined && body.stream_options !== null && body.stream !== true) {
    return azureError(400, "The 'stream_options' parameter is only allowed when 'stream' is enabled.", {
      param: "stream_options",
      code: "invalid_value",
    });
  }
  if (Array.isArray(body.stop) && body.stop.length > 4) {
    return azureError(
      400,
      "Invalid 'stop': array too long. Expected an array with maximum length 4, but got an array with length " +
        String(body.stop.length) +
        " instead.",
      {
        param: "stop",
        code: "array_above_max_length",
      },
    );
  }
  for (const name of ["max_tokens", "max_completion_tokens", "n"]) {
    const value = body[name];
    if (value !== undefined && value !== null && (!Number.isInteger(value) || (value as number) < 1)) {
      return azureError(400, `Invalid '${name}': integer below minimum value. Expected a value >= 1.`, {
        param: name,
        code: "integer_below_min_value",
      });
    }
  }
  return (
    validateMessages(body.messages) ??
    validateTools(body.tools) ??
    (rejectReasoningSampling ? validateReasoningParameters(body, model) : undefined)
  );
}
