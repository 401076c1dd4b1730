/**
 * Thinking-block signatures the gateway itself writes, which only it can read back: Gemini's
 * thought signatures carried in a thinking block (`gemini:<signature>`) and the marker on
 * reasoning from models that do not sign it. Claude rejects both, so a Claude backend drops
 * thinking blocks that carry them (a conversation that moves from Gemini or GPT to Claude).
 */

export const GEMINI_SIGNATURE_PREFIX = "gemini:";
export const UNSIGNED_THINKING_SIGNATURE = "sap-ai-core-llm-proxy:unsigned";

export function isGatewaySignature(signature: unknown): boolean {
  return (
    typeof signature === "string" &&
    (signature === UNSIGNED_THINKING_SIGNATURE || signature.startsWith(GEMINI_SIGNATURE_PREFIX))
  );
}
