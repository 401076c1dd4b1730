/**
 * IR reasoning -> `generationConfig.thinkingConfig` per Gemini model
 * (https://cloud.google.com/vertex-ai/generative-ai/docs/thinking; reference section 4.3 and
 * section 8 item 6: whether SAP's deployments take `thinkingConfig` is unverified, the simulator
 * takes it inside `generationConfig`):
 * - thinking models are Gemini 2.5 and later; older models get no `thinkingConfig`;
 * - an explicit budget is kept within the model's range (2.5 Pro 128-32768, Flash 0-24576,
 *   Flash-Lite 512-24576); an effort becomes a budget: minimal 512, low 1024, medium 8192,
 *   high 24576; neither means the model's dynamic budget;
 * - reasoning asked for means the thoughts are shown (`includeThoughts`);
 * - disabled is `thinkingBudget: 0` only where the model can stop thinking (2.5 Flash and
 *   Flash-Lite); 2.5 Pro and Gemini 3 always think (Vertex answers "Budget 0 is invalid. This
 *   model only works in thinking mode."; aicore-router rewrites 0 to -1 for that reason), so
 *   nothing is sent for them.
 */
import type { IrReasoning, IrReasoningEffort, JsonObject } from "../../ir/request.js";

const EFFORT_BUDGETS: Record<IrReasoningEffort, number> = {
  minimal: 512,
  low: 1024,
  medium: 8192,
  high: 24576,
};

export function isThinkingModel(model: string): boolean {
  return /^gemini-(2\.5|[3-9])/.test(model);
}

/** Whether thinking can be turned off (`thinkingBudget: 0`). */
export function canStopThinking(model: string): boolean {
  return /^gemini-2\.5-flash/.test(model);
}

function budgetRange(model: string): { min: number; max: number } {
  if (/^gemini-2\.5-pro/.test(model)) return { min: 128, max: 32_768 };
  if (/^gemini-2\.5-flash-lite/.test(model)) return { min: 512, max: 24_576 };
  if (/^gemini-2\.5-flash/.test(model)) return { min: 1, max: 24_576 };
  return { min: 128, max: 32_768 };
}

export function thinkingConfig(reasoning: IrReasoning | undefined, model: string): JsonObject | undefined {
  if (!reasoning || !isThinkingModel(model)) return undefined;
  if (!reasoning.enabled) return canStopThinking(model) ? { thinkingBudget: 0 } : undefined;
  const requested =
    reasoning.budgetTokens ?? (reasoning.effort ? EFFORT_BUDGETS[reasoning.effort] : undefined);
  if (requested === undefined) return { includeThoughts: true };
  const { min, max } = budgetRange(model);
  return { thinkingBudget: Math.min(max, Math.max(min, requested)), includeThoughts: true };
}
