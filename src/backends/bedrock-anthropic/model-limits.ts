/**
 * The largest `max_tokens` the gateway may raise a Claude request to (to keep a thinking budget
 * below it). Conservative on purpose: the lower of Anthropic's published output limits and what
 * SAP's catalog is known to enforce, so a raise never makes a valid request invalid. The gateway
 * never lowers a client's own `max_tokens`; SAP answers for a value above the model's limit.
 */

const CLAUDE_NAME = /^anthropic--claude-(\d+)(?:\.(\d+))?-(opus|sonnet|haiku)$/;

/** Output token ceiling for raising `max_tokens`; undefined when the model is not known. */
export function claudeOutputCeiling(sapModel: string): number | undefined {
  const parts = CLAUDE_NAME.exec(sapModel.toLowerCase());
  if (!parts) return undefined;
  const major = Number(parts[1]);
  const minor = Number(parts[2] ?? 0);
  const variant = parts[3];
  if (major >= 4) return variant === "opus" ? 32_000 : 64_000;
  if (major === 3 && minor >= 7) return 64_000;
  if (major === 3 && minor >= 5) return 8_192;
  return 4_096;
}
