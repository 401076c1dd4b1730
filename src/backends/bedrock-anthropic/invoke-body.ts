/**
 * An Anthropic Messages request body -> the body SAP AI Core's Bedrock `/invoke` and
 * `/invoke-with-response-stream` accept (reference sap-ai-core-wire-formats section 4.2.2;
 * peers-and-client-contracts section 3.1 and section 4 items A.1-A.5, B.8, C.10). A passthrough
 * that removes only what SAP rejects and keeps every feature (prompt caching, thinking, tools,
 * images, documents, metadata, output_config):
 * - `anthropic_version: bedrock-2023-05-31`; no `model`, `stream` or other keys outside Bedrock's
 *   allow-list (`context_management` included: SAP rejects it);
 * - `role: "system"` messages moved into `system`, after its own blocks, in order;
 * - `anthropic-beta` header values into `anthropic_beta` through the beta table (betas.ts);
 * - `cache_control` reduced to `type` and `ttl` everywhere (Claude Code's `scope` is rejected);
 * - server tools Bedrock does not run (web search, web fetch, code execution...) removed, with a
 *   `tool_choice` naming one of them; custom tools reduced to Bedrock's fields;
 * - empty text blocks removed, and messages left empty by that;
 * - a thinking budget kept at least 1024 and below `max_tokens` (raising `max_tokens` up to the
 *   model's ceiling, else lowering the budget; thinking is turned off when neither fits).
 * Strings are never rewritten, so thinking signatures travel byte-exact.
 */
import { isRecord } from "../../ir/json.js";
import { isGatewaySignature } from "../../ir/gateway-signatures.js";
import { selectBedrockBetas } from "./betas.js";

type Json = Record<string, unknown>;

export const BEDROCK_ANTHROPIC_VERSION = "bedrock-2023-05-31";
const MIN_THINKING_BUDGET = 1024;

const TOP_LEVEL_FIELDS = [
  "anthropic_beta",
  "max_tokens",
  "messages",
  "system",
  "stop_sequences",
  "temperature",
  "top_p",
  "top_k",
  "tools",
  "tool_choice",
  "thinking",
  "metadata",
  "output_config",
];
const OBJECT_FIELDS: Record<string, readonly string[]> = {
  metadata: ["user_id"],
  output_config: ["effort", "format"],
};
const BLOCK_FIELDS: Record<string, readonly string[]> = {
  text: ["type", "text", "cache_control", "citations"],
  image: ["type", "source", "cache_control"],
  document: ["type", "source", "title", "context", "citations", "cache_control"],
  tool_use: ["type", "id", "name", "input", "cache_control"],
  tool_result: ["type", "tool_use_id", "content", "is_error", "cache_control"],
  thinking: ["type", "thinking", "signature"],
  redacted_thinking: ["type", "data"],
};
const CUSTOM_TOOL_FIELDS = ["type", "name", "description", "input_schema", "cache_control"];
/** Anthropic-defined client tools Bedrock serves; every other typed tool is a server tool. */
const CLIENT_TOOL_PREFIXES = ["bash_", "text_editor_", "computer_"];

export interface InvokeBodyOptions {
  /** `anthropic-beta` values the client sent (header values split at commas). */
  betas: readonly string[];
  /** `bedrock_betas` from config.json. */
  betaOverrides?: Readonly<Record<string, string | null>>;
  /** The most `max_tokens` may be raised to (model-limits.ts); no raise when unknown. */
  outputCeiling?: number;
}

export interface InvokeBody {
  body: Json;
  /** Whether the client asked for a stream (`/invoke-with-response-stream`). */
  stream: boolean;
  /** What was removed (JSON paths, `anthropic-beta` values), for the debug log. */
  dropped: string[];
  /** What was changed, for the debug log. */
  adjusted: string[];
}

class Sanitiser {
  readonly dropped: string[] = [];
  readonly adjusted: string[] = [];
  droppedForeignThinking = false;

  /**
   * With thinking on, Claude requires the last assistant turn that calls tools to start with a
   * thinking block; when that block came from another model family and was dropped, thinking is
   * turned off for this request instead of failing it.
   */
  thinkingAfterForeignTurns(body: Json): void {
    if (!this.droppedForeignThinking || !isRecord(body.thinking) || body.thinking.type === "disabled") return;
    const messages = Array.isArray(body.messages) ? body.messages.filter(isRecord) : [];
    const lastAssistant = [...messages].reverse().find((message) => message.role === "assistant");
    const content = Array.isArray(lastAssistant?.content) ? lastAssistant.content.filter(isRecord) : [];
    const callsTools = content.some((block) => block.type === "tool_use");
    const first = content[0]?.type;
    if (callsTools && first !== "thinking" && first !== "redacted_thinking") {
      delete body.thinking;
      this.adjusted.push(
        "thinking turned off (the last tool turn's thinking came from another model family)",
      );
    }
  }

