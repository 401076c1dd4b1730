/**
 * IR request -> Bedrock `/invoke` body for Claude (reference section 4.2.2): `anthropic_version`,
 * no `model` or `stream` (the deployment decides, the suffix streams), system blocks with cache
 * markers, alternating messages, tools and `tool_choice`, stop sequences, `metadata.user_id`, and
 * extended thinking made acceptable to Anthropic's rules (budget >= 1024 and below `max_tokens`,
 * no `temperature`/`top_k`, no forced tool, the last tool-calling turn must open with signed
 * thinking): https://docs.claude.com/en/docs/build-with-claude/extended-thinking
 * Every silent adjustment is listed in `notes` for the debug log.
 */
import type { IrRequest, IrTool, IrToolChoice, JsonObject, JsonValue } from "../../ir/request.js";
import {
  cacheControl,
  lastToolTurnLacksThinking,
  toAnthropicMessages,
  type AnthropicMessage,
} from "./ir-messages.js";
import { claudeTraits, type ClaudeTraits } from "./ir-models.js";

export const ANTHROPIC_VERSION = "bedrock-2023-05-31";
/** Thinking budgets for OpenAI-style efforts. */
export const EFFORT_BUDGETS = { minimal: 1024, low: 2048, medium: 8192, high: 24_576 } as const;
/** Answer tokens when the client sets no limit (Bedrock requires `max_tokens` and reserves quota by it). */
export const DEFAULT_ANSWER_TOKENS = 8192;
const MIN_BUDGET = 1024;
const MAX_CACHE_MARKERS = 4;
const JSON_ONLY = "Respond with a single valid JSON object and nothing else.";

export interface BedrockEncodeOptions {
  /** The deployment's model (SAP name or Anthropic id): decides limits and thinking support. */
  model: string;
  /**
   * When the client marked nothing, mark the system prompt and the last user turn for prompt
   * caching (what OpenAI models do automatically; prefixes below Anthropic's minimum cost nothing).
   */
  autoCache?: boolean;
}

export interface BedrockInvokeRequest {
  body: JsonObject;
  stream: boolean;
  /** Adjustments made to satisfy Bedrock, for the debug log. */
  notes: string[];
}

function toolChoice(choice: IrToolChoice): JsonObject {
  const parallel: JsonObject =
    choice.type !== "none" && choice.disableParallel ? { disable_parallel_tool_use: true } : {};
  switch (choice.type) {
    case "auto":
      return { type: "auto", ...parallel };
    case "none":
      return { type: "none" };
    case "required":
      return { type: "any", ...parallel };
    case "tool":
      return { type: "tool", name: choice.name, ...parallel };
  }
}

function tool(spec: IrTool): JsonObject {
  const schema =
    spec.inputSchema.type === undefined ? { type: "object", ...spec.inputSchema } : spec.inputSchema;
  return {
    name: spec.name,
    ...(spec.description ? { description: spec.description } : {}),
    input_schema: schema,
    ...cacheControl(spec.cache),
  };
}

interface ThinkingPlan {
  maxTokens: number;
  budget?: number;
}

function planThinking(
  ir: IrRequest,
  traits: ClaudeTraits,
  messages: AnthropicMessage[],
  notes: string[],
): ThinkingPlan {
  const answer = ir.maxOutputTokens ?? DEFAULT_ANSWER_TOKENS;
  const plain = { maxTokens: Math.min(traits.maxOutputTokens, answer) };
  if (plain.maxTokens < answer) notes.push(`max_tokens lowered to the model's limit ${plain.maxTokens}`);
  const reasoning = ir.reasoning;
  if (!reasoning?.enabled) return plain;
  const off = (why: string): ThinkingPlan => (notes.push(`thinking not enabled: ${why}`), plain);
  if (!traits.thinking) return off("the model has no extended thinking");
  const choice = ir.toolChoice?.type;
  if (ir.tools.length > 0 && (choice === "required" || choice === "tool"))
    return off("tool_choice forces a tool");
  if (lastToolTurnLacksThinking(messages)) {
    return off("the last tool-calling assistant turn carries no signed thinking block");
  }
  let budget = Math.max(MIN_BUDGET, reasoning.budgetTokens ?? EFFORT_BUDGETS[reasoning.effort ?? "medium"]);
  // The client's limit is the answer's share; the thinking budget comes on top, within the model limit.
  const maxTokens = Math.min(traits.maxOutputTokens, budget + answer);
  if (budget >= maxTokens)
    budget = Math.max(MIN_BUDGET, maxTokens - Math.min(answer, Math.floor(maxTokens / 2)));
  if (budget >= maxTokens) return off(`max_tokens ${maxTokens} leaves no room for a thinking budget`);
  return { maxTokens, budget };
}

