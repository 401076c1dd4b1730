// The simulator's deterministic reply planner and token arithmetic.
import { describe, expect, it } from "vitest";
import { planReply, type Conversation } from "../../src/simulator/reply.js";
import { chunkText, countTokens, truncateToTokens } from "../../src/simulator/token-count.js";

function conversation(overrides: Partial<Conversation>): Conversation {
  return {
    lastUserText: "",
    attachments: 0,
    toolResults: [],
    tools: [],
    toolChoice: { type: "auto" },
    thinking: false,
    maxOutputTokens: 1000,
    stopSequences: [],
    ...overrides,
  };
}

const lookup = {
  name: "lookup_order",
  schema: {
    type: "object",
    properties: {
      order_id: { type: "string" },
      express: { type: "boolean" },
      channel: { type: "string", enum: ["mail", "phone"] },
      limit: { type: "integer" },
    },
    required: ["order_id", "channel"],
  },
};

describe("planReply", () => {
  it("echoes the prompt, or answers exactly what it is told", () => {
    expect(planReply(conversation({ lastUserText: "  Hello\n there " })).text).toBe("Echo: Hello there");
    expect(planReply(conversation({ lastUserText: "Please reply with exactly: OK!" })).text).toBe("OK!");
    expect(planReply(conversation({ lastUserText: "count to 4" })).text).toBe("1 2 3 4");
    expect(planReply(conversation({ lastUserText: "look", attachments: 2 })).text).toBe(
      "Echo: look (2 attachments)",
    );
  });

  it("calls a tool named in the prompt with arguments taken from name=value pairs", () => {
    const plan = planReply(
      conversation({ lastUserText: "lookup order order_id=A-17 express=no", tools: [lookup] }),
    );
    expect(plan.finish).toBe("tool_use");
    expect(plan.text).toBe("");
    expect(plan.toolCall).toEqual({
      name: "lookup_order",
      arguments: { order_id: "A-17", express: false, channel: "mail" },
    });
  });

  it("follows tool choice: none, required and a named tool", () => {
    const prompt = "lookup_order order_id=1";
    expect(
      planReply(conversation({ lastUserText: prompt, tools: [lookup], toolChoice: { type: "none" } }))
        .toolCall,
    ).toBeUndefined();
    expect(
      planReply(conversation({ lastUserText: "anything", tools: [lookup], toolChoice: { type: "required" } }))
        .toolCall?.name,
    ).toBe("lookup_order");
    const other = { name: "other_tool", schema: {} };
    expect(
      planReply(
        conversation({
          lastUserText: prompt,
          tools: [lookup, other],
          toolChoice: { type: "tool", name: "other_tool" },
        }),
      ).toolCall,
    ).toEqual({ name: "other_tool", arguments: {} });
  });

  it("answers tool results instead of calling the tool again", () => {
    const plan = planReply(
      conversation({
        lastUserText: "lookup_order order_id=1",
        tools: [lookup],
        toolResults: [{ name: "lookup_order", content: "shipped" }],
      }),
    );
    expect(plan.toolCall).toBeUndefined();
    expect(plan.text).toBe("The lookup_order result is: shipped");
  });

  it("truncates at the output limit, counting thinking first", () => {
    const plan = planReply(conversation({ lastUserText: "count to 50", maxOutputTokens: 10 }));
    expect(plan).toMatchObject({ text: "1 2 3 4 5 6 7 8 9 10", finish: "length", outputTokens: 10 });
    const thinking = planReply(
      conversation({ lastUserText: "count to 50", maxOutputTokens: 200, thinking: true }),
    );
    expect(thinking.thinking).toContain("count to 50");
    expect(thinking.outputTokens).toBe(thinking.thinkingTokens + countTokens(thinking.text));
  });

  it("stops at the earliest stop sequence", () => {
    const plan = planReply(conversation({ lastUserText: "count to 9", stopSequences: ["7", " 5"] }));
    expect(plan).toMatchObject({ text: "1 2 3 4", finish: "stop_sequence", stopSequence: " 5" });
  });
});

describe("token arithmetic", () => {
  it("counts words by length and punctuation as one token", () => {
    expect(countTokens("")).toBe(0);
    expect(countTokens("a bc, def.")).toBe(5);
    expect(countTokens("internationalization")).toBe(5);
  });

  it("splits text into deltas that join back to the original", () => {
    const text = "one two  three\nfour five six seven";
    expect(chunkText(text, 2).join("")).toBe(text);
    expect(chunkText(text, 2).length).toBeGreaterThan(2);
    expect(truncateToTokens(text, 4)).toEqual({ text: "one two  three", tokens: 4, truncated: true });
  });
});
