// The gateway's memory of signed Claude thinking returned as reasoning_content: recall by the
// exact text, only fully signed answers, bounded with least-recently-used eviction, and the
// collector that assembles blocks from IR stream events.
import { describe, expect, it } from "vitest";
import { ThinkingCollector, ThinkingMemory } from "../../src/frontends/openai-chat/ir-signatures.js";

describe("ThinkingMemory", () => {
  it("recalls signed blocks by the reasoning text the client saw", () => {
    const memory = new ThinkingMemory();
    memory.remember([
      { type: "thinking", text: "first ", signature: "s1" },
      { type: "redacted-thinking", data: "opaque" },
      { type: "thinking", text: "second", signature: "s2" },
    ]);
    expect(memory.recall("first second")).toEqual([
      { type: "thinking", text: "first ", signature: "s1" },
      { type: "redacted-thinking", data: "opaque" },
      { type: "thinking", text: "second", signature: "s2" },
    ]);
    expect(memory.recall("first second ")).toBeUndefined();
  });

  it("ignores unsigned thinking and evicts the least recently used entry", () => {
    const memory = new ThinkingMemory(2);
    memory.remember([{ type: "thinking", text: "unsigned" }]);
    expect(memory.size).toBe(0);
    memory.remember([{ type: "thinking", text: "a", signature: "sa" }]);
    memory.remember([{ type: "thinking", text: "b", signature: "sb" }]);
    expect(memory.recall("a")).toBeDefined();
    memory.remember([{ type: "thinking", text: "c", signature: "sc" }]);
    expect(memory.recall("b")).toBeUndefined();
    expect(memory.recall("a")).toBeDefined();
    expect(memory.recall("c")).toBeDefined();
  });
});

describe("ThinkingCollector", () => {
  it("assembles thinking blocks from IR stream events in block order", () => {
    const collector = new ThinkingCollector();
    for (const event of [
      { type: "reasoning-start", index: 0 },
      { type: "reasoning-delta", index: 0, text: "Let " },
      { type: "reasoning-delta", index: 0, text: "me." },
      { type: "reasoning-signature", index: 0, signature: "sig" },
      { type: "reasoning-end", index: 0 },
      { type: "text-start", index: 1 },
      { type: "redacted-reasoning", index: 2, data: "x" },
    ] as const)
      collector.observe(event);
    expect(collector.blocks()).toEqual([
      { type: "thinking", text: "Let me.", signature: "sig" },
      { type: "redacted-thinking", data: "x" },
    ]);
  });
});
