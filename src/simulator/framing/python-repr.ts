/**
 * Python `repr()` of JSON-like values, as SAP AI Core writes Bedrock converse-stream events in
 * text mode (`data: {'contentBlockDelta': {...}}`; reference section 4.2.5 and the encoder rules
 * in section 7 item 9): single-quoted strings unless the string holds `'` but no `"`, Python
 * escapes, `True`/`False`/`None`, `': '` and `', '` separators, insertion order.
 */

const NON_PRINTABLE = /[\p{C}\p{Z}]/u;

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, "0");
}

export function pythonStringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === "\\") out += "\\\\";
    else if (char === quote) out += `\\${quote}`;
    else if (char === "\n") out += "\\n";
    else if (char === "\r") out += "\\r";
    else if (char === "\t") out += "\\t";
    else if (char !== " " && NON_PRINTABLE.test(char)) {
      if (code < 0x100) out += `\\x${hex(code, 2)}`;
      else if (code < 0x10000) out += `\\u${hex(code, 4)}`;
      else out += `\\U${hex(code, 8)}`;
    } else out += char;
  }
  return out + quote;
}

/** Python's float repr: shortest round-trip digits, scientific below 1e-4 and from 1e16. */
export function pythonFloatRepr(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  if (Object.is(value, -0)) return "-0.0";
  const [mantissa = "0", exponentText = "0"] = value.toExponential().split("e");
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    const sign = exponent < 0 ? "-" : "+";
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  const fixed = String(value);
  if (fixed.includes("e"))
    return value.toFixed(Math.max(0, -exponent + mantissa.replace(/[-.]/g, "").length - 1));
  return fixed.includes(".") ? fixed : `${fixed}.0`;
}

export function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "number") {
    return Number.isInteger(value) && Math.abs(value) < 1e16 ? String(value) : pythonFloatRepr(value);
  }
  if (typeof value === "string") return pythonStringRepr(value);
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(", ")}]`;
  if (typeof value === "object") {
    const items = Object.entries(value).map(([key, item]) => `${pythonStringRepr(key)}: ${pythonRepr(item)}`);
    return `{${items.join(", ")}}`;
  }
  return pythonStringRepr(typeof value === "bigint" ? value.toString() : typeof value);
}