  /** Keeps only `type` and `ttl` of a `cache_control`. */
  cacheControl(value: unknown, path: string): unknown {
    if (!isRecord(value)) return value;
    const kept: Json = {};
    for (const [key, inner] of Object.entries(value)) {
      if (key === "type" || key === "ttl") kept[key] = inner;
      else this.dropped.push(`${path}.cache_control.${key}`);
    }
    return kept;
  }

  /** One content block; undefined when it is removed (an empty text block). */
  block(value: unknown, path: string): unknown {
    if (!isRecord(value)) return value;
    if (value.type === "text" && typeof value.text === "string" && value.text.trim() === "") {
      this.dropped.push(`${path} (empty text)`);
      return undefined;
    }
    if (value.type === "thinking" && isGatewaySignature(value.signature)) {
      // Gemini's or an unsigned model's reasoning: Claude would reject the signature.
      this.dropped.push(`${path} (thinking from another model family)`);
      this.droppedForeignThinking = true;
      return undefined;
    }
    const fields = typeof value.type === "string" ? BLOCK_FIELDS[value.type] : undefined;
    const kept: Json = {};
    for (const [key, inner] of Object.entries(value)) {
      if (fields && !fields.includes(key)) {
        this.dropped.push(`${path}.${key}`);
      } else if (key === "cache_control") {
        kept[key] = this.cacheControl(inner, path);
      } else if (key === "content" && value.type === "tool_result" && Array.isArray(inner)) {
        const content = this.blocks(inner, `${path}.content`);
        if (content.length > 0) kept[key] = content;
      } else {
        kept[key] = inner;
      }
    }
    return kept;
  }

  blocks(values: readonly unknown[], path: string): unknown[] {
    const kept: unknown[] = [];
    values.forEach((value, index) => {
      const block = this.block(value, `${path}.${index}`);
      if (block !== undefined) kept.push(block);
    });
    return kept;
  }

  /** Bedrock's `system`: the client's, then the content of stray `system` messages. */
  system(system: unknown, strays: unknown[]): unknown {
    if (strays.length === 0 && !Array.isArray(system)) {
      return typeof system === "string" && system.trim() === "" ? undefined : system;
    }
    const blocks: unknown[] = [];
    const addText = (text: string) => {
      if (text.trim() !== "") blocks.push({ type: "text", text });
    };
    if (typeof system === "string") addText(system);
    else if (Array.isArray(system)) blocks.push(...this.blocks(system, "system"));
    strays.forEach((content, index) => {
      const path = `messages (system message ${index})`;
      if (typeof content === "string") return addText(content);
      if (!Array.isArray(content)) return;
      for (const block of this.blocks(content, path)) {
        if (isRecord(block) && block.type === "text") blocks.push(block);
        else this.dropped.push(`${path}: a ${isRecord(block) ? String(block.type) : "non-text"} block`);
      }
    });
    if (strays.length > 0) this.adjusted.push(`${strays.length} system message(s) moved into system`);
    return blocks.length > 0 ? blocks : undefined;
  }

  messages(messages: readonly unknown[]): { messages: unknown[]; strays: unknown[] } {
    const kept: unknown[] = [];
    const strays: unknown[] = [];
    messages.forEach((message, index) => {
      const path = `messages.${index}`;
      if (!isRecord(message)) return kept.push(message);
      if (message.role === "system") return strays.push(message.content);
      const clean: Json = {};
      for (const [key, value] of Object.entries(message)) {
        if (key === "role") clean.role = value;
        else if (key === "content") clean.content = value;
        else this.dropped.push(`${path}.${key}`);
      }
      if (Array.isArray(clean.content)) clean.content = this.blocks(clean.content, `${path}.content`);
      const content = clean.content;
      if (
        (typeof content === "string" && content.trim() === "") ||
        (Array.isArray(content) && !content.length)
      ) {
        this.dropped.push(`${path} (empty message)`);
        return;
      }
      kept.push(clean);
    });
    return { messages: kept, strays };
  }

  tools(tools: readonly unknown[]): unknown[] {
    const kept: unknown[] = [];
    tools.forEach((tool, index) => {
      const path = `tools.${index}`;
      if (!isRecord(tool)) return kept.push(tool);
      const type =
        typeof tool.type === "string"
          ? tool.type
          : tool.type === undefined || tool.type === null
            ? "custom"
            : JSON.stringify(tool.type);
      if (type !== "custom" && !CLIENT_TOOL_PREFIXES.some((prefix) => type.startsWith(prefix))) {
        this.dropped.push(
          `${path} (server tool ${type}${typeof tool.name === "string" ? ` ${tool.name}` : ""})`,
        );
        return;
      }
      const clean: Json = {};
      for (const [key, value] of Object.entries(tool)) {
        if (type === "custom" && !CUSTOM_TOOL_FIELDS.includes(key)) this.dropped.push(`${path}.${key}`);
        else clean[key] = key === "cache_control" ? this.cacheControl(value, path) : value;
      }
      kept.push(clean);
    });
    return kept;
  }

