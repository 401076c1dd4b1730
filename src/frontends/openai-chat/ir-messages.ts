/**
 * OpenAI chat `messages` -> IR system blocks and messages
 * (https://platform.openai.com/docs/api-reference/chat/create): `system` and `developer` turns
 * become system blocks in order; user parts (text, `image_url` as data URL or http(s) URL, `file`
 * data) become content blocks; assistant `tool_calls` become tool-call blocks with parsed
 * arguments; `tool` turns become tool results in one user turn, named from the history. An
 * assistant's `reasoning_content` is kept only when its signed thinking can be recovered (from
 * `thinking_blocks`, LiteLLM's field, or the gateway's memory of its own answers): an unsigned
 * thinking block would be rejected upstream.
 */
import type {
  IrContentBlock,
  IrDocumentBlock,
  IrImageBlock,
  IrMessage,
  IrRedactedThinkingBlock,
  IrTextBlock,
  IrThinkingBlock,
  JsonObject,
} from "../../ir/request.js";
import { cacheMarker, invalid, objectAt, optionalString, parseArguments, stringAt } from "./ir-checks.js";

export type RecoveredThinking = IrThinkingBlock | IrRedactedThinkingBlock;

export interface MessageDecodeOptions {
  /** Signed thinking the gateway returned with this exact `reasoning_content`, if it remembers. */
  recallThinking?: (reasoning: string) => RecoveredThinking[] | undefined;
}

export interface DecodedMessages {
  system: IrTextBlock[];
  messages: IrMessage[];
}

const DATA_URL = /^data:([^;,]+)?((?:;[^;,]+)*?)(;base64)?,(.*)$/s;

function dataUrl(url: string, param: string): { mediaType: string; data: string } | undefined {
  const match = DATA_URL.exec(url);
  if (!match) return undefined;
  if (!match[3]) throw invalid(param, "data URLs must be base64-encoded");
  const mediaType = (match[1] ?? "application/octet-stream").toLowerCase();
  return { mediaType: mediaType === "image/jpg" ? "image/jpeg" : mediaType, data: match[4] ?? "" };
}

