// The azure-openai stream relay's event rewriting: text-level removal of `"usage":null` that
// never touches string content, the usage chunk only for clients that asked, the prompt-filter
// event dropped.
import { describe, expect, it } from "vitest";
import { relayEvent } from "../../src/backends/azure-openai/stream-relay.js";

const chunk = (content: string, usage = ',"usage":null') =>
  `{"choices":[{"delta":{"content":${JSON.stringify(content)}},"finish_reason":null,"index":0}],"id":"c1","object":"chat.completion.chunk"${usage}}`;

describe("relayEvent", () => {
  it("removes usage:null members for clients that did not ask for usage, keeping the rest byte for byte", () => {
    const out = relayEvent(chunk("hi"), { clientWantsUsage: false })!;
    expect(out).toBe(`data: ${chunk("hi", "")}\n\n`);
    expect(JSON.parse(out.slice(6))).not.toHaveProperty("usage");
    expect(relayEvent(chunk("hi"), { clientWantsUsage: true })).toBe(`data: ${chunk("hi")}\n\n`);
  });

  it("never edits string content that looks like the member", () => {
    const tricky = chunk('say ,"usage":null and "usage":null, please');
    const out = relayEvent(tricky, { clientWantsUsage: false })!;
    expect(JSON.parse(out.slice(6)).choices[0].delta.content).toBe(
      'say ,"usage":null and "usage":null, please',
    );
  });

  it("passes the usage chunk only to clients that asked, and reports usage either way", () => {
    const usageChunk =
      '{"choices":[],"id":"c1","object":"chat.completion.chunk","usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}';
    const seen: unknown[] = [];
    expect(
      relayEvent(usageChunk, { clientWantsUsage: false, onUsage: (usage) => seen.push(usage) }),
    ).toBeUndefined();
    expect(
      relayEvent(usageChunk, { clientWantsUsage: true, onUsage: (usage) => seen.push(usage) }),
    ).toContain('"total_tokens":5');
    expect(seen).toHaveLength(2);
  });

  it("drops Azure's prompt-filter-only event and forwards [DONE]", () => {
    const filter =
      '{"choices":[],"created":0,"id":"","model":"","object":"","prompt_filter_results":[{"prompt_index":0}]}';
    expect(relayEvent(filter, { clientWantsUsage: true })).toBeUndefined();
    expect(relayEvent("[DONE]", { clientWantsUsage: false })).toBe("data: [DONE]\n\n");
  });
});
