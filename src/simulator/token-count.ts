/**
 * Deterministic token arithmetic for the simulator: a word-piece estimate (about four characters
 * per token, punctuation counts one) that every family uses for usage numbers and limits.
 */

const PIECE = /[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu;
const BASE64_BLOB = /^[A-Za-z0-9+/=_-]{512,}$/;
/** What an image or another binary attachment costs, whatever its size. */
export const ATTACHMENT_TOKENS = 800;

export function countTokens(text: string): number {
  let total = 0;
  for (const match of text.matchAll(PIECE)) {
    total += Math.max(1, Math.ceil(match[0].length / 4));
  }
  return total;
}

/** Tokens of every string in a JSON value (keys excluded); base64 blobs count as attachments. */
export function countJsonTokens(value: unknown): number {
  if (typeof value === "string") return BASE64_BLOB.test(value) ? ATTACHMENT_TOKENS : countTokens(value);
  if (typeof value === "number" || typeof value === "boolean") return 1;
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + countJsonTokens(item), 0);
  if (value !== null && typeof value === "object") {
    let total = 0;
    for (const item of Object.values(value)) total += countJsonTokens(item);
    return total;
  }
  return 0;
}

/** Splits text into pieces that each keep their leading whitespace, so joining them restores it. */
export function splitWords(text: string): string[] {
  return text.match(/\s*\S+\s*$|\s*\S+/g) ?? (text ? [text] : []);
}

/** The longest prefix of `text` that fits in `maxTokens`, and whether it was cut. */
export function truncateToTokens(
  text: string,
  maxTokens: number,
): { text: string; tokens: number; truncated: boolean } {
  let tokens = 0;
  let kept = "";
  for (const word of splitWords(text)) {
    const cost = countTokens(word);
    if (tokens + cost > maxTokens) return { text: kept, tokens, truncated: true };
    tokens += cost;
    kept += word;
  }
  return { text: kept, tokens, truncated: false };
}

/** Groups words into stream deltas of roughly `tokensPerDelta` tokens. */
export function chunkText(text: string, tokensPerDelta: number): string[] {
  const chunks: string[] = [];
  let current = "";
  let tokens = 0;
  for (const word of splitWords(text)) {
    current += word;
    tokens += countTokens(word);
    if (tokens >= tokensPerDelta) {
      chunks.push(current);
      current = "";
      tokens = 0;
    }
  }
  if (current) chunks.push(current);
  return chunks;
}

/** Splits a string into `parts` nearly equal pieces (for streaming tool-call arguments). */
export function splitEvenly(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let index = 0; index < text.length; index += size) pieces.push(text.slice(index, index + size));
  return pieces.length ? pieces : [""];
}
