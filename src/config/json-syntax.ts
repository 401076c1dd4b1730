/**
 * JSON syntax errors without the input: V8's `JSON.parse` messages quote fragments of the text
 * (`Unexpected token 'x', "...sk-abc"... is not valid JSON`), and config and service-key files
 * hold secrets. Messages built here give only the line and column.
 */

/** Whether `prefix` could be the start of a valid JSON text. */
function validPrefix(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return true;
  } catch (error) {
    return /Unexpected end of JSON input|Unterminated string/.test((error as Error).message);
  }
}

/** Offset of the first character that makes `text` invalid JSON (best effort). */
function errorOffset(text: string, error: unknown): number {
  const position = /at position (\d+)/.exec(error instanceof Error ? error.message : "");
  if (position) return Number(position[1]);
  let good = 0;
  let bad = text.length;
  if (validPrefix(text)) return text.length; // the input just ends too early
  while (bad - good > 1) {
    const middle = Math.floor((good + bad) / 2);
    if (validPrefix(text.slice(0, middle))) good = middle;
    else bad = middle;
  }
  return bad - 1;
}

/** `line 3, column 7` (1-based) of the JSON syntax error `error` thrown while parsing `text`. */
export function jsonErrorLocation(text: string, error: unknown): string {
  const offset = Math.min(Math.max(0, errorOffset(text, error)), text.length);
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - (before.lastIndexOf("\n") + 1) + 1;
  const end = offset >= text.length ? "unexpected end of input at " : "";
  return `${end}line ${line}, column ${column}`;
}
