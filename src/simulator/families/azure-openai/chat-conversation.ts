/**
 * Reads an (already validated) chat-completions body into the simulator's family-neutral
 * `Conversation`.
 */
import type { CatalogModel } from "../../catalog.js";
import type { Conversation, ToolChoice, ToolResultSummary, ToolSpec } from "../../reply.js";
import { isJsonObject, type JsonObject } from "../types.js";

function textOf(content: unknown): { text: string; attachments: number } {
  if (typeof content === "string") return { text: content, attachments: 0 };
  if (!Array.isArray(content)) return { text: "", attachments: 0 };
  let text = "";
  let attachments = 0;
  for (const part of content) {
    if (!isJsonObject(part)) continue;
    if (part.type === "text" && typeof part.text === "string") text += (text ? "\n" : "") + part.text;
    else attachments += 1;
  }
  return { text, attachments };
}

function toolChoiceOf(value: unknown): ToolChoice {
  if (value === "none") return { type: "none" };
  if (value === "required") return { type: "required" };
  if (isJsonObject(value) && isJsonObject(value.function) && typeof value.function.name === "string") {
    return { type: "tool", name: value.function.name };
  }
  return { type: "auto" };
}

export function chatConversation(body: JsonObject, model: CatalogModel): Conversation {
  const messages = (body.messages as unknown[]).filter(isJsonObject);
  const lastUser = [...messages].reverse().find((message) => message.role === "user");
  const { text, attachments } = textOf(lastUser?.content);

  const toolResults: ToolResultSummary[] = [];
  const toolNames = new Map<string, string>();
  for (const message of messages) {
    if (message.role === "assistant" && Array.isArray(message.tool_calls)) {
      for (const call of message.tool_calls) {
        if (isJsonObject(call) && typeof call.id === "string" && isJsonObject(call.function)) {
          toolNames.set(call.id, String(call.function.name));
        }
      }
    }
  }
  for (let index = messages.length - 1; index >= 0 && messages[index]?.role === "tool"; index -= 1) {
    const message = messages[index] as JsonObject;
    const name = toolNames.get(String(message.tool_call_id));
    toolResults.unshift({ ...(name ? { name } : {}), content: textOf(message.content).text });
  }

  const tools: ToolSpec[] = Array.isArray(body.tools)
    ? body.tools
        .filter(isJsonObject)
        .flatMap((tool) =>
          isJsonObject(tool.function)
            ? [{ name: String(tool.function.name), schema: tool.function.parameters }]
            : [],
        )
    : [];
  const stop = body.stop;
  const maxOutput = body.max_completion_tokens ?? body.max_tokens;
  return {
    lastUserText: text,
    attachments,
    toolResults,
    tools,
    toolChoice: toolChoiceOf(body.tool_choice),
    thinking: model.reasoning === true,
    maxOutputTokens: typeof maxOutput === "number" ? maxOutput : model.maxOutputTokens,
    stopSequences:
      typeof stop === "string"
        ? [stop]
        : Array.isArray(stop)
          ? stop.filter((item) => typeof item === "string")
          : [],
  };
}
