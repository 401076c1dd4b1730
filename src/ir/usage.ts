/**
 * Token usage in the IR. `inputTokens` excludes cached tokens (Anthropic's convention); protocols
 * that report a total (OpenAI `prompt_tokens`) add the cache counts back when encoding.
 */

export interface IrUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
}

export function emptyUsage(): IrUsage {
  return { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 };
}

/** Later reports win field by field when they carry a positive value (streams repeat counts). */
export function mergeUsage(base: IrUsage, update: Partial<IrUsage>): IrUsage {
  const merged = { ...base };
  for (const key of Object.keys(merged) as (keyof IrUsage)[]) {
    const value = update[key];
    if (typeof value === "number" && value > 0) merged[key] = value;
  }
  return merged;
}

/** Everything the model read: uncached input plus cache reads and writes. */
export function totalInputTokens(usage: IrUsage): number {
  return usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens;
}
