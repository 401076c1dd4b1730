// The Anthropic stream encoder estimates input tokens only when the upstream did not report them
// (the estimate costs milliseconds on a large Claude Code request).
import { describe, expect, it } from "vitest";
import { anthropicSseTranslator } from "../../src/frontends/anthropic-messages/ir-stream.js";
import { translateAll } from "../../src/ir/stream-translator.js";
import { emptyUsage } from "../../src/ir/usage.js";

function firstFrame(inputTokens: number, estimate: () => number): string {
  const frames = translateAll(anthropicSseTranslator({ model: "m", estimatedInputTokens: estimate }), [
    { type: "message-start", id: "x", model: "m", usage: { ...emptyUsage(), inputTokens } },
  ]);
  return frames[0]!;
}

describe("estimatedInputTokens", () => {
  it("is not computed when the upstream reported input tokens", () => {
    let calls = 0;
    const frame = firstFrame(42, () => ++calls);
    expect(calls).toBe(0);
    expect(frame).toContain('"input_tokens":42');
  });

  it("is computed once when the upstream did not report them", () => {
    let calls = 0;
    const frame = firstFrame(0, () => {
      calls += 1;
      return 77;
    });
    expect(calls).toBe(1);
    expect(frame).toContain('"input_tokens":77');
  });
});
