/**
 * IR messages -> azure-openai chat messages (https://platform.openai.com/docs/api-reference/chat):
 * system blocks become one `system` message (reasoning models take it too: Azure treats it as
 * `developer`); user blocks become `text`, `image_url` (data URL or URL) and `file` (PDF) parts;
 * assistant text and tool calls become `content` + `tool_calls` with JSON-string arguments; tool
 * results become `tool` messages right after the assistant turn (Azure rejects anything in
 * between), and images inside tool results, which `tool` messages cannot carry, follow in one user
 * message. Thinking blocks are dropped: their signatures are only valid for the model that wrote
 * them. Cache markers have no equivalent and are left out.
 */
import { ProxyError } from "../../errors/proxy-error.js";
import type {
  IrContentBlock,
  IrImageBlock,
  IrMediaSource,
  IrMessage,
  IrTextBlock,
  IrToolResultBlock,
  JsonObject,
} from "../../ir/request.js";

type ChatMessage = JsonObject;
type ContentPart = JsonObject;

function dataUrl(mediaType: string, data: string): string {
  return `data:${mediaType};base64,${data}`;
}

function imagePart(source: IrMediaSource): ContentPart {
  const url = source.kind === "base64" ? dataUrl(source.mediaType, source.data) : source.url;
  return { type: "image_url", image_url: { url } };
}

function titled(title: string | undefined, text: string): string {
  return title ? `${title}\n\n${text}` : text;
}

function documentPart(block: Extract<IrContentBlock, { type: "document" }>): ContentPart {
  const { source, title } = block;
  if (source.kind === "text") return { type: "text", text: titled(title, source.text) };
  if (source.kind === "base64") {
    if (source.mediaType.startsWith("text/")) {
      return { type: "text", text: titled(title, Buffer.from(source.data, "base64").toString("utf8")) };
    }
    return {
      type: "file",
      file: { filename: title ?? "document.pdf", file_data: dataUrl(source.mediaType, source.data) },
    };
  }
  throw new ProxyError(
    "invalid_request",
    400,
    "document blocks with a URL source are not supported for this model; send the document as base64",
  );
}

/** Content parts of a user turn (tool results are handled separately). */
function userPart(block: IrContentBlock): ContentPart | undefined {
  switch (block.type) {
    case "text":
      return { type: "text", text: block.text };
    case "image":
      return imagePart(block.source);
    case "document":
      return documentPart(block);
    default:
      return undefined;
  }
}

/** A lone text part is sent as a plain string, the shape every OpenAI-compatible upstream takes. */
function contentOf(parts: ContentPart[]): string | ContentPart[] {
  const [first] = parts;
  return parts.length === 1 && first?.type === "text" && typeof first.text === "string" ? first.text : parts;
}

const ERROR_PREFIX = /^\s*(<tool_use_error>|error\b)/i;

/** The text of a tool message; `is_error` has no OpenAI field, so it is said in words. */
function toolText(result: IrToolResultBlock): string {
  const texts = result.content.filter((block): block is IrTextBlock => block.type === "text");
  const images = result.content.length - texts.length;
  let text = texts.map((block) => block.text).join("\n");
  if (images > 0) {
    const note = `(${images} image${images === 1 ? "" : "s"} attached in the next user message)`;
    text = text ? `${text}\n${note}` : note;
  }
  if (result.isError && !ERROR_PREFIX.test(text)) text = text ? `Error: ${text}` : "Error";
  return text;
}

function userMessages(message: IrMessage): ChatMessage[] {
  const out: ChatMessage[] = [];
  const parts: ContentPart[] = [];
  for (const block of message.content) {
    if (block.type !== "tool-result") continue;
    out.push({ role: "tool", tool_call_id: block.toolCallId, content: toolText(block) });
    const images = block.content.filter((item): item is IrImageBlock => item.type === "image");
    if (images.length > 0) {
      parts.push({ type: "text", text: `Image output of tool call ${block.toolCallId}:` });
      for (const image of images) parts.push(imagePart(image.source));
    }
  }
  for (const block of message.content) {
    const part = userPart(block);
    if (part) parts.push(part);
  }
  if (parts.length > 0) out.push({ role: "user", content: contentOf(parts) });
  return out;
}

function assistantMessage(message: IrMessage): ChatMessage | undefined {
  const texts: string[] = [];
  const calls: JsonObject[] = [];
  for (const block of message.content) {
    if (block.type === "text" && block.text !== "") texts.push(block.text);
    if (block.type === "tool-call") {
      calls.push({
        id: block.id,
        type: "function",
        function: { name: block.name, arguments: JSON.stringify(block.input) },
      });
    }
  }
  if (texts.length === 0 && calls.length === 0) return undefined;
  return {
    role: "assistant",
    content: texts.length > 0 ? texts.join("\n\n") : null,
    ...(calls.length > 0 ? { tool_calls: calls } : {}),
  };
}

export function chatMessages(system: IrTextBlock[], messages: IrMessage[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  const systemText = system
    .map((block) => block.text)
    .filter((text) => text !== "")
    .join("\n\n");
  if (systemText) out.push({ role: "system", content: systemText });
  for (const message of messages) {
    if (message.role === "user") out.push(...userMessages(message));
    else {
      const assistant = assistantMessage(message);
      if (assistant) out.push(assistant);
    }
  }
  return out;
}
