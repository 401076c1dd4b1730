/**
 * Anthropic content blocks -> IR content blocks (https://docs.claude.com/en/api/messages):
 * text, image (base64 or URL source), document (base64, URL, plain text or content source),
 * tool_use, tool_result (string or blocks, `is_error`), thinking with its signature and
 * redacted_thinking. Blocks produced by Anthropic's server tools (web search, code execution, ...)
 * only make sense to Claude and are dropped; any other type is rejected with a 400.
 */
import { isJsonObject } from "../../ir/json.js";
import type {
  IrContentBlock,
  IrDocumentBlock,
  IrImageBlock,
  IrMediaSource,
  IrTextBlock,
  JsonObject,
} from "../../ir/request.js";
import {
  arrayAt,
  cacheMarkerAt,
  invalidField,
  objectAt,
  optionalBoolean,
  optionalString,
  stringAt,
  withCache,
} from "./ir-request-fields.js";

/** Result blocks of Anthropic-hosted tools: history from a Claude turn, meaningless to other models. */
const SERVER_TOOL_BLOCKS = new Set([
  "server_tool_use",
  "web_search_tool_result",
  "web_fetch_tool_result",
  "code_execution_tool_result",
  "bash_code_execution_tool_result",
  "text_editor_code_execution_tool_result",
  "tool_search_tool_result",
  "mcp_tool_use",
  "mcp_tool_result",
  "container_upload",
]);

function mediaSource(value: unknown, path: string): IrMediaSource {
  const source = objectAt(value, path);
  if (source.type === "base64") {
    return {
      kind: "base64",
      mediaType: stringAt(source.media_type, `${path}.media_type`),
      data: stringAt(source.data, `${path}.data`),
    };
  }
  if (source.type === "url") return { kind: "url", url: stringAt(source.url, `${path}.url`) };
  throw invalidField(
    `${path}.type`,
    `unsupported source type ${JSON.stringify(source.type ?? null)} (expected 'base64' or 'url')`,
  );
}

function textBlock(block: JsonObject, path: string): IrTextBlock {
  return {
    type: "text",
    text: stringAt(block.text, `${path}.text`),
    ...withCache(cacheMarkerAt(block.cache_control, `${path}.cache_control`)),
  };
}

function imageBlock(block: JsonObject, path: string): IrImageBlock {
  return {
    type: "image",
    source: mediaSource(block.source, `${path}.source`),
    ...withCache(cacheMarkerAt(block.cache_control, `${path}.cache_control`)),
  };
}

function documentSource(value: unknown, path: string): IrDocumentBlock["source"] {
  const source = objectAt(value, path);
  if (source.type === "text") return { kind: "text", text: stringAt(source.data, `${path}.data`) };
  if (source.type === "content") {
    const content = source.content;
    if (typeof content === "string") return { kind: "text", text: content };
    const texts = arrayAt(content, `${path}.content`).map((item, index) => {
      const itemPath = `${path}.content.${index}`;
      const block = objectAt(item, itemPath);
      if (block.type !== "text") throw invalidField(`${itemPath}.type`, "expected 'text'");
      return stringAt(block.text, `${itemPath}.text`);
    });
    return { kind: "text", text: texts.join("\n") };
  }
  return mediaSource(source, path);
}

function documentBlock(block: JsonObject, path: string): IrDocumentBlock {
  const title = optionalString(block.title, `${path}.title`);
  return {
    type: "document",
    source: documentSource(block.source, `${path}.source`),
    ...(title !== undefined ? { title } : {}),
    ...withCache(cacheMarkerAt(block.cache_control, `${path}.cache_control`)),
  };
}

/** `tool_result.content`: a string or text / image blocks (plain-text documents become text). */
function toolResultContent(value: unknown, path: string): (IrTextBlock | IrImageBlock)[] {
  if (value === undefined || value === null) return [];
  if (typeof value === "string") return value === "" ? [] : [{ type: "text", text: value }];
  return arrayAt(value, path).map((item, index) => {
    const itemPath = `${path}.${index}`;
    const block = objectAt(item, itemPath);
    switch (block.type) {
      case "text":
        return textBlock(block, itemPath);
      case "image":
        return imageBlock(block, itemPath);
      case "document": {
        const document = documentBlock(block, itemPath);
        if (document.source.kind !== "text")
          throw invalidField(`${itemPath}.source`, "only plain-text documents are supported in tool results");
        return { type: "text", text: document.source.text };
      }
      default:
        throw invalidField(
          `${itemPath}.type`,
          `unsupported tool_result content type ${JSON.stringify(block.type ?? null)}`,
        );
    }
  });
}

/** One content block; undefined for blocks that are dropped (server tool history). */
export function contentBlock(value: unknown, path: string): IrContentBlock | undefined {
  const block = objectAt(value, path);
  const type = block.type;
  const cache = () => withCache(cacheMarkerAt(block.cache_control, `${path}.cache_control`));
  switch (type) {
    case "text":
      return textBlock(block, path);
    case "image":
      return imageBlock(block, path);
    case "document":
      return documentBlock(block, path);
    case "tool_use": {
      const input = block.input ?? {};
      if (!isJsonObject(input)) throw invalidField(`${path}.input`, "expected an object");
      return {
        type: "tool-call",
        id: stringAt(block.id, `${path}.id`),
        name: stringAt(block.name, `${path}.name`),
        input,
        ...cache(),
      };
    }
    case "tool_result": {
      const isError = optionalBoolean(block.is_error, `${path}.is_error`);
      return {
        type: "tool-result",
        toolCallId: stringAt(block.tool_use_id, `${path}.tool_use_id`),
        content: toolResultContent(block.content, `${path}.content`),
        ...(isError !== undefined ? { isError } : {}),
        ...cache(),
      };
    }
    case "thinking": {
      const signature = optionalString(block.signature, `${path}.signature`);
      return {
        type: "thinking",
        text: stringAt(block.thinking, `${path}.thinking`),
        ...(signature !== undefined ? { signature } : {}),
      };
    }
    case "redacted_thinking":
      return { type: "redacted-thinking", data: stringAt(block.data, `${path}.data`) };
    default:
      if (typeof type === "string" && SERVER_TOOL_BLOCKS.has(type)) return undefined;
      throw invalidField(`${path}.type`, `unsupported content block type ${JSON.stringify(type ?? null)}`);
  }
}

/** Message content: a string (one text block) or a list of blocks. */
export function messageContent(value: unknown, path: string): IrContentBlock[] {
  if (typeof value === "string") return [{ type: "text", text: value }];
  const blocks: IrContentBlock[] = [];
  for (const [index, item] of arrayAt(value, path).entries()) {
    const block = contentBlock(item, `${path}.${index}`);
    if (block) blocks.push(block);
  }
  return blocks;
}