  /** Keeps `budget_tokens` at least 1024 and below `max_tokens`. */
  thinking(body: Json, ceiling: number | undefined): void {
    const thinking = body.thinking;
    const maxTokens = body.max_tokens;
    if (!isRecord(thinking) || thinking.type !== "enabled") return;
    if (typeof thinking.budget_tokens !== "number" || typeof maxTokens !== "number") return;
    let budget = thinking.budget_tokens;
    if (budget < MIN_THINKING_BUDGET) {
      this.adjusted.push(`thinking.budget_tokens ${budget} -> ${MIN_THINKING_BUDGET}`);
      budget = MIN_THINKING_BUDGET;
    }
    let max = maxTokens;
    if (budget >= max && ceiling !== undefined && ceiling > max) {
      max = Math.min(ceiling, budget + maxTokens);
      this.adjusted.push(`max_tokens ${maxTokens} -> ${max}`);
    }
    if (budget >= max) {
      if (max - 1 < MIN_THINKING_BUDGET) {
        this.adjusted.push(`thinking removed (max_tokens ${max} leaves no room for a budget of 1024)`);
        delete body.thinking;
        return;
      }
      this.adjusted.push(`thinking.budget_tokens ${budget} -> ${max - 1}`);
      budget = max - 1;
    }
    body.max_tokens = max;
    if (budget !== thinking.budget_tokens) body.thinking = { ...thinking, budget_tokens: budget };
  }
}

/** Drops a `tool_choice` that names a removed tool, or any choice when no tools are left. */
function fixToolChoice(body: Json, sanitiser: Sanitiser): void {
  const choice = body.tool_choice;
  if (!isRecord(choice) || choice.type === "none") return;
  const names = Array.isArray(body.tools) ? body.tools.filter(isRecord).map((tool) => tool.name) : [];
  if (names.length === 0 || (choice.type === "tool" && !names.includes(choice.name))) {
    sanitiser.dropped.push("tool_choice (its tool was removed)");
    delete body.tool_choice;
  }
}

export function toInvokeBody(client: Json, options: InvokeBodyOptions): InvokeBody {
  const sanitiser = new Sanitiser();
  const body: Json = { anthropic_version: BEDROCK_ANTHROPIC_VERSION };
  for (const [key, value] of Object.entries(client)) {
    if (key === "anthropic_version") continue;
    if (!TOP_LEVEL_FIELDS.includes(key)) {
      if (key !== "model" && key !== "stream") sanitiser.dropped.push(key);
      continue;
    }
    const fields = OBJECT_FIELDS[key];
    if (fields && isRecord(value)) {
      const kept: Json = {};
      for (const [inner, innerValue] of Object.entries(value)) {
        if (fields.includes(inner)) kept[inner] = innerValue;
        else sanitiser.dropped.push(`${key}.${inner}`);
      }
      body[key] = kept;
    } else {
      body[key] = value;
    }
  }

  const requestedBetas = [
    ...options.betas,
    ...(Array.isArray(client.anthropic_beta)
      ? client.anthropic_beta.filter((beta): beta is string => typeof beta === "string")
      : []),
  ];
  const { betas, dropped } = selectBedrockBetas(requestedBetas, options.betaOverrides);
  sanitiser.dropped.push(...dropped.map((beta) => `anthropic-beta ${beta}`));
  if (betas.length > 0) body.anthropic_beta = betas;
  else delete body.anthropic_beta;

  let strays: unknown[] = [];
  if (Array.isArray(body.messages)) {
    const split = sanitiser.messages(body.messages);
    body.messages = split.messages;
    strays = split.strays;
  }
  const system = sanitiser.system(body.system, strays);
  if (system === undefined) delete body.system;
  else body.system = system;

  if (Array.isArray(body.tools)) {
    const tools = sanitiser.tools(body.tools);
    if (tools.length > 0) body.tools = tools;
    else delete body.tools;
  }
  fixToolChoice(body, sanitiser);
  sanitiser.thinking(body, options.outputCeiling);
  sanitiser.thinkingAfterForeignTurns(body);

  return {
    body,
    stream: client.stream === true,
    dropped: sanitiser.dropped,
    adjusted: sanitiser.adjusted,
  };
}
