/**
 * Anthropic's extended-thinking rules, shared by `/invoke` (top-level `thinking`) and `/converse`
 * (`additionalModelRequestFields.thinking`, which Bedrock hands to Anthropic unchanged). Every
 * function returns Anthropic's error message, or `undefined` when the request is fine; callers
 * wrap it in their own error shape. Messages as Anthropic words them (reference
 * peers-and-client-contracts "Claude body quirks": the budget must stay below `max_tokens`).
 */
import { isJsonObject } from "../types.js";
import { extraInputs, shown } from "./errors.js";

export interface ThinkingSettings {
  enabled: boolean;
  budgetTokens?: number;
}

const DOCS = "https://docs.claude.com/en/docs/build-with-claude/extended-thinking";
const CONSIDERATIONS = `Please consult our documentation at ${DOCS}#important-considerations-when-using-extended-thinking`;

export function parseThinking(value: unknown, path = "thinking"): ThinkingSettings | string {
  if (value === undefined || value === null) return { enabled: false };
  if (!isJsonObject(value))
    return `${path}: Input should be a valid dictionary or object to extract fields from`;
  const type = shown(value.type);
  const allowed: Record<string, string[]> = {
    enabled: ["type", "budget_tokens"],
    adaptive: ["type"],
    disabled: ["type"],
  };
  const keys = allowed[type];
  if (!keys) {
    return `${path}: Input tag '${shown(type)}' found using 'type' does not match any of the expected tags: 'adaptive', 'disabled', 'enabled'`;
  }
  for (const key of Object.keys(value)) if (!keys.includes(key)) return extraInputs(`${path}.${type}.${key}`);
  if (type === "disabled") return { enabled: false };
  if (type === "adaptive") return { enabled: true };
  const budget = value.budget_tokens;
  if (budget === undefined) return `${path}.enabled.budget_tokens: Field required`;
  if (typeof budget !== "number" || !Number.isInteger(budget)) {
    return `${path}.enabled.budget_tokens: Input should be a valid integer`;
  }
  if (budget < 1024) return `${path}.enabled.budget_tokens: Input should be greater than or equal to 1024`;
  return { enabled: true, budgetTokens: budget };
}

export interface ThinkingContext {
  thinking: ThinkingSettings;
  supported: boolean;
  modelId: string;
  maxTokens: number;
  temperature: unknown;
  topP: unknown;
  topK: unknown;
  /** Whether `tool_choice` forces a tool (`any` or `tool`). */
  forcesTool: boolean;
}

export function checkThinkingContext(context: ThinkingContext): string | undefined {
  const { thinking } = context;
  if (!thinking.enabled) return undefined;
  if (!context.supported) return `thinking: extended thinking is not supported by ${context.modelId}`;
  if (thinking.budgetTokens !== undefined && thinking.budgetTokens >= context.maxTokens) {
    return `\`max_tokens\` must be greater than \`thinking.budget_tokens\`. Please consult our documentation at ${DOCS}#max-tokens-and-context-window-size`;
  }
  if (context.temperature !== undefined && context.temperature !== 1) {
    return `\`temperature\` may only be set to 1 when thinking is enabled. ${CONSIDERATIONS}`;
  }
  if (context.topP !== undefined && (typeof context.topP !== "number" || context.topP < 0.95)) {
    return `\`top_p\` must be greater than or equal to 0.95 or unset when thinking is enabled. ${CONSIDERATIONS}`;
  }
  if (context.topK !== undefined)
    return `\`top_k\` must be unset when thinking is enabled. ${CONSIDERATIONS}`;
  if (context.forcesTool) return "Thinking may not be enabled when tool_choice forces tool use.";
  return undefined;
}

export function invalidSignature(messageIndex: number, blockIndex: number): string {
  return `messages.${messageIndex}.content.${blockIndex}: Invalid \`signature\` in \`thinking\` block`;
}

/** The final assistant turn of a tool loop must open with its thinking block. */
export function thinkingFirstRequired(messageIndex: number, found: string): string {
  return (
    `messages.${messageIndex}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${found}\`. ` +
    "When `thinking` is enabled, a final `assistant` message must start with a thinking block (preceeding the " +
    "lastmost set of `tool_use` and `tool_result` blocks). We recommend you include thinking blocks from previous " +
    `turns. To avoid this requirement, disable \`thinking\`. Please consult our documentation at ${DOCS}`
  );
}
