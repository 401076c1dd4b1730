/**
 * IR messages -> Gemini `contents` (https://cloud.google.com/vertex-ai/generative-ai/docs/reference/rest/v1/Content;
 * reference section 4.3), shaped so Vertex's checks pass (the simulator's `validation.ts`):
 * - roles `user` and `model`; consecutive turns of one role are merged, empty turns dropped, and
 *   no part carries empty text (Vertex rejects an empty `text`);
 * - tool results become `functionResponse` parts `{name, response: {content}}` (`{error}` for
 *   failed calls), first in their user turn, so the function-response turn follows its
 *   function-call turn with as many parts as there were calls; no `id` (SAP's Vertex rejects
 *   it; aicore-router strips it too); images returned by a tool follow as `inlineData`;
 * - images and documents become `inlineData` (base64) or `fileData` (URL) parts, plain-text
 *   documents text parts;
 * - a thinking block signed by Gemini gives its `thoughtSignature` to the next `functionCall`
 *   part (thought-signatures.ts); thinking text is not sent back (Gemini takes signatures, not
 *   thoughts), and thinking signed by other models is dropped.
 */
import { isJsonObject } from "../../ir/json.js";
import type {
  IrDocumentBlock,
  IrMediaSource,
  IrMessage,
  IrToolResultBlock,
  JsonObject,
} from "../../ir/request.js";
import { thoughtSignatureOf } from "./thought-signatures.js";

export type GeminiPart = JsonObject;

export type GeminiContent = { role: "user" | "model"; parts: GeminiPart[] };

const MEDIA_TYPES: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  heic: "image/heic",
  heif: "image/heif",
  pdf: "application/pdf",
};

/** The media type of a URL source: given, or guessed from the file extension. */
function urlMediaType(url: string, fallback: string): string {
  const extension = /\.([a-z0-9]+)(?:[?#].*)?$/i.exec(url)?.[1]?.toLowerCase();
  return (extension && MEDIA_TYPES[extension]) || fallback;
}

function mediaPart(source: IrMediaSource, fallback: string): GeminiPart {
  if (source.kind === "base64") return { inlineData: { mimeType: source.mediaType, data: source.data } };
  return {
    fileData: { mimeType: source.mediaType ?? urlMediaType(source.url, fallback), fileUri: source.url },
  };
}

function titled(title: string | undefined, text: string): string {
  return title ? `${title}\n\n${text}` : text;
}

function documentPart(block: IrDocumentBlock): GeminiPart {
  const { source, title } = block;
  if (source.kind === "text") return { text: titled(title, source.text) };
  if (source.kind === "base64" && source.mediaType.startsWith("text/"))
    return { text: titled(title, Buffer.from(source.data, "base64").toString("utf8")) };
  return mediaPart(source, "application/pdf");
}

function textPart(text: string): GeminiPart[] {
  return text === "" ? [] : [{ text }];
}

/** `functionResponse.response`: the tool's text as `content`, or as `error` when the call failed. */
function functionResponse(result: IrToolResultBlock, name: string): GeminiPart {
  const text = result.content
    .map((block) => (block.type === "text" ? block.text : ""))
    .filter((item) => item !== "")
    .join("\n");
  return { functionResponse: { name, response: result.isError ? { error: text } : { content: text } } };
}

function userParts(message: IrMessage, names: ReadonlyMap<string, string>): GeminiPart[] {
  const responses: GeminiPart[] = [];
  const toolImages: GeminiPart[] = [];
  const parts: GeminiPart[] = [];
  for (const block of message.content) {
    switch (block.type) {
      case "tool-result": {
        const name = block.toolName ?? names.get(block.toolCallId) ?? block.toolCallId;
        responses.push(functionResponse(block, name));
        for (const item of block.content)
          if (item.type === "image") toolImages.push(mediaPart(item.source, "image/png"));
        break;
      }
      case "text":
        parts.push(...textPart(block.text));
        break;
      case "image":
        parts.push(mediaPart(block.source, "image/jpeg"));
        break;
      case "document":
        parts.push(documentPart(block));
        break;
      default:
        break;
    }
  }
  return [...responses, ...toolImages, ...parts];
}

function modelParts(message: IrMessage): GeminiPart[] {
  const parts: GeminiPart[] = [];
  let signature: string | undefined;
  for (const block of message.content) {
    switch (block.type) {
      case "thinking":
        signature = thoughtSignatureOf(block.signature) ?? signature;
        break;
      case "text":
        parts.push(...textPart(block.text));
        break;
      case "tool-call":
        parts.push({
          functionCall: { name: block.name, args: isJsonObject(block.input) ? block.input : {} },
          ...(signature ? { thoughtSignature: signature } : {}),
        });
        signature = undefined;
        break;
      default:
        break;
    }
  }
  return parts;
}

/** Tool-call id -> tool name over the whole history (Anthropic tool results carry no name). */
function toolNames(messages: readonly IrMessage[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const message of messages)
    for (const block of message.content) if (block.type === "tool-call") names.set(block.id, block.name);
  return names;
}

export function geminiContents(messages: readonly IrMessage[]): GeminiContent[] {
  const names = toolNames(messages);
  const contents: GeminiContent[] = [];
  for (const message of messages) {
    const role = message.role === "assistant" ? "model" : "user";
    const parts = role === "model" ? modelParts(message) : userParts(message, names);
    if (parts.length === 0) continue;
    const previous = contents[contents.length - 1];
    if (previous?.role === role) previous.parts.push(...parts);
    else contents.push({ role, parts });
  }
  return contents;
}
