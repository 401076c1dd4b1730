/**
 * The simulator's deterministic "model": derives a reply from a family-neutral summary of the
 * request. Each family decodes its wire body into a `Conversation`, asks for a `ReplyPlan` and
 * encodes the plan in its own wire format, so every family answers the same prompt alike.
 *
 * Prompt conventions (documented in docs/simulator.md):
 * - `reply with exactly: <text>` or `say exactly: <text>` answers `<text>`;
 * - `count to <n>` answers `1 2 3 ... n` (handy to test truncation and streaming);
 * - a tool whose name appears in the prompt is called, with arguments from `name=value` pairs;
 * - otherwise the answer is `Echo: <last user text>`.
 */
import { argumentsFromSchema } from "./tool-arguments.js";
import { countTokens, truncateToTokens } from "./token-count.js";

export interface ToolSpec {
  name: string;
  schema: unknown;
}

export type ToolChoice =
  { type: "auto" } | { type: "none" } | { type: "required" } | { type: "tool"; name: string };

export interface ToolResultSummary {
  name?: string;
  content: string;
}

export interface Conversation {
  /** Text of the last user turn, tool results excluded. */
  lastUserText: string;
  /** Images and other attachments in the last user turn. */
  attachments: number;
  /** Tool results in the last user turn. */
  toolResults: ToolResultSummary[];
  tools: ToolSpec[];
  toolChoice: ToolChoice;
  /** Whether the reply should contain visible reasoning (thinking / thoughts). */
  thinking: boolean;
  maxOutputTokens: number;
  stopSequences: string[];
}

export type ReplyFinish = "stop" | "length" | "tool_use" | "stop_sequence";

export interface ReplyPlan {
  thinking: string;
  text: string;
  toolCall?: { name: string; arguments: Record<string, unknown> };
  finish: ReplyFinish;
  stopSequence?: string;
  thinkingTokens: number;
  /** All output tokens: thinking, text and tool call. */
  outputTokens: number;
}

const EXACT =
  /(?:reply|respond|answer|say)\s+with\s+exactly\s*:\s*([\s\S]*)$|say\s+exactly\s*:\s*([\s\S]*)$/i;
const COUNT = /count\s+to\s+(\d{1,5})/i;

function answerText(conversation: Conversation): string {
  if (conversation.toolResults.length > 0) {
    return conversation.toolResults
      .map((result) => `The ${result.name ?? "tool"} result is: ${collapse(result.content, 300)}`)
      .join("\n");
  }
  const prompt = conversation.lastUserText;
  const exact = EXACT.exec(prompt);
  if (exact) return (exact[1] ?? exact[2] ?? "").trim();
  const count = COUNT.exec(prompt);
  if (count?.[1]) {
    const limit = Math.min(Number(count[1]), 20_000);
    return Array.from({ length: limit }, (_, index) => String(index + 1)).join(" ");
  }
  const attachments =
    conversation.attachments > 0
      ? ` (${conversation.attachments} attachment${conversation.attachments === 1 ? "" : "s"})`
      : "";
  return `Echo: ${collapse(prompt, 2000)}${attachments}`;
}

function collapse(text: string, limit: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > limit ? `${flat.slice(0, limit)}...` : flat;
}

function chooseTool(conversation: Conversation): ToolSpec | undefined {
  const { tools, toolChoice } = conversation;
  if (tools.length === 0 || toolChoice.type === "none") return undefined;
  if (toolChoice.type === "tool") return tools.find((tool) => tool.name === toolChoice.name);
  const prompt = conversation.lastUserText.toLowerCase();
  const named =
    conversation.toolResults.length > 0
      ? undefined
      : tools.find((tool) => {
          const name = tool.name.toLowerCase();
          return prompt.includes(name) || prompt.includes(name.replace(/[_-]+/g, " "));
        });
  if (named) return named;
  return toolChoice.type === "required" ? tools[0] : undefined;
}

export function planReply(conversation: Conversation): ReplyPlan {
  const budget = Math.max(0, conversation.maxOutputTokens);
  const tool = chooseTool(conversation);
  const thinkingSource = conversation.thinking
    ? `The user wrote: "${collapse(conversation.lastUserText || "(no text)", 160)}". ` +
      (tool ? `I should call the ${tool.name} tool.` : "I will answer directly.")
    : "";
  const thinking = truncateToTokens(thinkingSource, budget);
  let remaining = budget - thinking.tokens;

  if (tool && !thinking.truncated) {
    const args = argumentsFromSchema(tool.schema, conversation.lastUserText);
    const toolTokens = countTokens(JSON.stringify(args)) + countTokens(tool.name);
    if (toolTokens <= remaining) {
      return {
        thinking: thinking.text,
        text: "",
        toolCall: { name: tool.name, arguments: args },
        finish: "tool_use",
        thinkingTokens: thinking.tokens,
        outputTokens: thinking.tokens + toolTokens,
      };
    }
  }

  let text = answerText(conversation);
  let finish: ReplyFinish = "stop";
  let stopSequence: string | undefined;
  let earliest = Number.POSITIVE_INFINITY;
  for (const sequence of conversation.stopSequences) {
    const at = sequence ? text.indexOf(sequence) : -1;
    if (at >= 0 && at < earliest) {
      earliest = at;
      stopSequence = sequence;
    }
  }
  if (stopSequence !== undefined) {
    text = text.slice(0, earliest);
    finish = "stop_sequence";
  }
  if (thinking.truncated) remaining = 0;
  const visible = truncateToTokens(text, remaining);
  if (visible.truncated || thinking.truncated) {
    finish = "length";
    stopSequence = undefined;
  }
  return {
    thinking: thinking.text,
    text: visible.text,
    finish,
    ...(stopSequence !== undefined ? { stopSequence } : {}),
    thinkingTokens: thinking.tokens,
    outputTokens: Math.max(1, thinking.tokens + visible.tokens),
  };
}
