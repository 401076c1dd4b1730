// Re-split test of the whole Claude -> OpenAI stream pipeline: the raw bytes of a Bedrock stream in
// both framings (binary AWS event stream, built with the simulator's independent encoder, and
// `data:` lines) go through framing decoder -> Bedrock translator -> OpenAI chunk translator
// in 1-byte chunks and split at every byte offset; the OpenAI output must never change.
import { describe, expect, it } from "vitest";
import { bedrockStreamTranslator } from "../../src/backends/bedrock-anthropic/ir-stream.js";
import {
  bedrockAnthropicEvents,
  EVENT_STREAM_CONTENT_TYPE,
} from "../../src/backends/bedrock-anthropic/stream-events.js";
import { openAiChunkTranslator } from "../../src/frontends/openai-chat/ir-stream.js";
import { translateStream } from "../../src/ir/stream-translator.js";
import { encodeEvent, encodeException } from "../../src/simulator/framing/aws-event-stream.js";
import { sseJson } from "../../src/simulator/framing/sse.js";
import { CLAUDE_EVENTS } from "./claude-stream-fixture.js";

const meta = { id: "chatcmpl-resplit", created: 1_700_000_000, model: "anthropic--claude-4.5-sonnet" };

function binary(events: Record<string, unknown>[], tail: Buffer[] = []): Buffer {
  const frames = events.map((event) =>
    encodeEvent("chunk", { bytes: Buffer.from(JSON.stringify(event), "utf8").toString("base64") }),
  );
  return Buffer.concat([...frames, ...tail]);
}

function text(events: Record<string, unknown>[], tail: string[] = []): Buffer {
  return Buffer.from([...events.map(sseJson), ...tail].join(""), "utf8");
}

async function openAiOutput(chunks: Uint8Array[], contentType: string): Promise<string> {
  async function* source() {
    for (const chunk of chunks) {
      await Promise.resolve(); // a real body hands out chunks asynchronously
      yield chunk;
    }
  }
  const ir = translateStream(bedrockStreamTranslator, bedrockAnthropicEvents(source(), contentType));
  let out = "";
  try {
    for await (const frame of translateStream(openAiChunkTranslator({ meta, includeUsage: true }), ir))
      out += frame;
  } catch (error) {
    out += `<thrown: ${(error as Error).message}>`;
  }
  return out;
}

async function expectStableUnderResplit(bytes: Buffer, contentType: string): Promise<string> {
  const whole = await openAiOutput([bytes], contentType);
  const single = await openAiOutput(
    Array.from(bytes, (_, index) => bytes.subarray(index, index + 1)),
    contentType,
  );
  expect(whole).not.toContain("<thrown");
  expect(single).toBe(whole);
  for (let offset = 1; offset < bytes.length; offset += 1) {
    const split = await openAiOutput([bytes.subarray(0, offset), bytes.subarray(offset)], contentType);
    if (split !== whole) expect({ offset, split }).toEqual({ offset, split: whole });
  }
  return whole;
}

const mid = CLAUDE_EVENTS.slice(0, 9);
const throttled = "Too many requests, please wait before trying again.";

describe("Claude stream -> OpenAI chunks, re-split at every byte offset", () => {
  it("binary event stream", async () => {
    const output = await expectStableUnderResplit(binary(CLAUDE_EVENTS), EVENT_STREAM_CONTENT_TYPE);
    expect(output).toContain('"reasoning_content":"Let me "');
    expect(output).toContain('{"arguments":"\\"Zürich\\"}"}');
    expect(output.endsWith("data: [DONE]\n\n")).toBe(true);
  });

  it("data: text framing gives the same output as the binary framing", async () => {
    const output = await expectStableUnderResplit(text(CLAUDE_EVENTS), "text/event-stream");
    expect(output).toBe(await openAiOutput([binary(CLAUDE_EVENTS)], EVENT_STREAM_CONTENT_TYPE));
  });

  it("a throttling exception mid-stream ends with an error frame in both framings", async () => {
    const fromBinary = await expectStableUnderResplit(
      binary(mid, [encodeException("throttlingException", throttled)]),
      EVENT_STREAM_CONTENT_TYPE,
    );
    const fromText = await expectStableUnderResplit(
      text(mid, [sseJson({ throttlingException: { message: throttled } })]),
      "text/event-stream",
    );
    expect(fromText).toBe(fromBinary);
    const last = JSON.parse(fromBinary.trimEnd().split("\n\n").at(-1)!.slice("data: ".length));
    expect(last).toEqual({
      error: { message: throttled, type: "rate_limit_error", param: null, code: "upstream_error" },
    });
  });
});
