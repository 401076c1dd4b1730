/**
 * Server-sent-event framing as SAP AI Core writes it: `data: <payload>` and a blank line, never
 * `event:`, `id:` or comment lines (reference section 4.1, "SSE hygiene" in section 7).
 */

export function sseData(payload: string): string {
  return `data: ${payload}\n\n`;
}

export function sseJson(value: unknown): string {
  return sseData(JSON.stringify(value));
}

export const SSE_DONE = sseData("[DONE]");