function imageBlock(part: JsonObject, param: string): IrImageBlock {
  const raw = part.image_url;
  const url =
    typeof raw === "string"
      ? raw
      : stringAt(objectAt(raw, `${param}.image_url`).url, `${param}.image_url.url`);
  const inline = dataUrl(url, `${param}.image_url.url`);
  if (inline)
    return { type: "image", source: { kind: "base64", ...inline }, ...cacheMarker(part.cache_control) };
  if (/^https?:\/\//i.test(url))
    return { type: "image", source: { kind: "url", url }, ...cacheMarker(part.cache_control) };
  throw invalid(`${param}.image_url.url`, "expected a data: URL or an http(s) URL");
}

function fileBlock(part: JsonObject, param: string): IrDocumentBlock {
  const file = objectAt(part.file, `${param}.file`);
  const title = optionalString(file.filename, `${param}.file.filename`);
  const data = optionalString(file.file_data, `${param}.file.file_data`);
  if (data === undefined)
    throw invalid(`${param}.file`, "only inline file_data is supported for this model, not file_id");
  const inline = dataUrl(data, `${param}.file.file_data`) ?? { mediaType: "application/pdf", data };
  const source: IrDocumentBlock["source"] =
    inline.mediaType === "text/plain"
      ? { kind: "text", text: Buffer.from(inline.data, "base64").toString("utf8") }
      : { kind: "base64", ...inline };
  return { type: "document", source, ...(title ? { title } : {}), ...cacheMarker(part.cache_control) };
}

type PartKind = "text" | "user" | "assistant";

/** Content (string or parts) as IR blocks; `kind` decides which part types are allowed. */
function contentBlocks(content: unknown, param: string, kind: PartKind): IrContentBlock[] {
  if (content === undefined || content === null) return [];
  if (typeof content === "string") return [{ type: "text", text: content }];
  if (!Array.isArray(content)) throw invalid(param, "expected a string or an array of content parts");
  return content.map((value: unknown, index): IrContentBlock => {
    const at = `${param}[${index}]`;
    const part = objectAt(value, at);
    if (part.type === "text")
      return { type: "text", text: stringAt(part.text, `${at}.text`), ...cacheMarker(part.cache_control) };
    if (kind === "assistant" && part.type === "refusal")
      return { type: "text", text: stringAt(part.refusal, `${at}.refusal`) };
    if (kind === "user" && part.type === "image_url") return imageBlock(part, at);
    if (kind === "user" && part.type === "file") return fileBlock(part, at);
    throw invalid(
      `${at}.type`,
      `content part type ${JSON.stringify(part.type)} is not supported here for this model`,
    );
  });
}

function markLast(blocks: IrContentBlock[], marker: unknown): IrContentBlock[] {
  const { cache } = cacheMarker(marker);
  const last = blocks[blocks.length - 1];
  if (cache && last && last.type !== "thinking" && last.type !== "redacted-thinking") last.cache = cache;
  return blocks;
}

function thinkingBlocks(
  message: JsonObject,
  param: string,
  options: MessageDecodeOptions,
): RecoveredThinking[] {
  if (Array.isArray(message.thinking_blocks)) {
    return message.thinking_blocks.flatMap((value: unknown, index): RecoveredThinking[] => {
      const block = objectAt(value, `${param}.thinking_blocks[${index}]`);
      if (block.type === "redacted_thinking" && typeof block.data === "string")
        return [{ type: "redacted-thinking", data: block.data }];
      if (
        block.type === "thinking" &&
        typeof block.thinking === "string" &&
        typeof block.signature === "string" &&
        block.signature !== ""
      )
        return [{ type: "thinking", text: block.thinking, signature: block.signature }];
      return [];
    });
  }
  const reasoning = optionalString(message.reasoning_content, `${param}.reasoning_content`);
  return (reasoning && options.recallThinking?.(reasoning)) || [];
}

function assistantBlocks(
  message: JsonObject,
  param: string,
  options: MessageDecodeOptions,
  names: Map<string, string>,
): IrContentBlock[] {
  const blocks: IrContentBlock[] = [...thinkingBlocks(message, param, options)];
  blocks.push(
    ...markLast(contentBlocks(message.content, `${param}.content`, "assistant"), message.cache_control),
  );
  const calls = message.tool_calls;
  if (calls === undefined || calls === null) return blocks;
  if (!Array.isArray(calls)) throw invalid(`${param}.tool_calls`, "expected an array");
  calls.forEach((value: unknown, index) => {
    const at = `${param}.tool_calls[${index}]`;
    const call = objectAt(value, at);
    const fn = objectAt(call.function, `${at}.function`);
    const id = stringAt(call.id, `${at}.id`);
    const name = stringAt(fn.name, `${at}.function.name`);
    const args =
      fn.arguments === undefined || fn.arguments === null
        ? ""
        : stringAt(fn.arguments, `${at}.function.arguments`);
    names.set(id, name);
    blocks.push({ type: "tool-call", id, name, input: parseArguments(args, `${at}.function.arguments`) });
  });
  return blocks;
}

export function decodeMessages(value: unknown, options: MessageDecodeOptions = {}): DecodedMessages {
  if (!Array.isArray(value) || value.length === 0)
    throw invalid("messages", "expected a non-empty array of messages");
  const system: IrTextBlock[] = [];
  const messages: IrMessage[] = [];
  const names = new Map<string, string>();
  value.forEach((item: unknown, index) => {
    const param = `messages[${index}]`;
    const message = objectAt(item, param);
    switch (message.role) {
      case "system":
      case "developer":
        for (const block of markLast(
          contentBlocks(message.content, `${param}.content`, "text"),
          message.cache_control,
        ))
          if (block.type === "text") system.push(block);
        return;
      case "user":
        messages.push({
          role: "user",
          content: markLast(
            contentBlocks(message.content, `${param}.content`, "user"),
            message.cache_control,
          ),
        });
        return;
      case "assistant":
        messages.push({ role: "assistant", content: assistantBlocks(message, param, options, names) });
        return;
      case "tool": {
        const toolCallId = stringAt(message.tool_call_id, `${param}.tool_call_id`);
        const content = contentBlocks(message.content, `${param}.content`, "text").filter(
          (block): block is IrTextBlock => block.type === "text",
        );
        const toolName = names.get(toolCallId);
        const result: IrContentBlock = {
          type: "tool-result",
          toolCallId,
          ...(toolName ? { toolName } : {}),
          content,
          ...cacheMarker(message.cache_control),
        };
        const previous = messages[messages.length - 1];
        if (previous?.role === "user" && previous.content.every((block) => block.type === "tool-result"))
          previous.content.push(result);
        else messages.push({ role: "user", content: [result] });
        return;
      }
      case "function":
        throw invalid(`${param}.role`, "the legacy 'function' role is not supported; use tool messages");
      default:
        throw invalid(`${param}.role`, "expected one of system, developer, user, assistant, tool");
    }
  });
  return { system, messages };
}
