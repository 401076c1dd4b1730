// framing/python-repr.ts, the encoder of converse-stream text lines (reference section 7 item 9),
// judged by python3: every output must parse with `ast.literal_eval` to the value it encodes and
// re-print with `repr` to exactly the same text.
import { describe, expect, it } from "vitest";
import { pythonFloatRepr, pythonRepr, pythonStringRepr } from "../../src/simulator/framing/python-repr.js";
import { pythonJudge } from "./aws-bedrock-helpers.js";

describe("pythonRepr", () => {
  it("chooses quotes as Python does", () => {
    expect(pythonStringRepr("plain")).toBe("'plain'");
    expect(pythonStringRepr("it's")).toBe(`"it's"`);
    expect(pythonStringRepr('say "hi"')).toBe(`'say "hi"'`);
    expect(pythonStringRepr(`it's "both"`)).toBe(`'it\\'s "both"'`);
    expect(pythonStringRepr("")).toBe("''");
  });

  it("escapes backslash, newline, carriage return, tab and non-printables; keeps printable non-ASCII", () => {
    expect(pythonStringRepr("a\\b\nc\rd\te")).toBe("'a\\\\b\\nc\\rd\\te'");
    expect(pythonStringRepr("\x07\x00\x7f")).toBe("'\\x07\\x00\\x7f'");
    expect(pythonStringRepr("\u2028\u00a0\u00ad")).toBe("'\\u2028\\xa0\\xad'");
    expect(pythonStringRepr("\u{e0001}")).toBe("'\\U000e0001'");
    expect(pythonStringRepr("ünïcödé 日本語 🙂 ")).toBe("'ünïcödé 日本語 🙂 '");
  });

  it("renders constants, numbers, nesting and separators", () => {
    expect(pythonRepr({ a: true, b: false, c: null, d: [1, 2.5, "x"], e: { f: {} } })).toBe(
      "{'a': True, 'b': False, 'c': None, 'd': [1, 2.5, 'x'], 'e': {'f': {}}}",
    );
    expect(pythonRepr([])).toBe("[]");
    expect(pythonFloatRepr(1e-5)).toBe("1e-05");
    expect(pythonFloatRepr(1e16)).toBe("1e+16");
    expect(pythonFloatRepr(0.0001)).toBe("0.0001");
    expect(pythonFloatRepr(-0)).toBe("-0.0");
  });

  it("round-trips through Python's ast.literal_eval and repr", () => {
    const values: unknown[] = [
      "plain",
      "it's",
      'say "hi"',
      `it's "both"`,
      "",
      "back\\slash, new\nline, carriage\rreturn, tab\t",
      "bell \x07, nul \x00, del \x7f, esc \x1b",
      "line sep \u2028, para sep \u2029, nbsp \u00a0, soft hyphen \u00ad, bom \ufeff",
      "private \ue000, unassigned \u0378, tag \u{e0001}, lone surrogate \ud800",
      "ünïcödé 日本語 한국어 العربية 🙂 👍🏽",
      "quotes ' and \" and both '\"",
      { key: "value", "it's": "k", nested: { list: [1, -2, 3.25, true, false, null, "x"] } },
      [0.1, 1.5, -2.25, 1e-5, 1.5e-7, 123456789.125, 1e16, 1e22, 1.7976931348623157e308, 5e-324, 0.0001],
      { contentBlockDelta: { delta: { text: "I'm fine" }, contentBlockIndex: 0 } },
      {
        metadata: {
          usage: { inputTokens: 11, outputTokens: 18, totalTokens: 29 },
          metrics: { latencyMs: 515 },
        },
      },
    ];
    const lines = values.map(pythonRepr);
    const verdicts = pythonJudge(lines);
    verdicts.forEach((verdict, index) => {
      expect(verdict.roundTrips, lines[index]).toBe(true);
      expect(verdict.value, lines[index]).toEqual(values[index]);
    });
  });
});
