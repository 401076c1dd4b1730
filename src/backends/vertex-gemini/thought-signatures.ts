/**
 * Gemini thought signatures in the IR. Gemini returns an opaque `thoughtSignature` on the first
 * `functionCall` part of a turn and, on Gemini 3, rejects the history of a tool loop whose
 * function calls come back without it ("Function call is missing a thought_signature";
 * https://ai.google.dev/gemini-api/docs/thought-signatures; peers-and-client-contracts section 4
 * item 12). The IR carries it as the signature of a thinking block placed right before the tool
 * call (the block holding Gemini's thoughts when they are shown, else an empty one): Anthropic
 * clients return thinking blocks verbatim, and the OpenAI route remembers it per tool-call id.
 * The prefix marks the signature as Gemini's, so it is never sent to Gemini from a Claude
 * thinking block, nor mistaken for a Claude signature.
 */

import { GEMINI_SIGNATURE_PREFIX as PREFIX } from "../../ir/gateway-signatures.js";

/** A Gemini `thoughtSignature` as an IR thinking-block signature. */
export function irSignatureOf(thoughtSignature: string): string {
  return `${PREFIX}${thoughtSignature}`;
}

/** The Gemini `thoughtSignature` an IR thinking-block signature holds, if it is one of Gemini's. */
export function thoughtSignatureOf(signature: string | undefined): string | undefined {
  if (signature === undefined || !signature.startsWith(PREFIX)) return undefined;
  const value = signature.slice(PREFIX.length);
  return value === "" ? undefined : value;
}