function sampling(ir: IrRequest, traits: ClaudeTraits, thinking: boolean, notes: string[]): JsonObject {
  const out: JsonObject = {};
  if (ir.temperature !== undefined) {
    if (thinking) {
      if (ir.temperature !== 1) notes.push("temperature dropped: thinking requires the default");
    } else {
      out.temperature = Math.min(1, Math.max(0, ir.temperature));
      if (out.temperature !== ir.temperature) notes.push("temperature clamped to Claude's range 0..1");
    }
  }
  if (ir.topP !== undefined) {
    if (thinking && ir.topP < 0.95) notes.push("top_p dropped: thinking requires >= 0.95");
    else if (traits.exclusiveSampling && out.temperature !== undefined)
      notes.push("top_p dropped: this model accepts temperature or top_p, not both");
    else out.top_p = ir.topP;
  }
  if (ir.topK !== undefined) {
    if (thinking) notes.push("top_k dropped: thinking requires it unset");
    else out.top_k = ir.topK;
  }
  return out;
}

/** Objects carrying `cache_control`, in prompt order (tools, system, messages). */
function markedBlocks(body: JsonObject): JsonObject[] {
  const found: JsonObject[] = [];
  const visit = (value: JsonValue | undefined): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === "object") {
      if (value.cache_control !== undefined) found.push(value);
      if (Array.isArray(value.content)) visit(value.content);
    }
  };
  visit(body.tools);
  visit(body.system);
  visit(body.messages);
  return found;
}

function placeCacheMarkers(body: JsonObject, autoCache: boolean, notes: string[]): void {
  const marked = markedBlocks(body);
  if (marked.length > MAX_CACHE_MARKERS) {
    for (const block of marked.slice(0, marked.length - MAX_CACHE_MARKERS)) delete block.cache_control;
    notes.push(`cache markers reduced to the last ${MAX_CACHE_MARKERS}`);
  }
  if (marked.length > 0 || !autoCache) return;
  const system = body.system as JsonObject[] | undefined;
  const lastSystem = system?.[system.length - 1];
  if (lastSystem) lastSystem.cache_control = { type: "ephemeral" };
  const messages = body.messages as AnthropicMessage[];
  const last = messages[messages.length - 1];
  const lastBlock = last?.role === "user" ? last.content[last.content.length - 1] : undefined;
  if (lastBlock) lastBlock.cache_control = { type: "ephemeral" };
}

export function toBedrockInvoke(ir: IrRequest, options: BedrockEncodeOptions): BedrockInvokeRequest {
  const notes: string[] = [];
  const traits = claudeTraits(options.model);
  const messages = toAnthropicMessages(ir.messages);
  const system: JsonObject[] = ir.system
    .filter((block) => block.text !== "")
    .map((block) => ({ type: "text", text: block.text, ...cacheControl(block.cache) }));
  const format = ir.responseFormat;
  if (format && !format.schema) system.push({ type: "text", text: JSON_ONLY });
  const plan = planThinking(ir, traits, messages, notes);
  const stops = ir.stopSequences.filter((stop) => stop.trim() !== "");
  if (stops.length < ir.stopSequences.length) notes.push("blank stop sequences dropped");
  if (ir.toolChoice && ir.tools.length === 0) notes.push("tool_choice dropped: no tools");
  const body: JsonObject = {
    anthropic_version: ANTHROPIC_VERSION,
    max_tokens: plan.maxTokens,
    ...(system.length > 0 ? { system } : {}),
    messages,
    ...(ir.tools.length > 0 ? { tools: ir.tools.map(tool) } : {}),
    ...(ir.toolChoice && ir.tools.length > 0 ? { tool_choice: toolChoice(ir.toolChoice) } : {}),
    ...(stops.length > 0 ? { stop_sequences: stops } : {}),
    ...sampling(ir, traits, plan.budget !== undefined, notes),
    ...(plan.budget !== undefined ? { thinking: { type: "enabled", budget_tokens: plan.budget } } : {}),
    ...(format?.schema ? { output_config: { format: { type: "json_schema", schema: format.schema } } } : {}),
    ...(ir.user ? { metadata: { user_id: ir.user.slice(0, 256) } } : {}),
  };
  placeCacheMarkers(body, options.autoCache ?? false, notes);
  return { body, stream: ir.stream, notes };
}
