/**
 * `POST /v1/messages/count_tokens` without a tokenizer: SAP AI Core has no token counter, so the
 * gateway estimates, biased high (peers-and-client-contracts section 3.1 and section 4 item
 * D.15: an undercount makes Claude Code compact too late and hit "prompt is too long"). Every
 * block type counts: system, text, tools with their schemas, tool_use input, tool_result content,
 * images, documents, thinking (with its signature) and redacted thinking.
 *
 * Text costs the larger of two estimates: characters / 3.5, and word pieces (a run of letters or
 * digits costs one token per four characters, every other visible character one token; CJK
 * characters one token each). Images cost a fixed 1600 tokens (Anthropic's cost of a 1.15
 * megapixel image, the largest it does not downscale); PDFs at least 3000 or one token per 20
 * bytes; plus fixed overheads per message, block and tool and for the tool-use system prompt.
 */
import { isRecord } from "../../ir/json.js";

type Json = Record<string, unknown>;

export const IMAGE_TOKENS = 1600;
const DOCUMENT_MIN_TOKENS = 3000;
const DOCUMENT_BYTES_PER_TOKEN = 20;
const REQUEST_OVERHEAD = 10;
const SYSTEM_OVERHEAD = 5;
const MESSAGE_OVERHEAD = 5;
const BLOCK_OVERHEAD = 3;
const TOOL_OVERHEAD = 10;
/** Anthropic's tool-use system prompt is 300-350 tokens depending on the model. */
const TOOLS_PREAMBLE = 350;
const LONG_BLOB = /^[A-Za-z0-9+/=_-]{512,}$/;
const PIECE = /[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

export function estimateTextTokens(text: string): number {
  if (text === "") return 0;
  if (LONG_BLOB.test(text)) return Math.max(IMAGE_TOKENS, Math.ceil(text.length / 3.5));
  let pieces = 0;
  for (const match of text.matchAll(PIECE)) {
    const piece = match[0];
    pieces += CJK.test(piece) ? [...piece].length : Math.max(1, Math.ceil(piece.length / 4));
  }
  return Math.max(pieces, Math.ceil(text.length / 3.5));
}

/** Every string in a JSON value (keys included: schemas spell their property names there). */
function jsonTokens(value: unknown): number {
  if (value === undefined) return 0;
  return estimateTextTokens(typeof value === "string" ? value : JSON.stringify(value));
}

function mediaTokens(block: Json): number {
  const source = isRecord(block.source) ? block.source : {};
  if (block.type === "image") return IMAGE_TOKENS;
  if (source.type === "text" && typeof source.data === "string") return estimateTextTokens(source.data);
  if (source.type === "content") return contentTokens(source.content);
  if (source.type === "base64" && typeof source.data === "string") {
    const bytes = Math.floor((source.data.length * 3) / 4);
    return Math.max(DOCUMENT_MIN_TOKENS, Math.ceil(bytes / DOCUMENT_BYTES_PER_TOKEN));
  }
  return DOCUMENT_MIN_TOKENS;
}

function blockTokens(block: unknown): number {
  if (typeof block === "string") return estimateTextTokens(block);
  if (!isRecord(block)) return jsonTokens(block);
  let total = BLOCK_OVERHEAD;
  switch (block.type) {
    case "image":
    case "document":
      total += mediaTokens(block);
      if (typeof block.title === "string") total += estimateTextTokens(block.title);
      if (typeof block.context === "string") total += estimateTextTokens(block.context);
      return total;
    case "text":
      return total + jsonTokens(block.text);
    case "thinking":
      return total + jsonTokens(block.thinking) + jsonTokens(block.signature);
    case "redacted_thinking":
      return total + jsonTokens(block.data);
    case "tool_use":
      return total + jsonTokens(block.name) + jsonTokens(block.id) + jsonTokens(block.input ?? {});
    case "tool_result":
      return total + jsonTokens(block.tool_use_id) + contentTokens(block.content);
    default: {
      // Server tool blocks, search results and whatever comes next: all their text.
      const { type: _type, cache_control: _cache, ...rest } = block;
      return total + jsonTokens(rest);
    }
  }
}

function contentTokens(content: unknown): number {
  if (content === undefined || content === null) return 0;
  if (typeof content === "string") return estimateTextTokens(content);
  if (!Array.isArray(content)) return jsonTokens(content);
  return content.reduce((sum: number, block) => sum + blockTokens(block), 0);
}

function toolTokens(tool: unknown): number {
  if (!isRecord(tool)) return jsonTokens(tool);
  const { cache_control: _cache, ...rest } = tool;
  return TOOL_OVERHEAD + jsonTokens(rest);
}

/** The estimated `input_tokens` of an Anthropic Messages request body. */
export function estimateInputTokens(body: Json): number {
  let total = REQUEST_OVERHEAD;
  if (body.system !== undefined && body.system !== null)
    total += SYSTEM_OVERHEAD + contentTokens(body.system);
  if (Array.isArray(body.messages)) {
    for (const message of body.messages) {
      total += MESSAGE_OVERHEAD;
      total += isRecord(message) ? contentTokens(message.content) : jsonTokens(message);
    }
  }
  if (Array.isArray(body.tools) && body.tools.length > 0) {
    total += TOOLS_PREAMBLE;
    for (const tool of body.tools) total += toolTokens(tool);
  }
  if (isRecord(body.tool_choice)) total += jsonTokens(body.tool_choice);
  return total;
}
