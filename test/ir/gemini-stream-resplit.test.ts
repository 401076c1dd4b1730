// Re-split test of the Gemini stream pipelines: every stream recorded from the simulator
// (test/fixtures/gemini/*.sse) goes through SSE decoder -> Gemini translator -> OpenAI chunk and
// Anthropic SSE translators whole, one byte at a time, and split at every byte offset (multi-byte
// characters included); the output must never change.
import { describe, expect, it } from "vitest";
import { anthropicText, fixture, openAiText } from "./gemini-helpers.js";

const FIXTURES = [
  "function-call-3.5-flash.sse",
  "text-thoughts-2.5-flash.sse",
  "text-signed-3.5-flash.sse",
  "max-tokens-2.5-flash.sse",
  "resource-exhausted.sse",
];

async function expectStableUnderResplit(
  bytes: Buffer,
  render: (parts: readonly Uint8Array[]) => Promise<string>,
): Promise<string> {
  const whole = await render([bytes]);
  const single = await render(Array.from(bytes, (_, index) => bytes.subarray(index, index + 1)));
  expect(single).toBe(whole);
  for (let offset = 1; offset < bytes.length; offset += 1) {
    const split = await render([bytes.subarray(0, offset), bytes.subarray(offset)]);
    if (split !== whole) expect({ offset, split }).toEqual({ offset, split: whole });
  }
  return whole;
}

describe.each(FIXTURES)("%s re-split at every byte offset", (name) => {
  it("gives the same OpenAI chunks", async () => {
    const output = await expectStableUnderResplit(fixture(name), openAiText);
    expect(output.endsWith("data: [DONE]\n\n") || output.includes('"error"')).toBe(true);
  });

  it("gives the same Anthropic frames", async () => {
    const output = await expectStableUnderResplit(fixture(name), anthropicText);
    expect(
      output.endsWith('event: message_stop\ndata: {"type":"message_stop"}\n\n') ||
        output.includes("event: error"),
    ).toBe(true);
  });
});
