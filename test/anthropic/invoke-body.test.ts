// Unit tests of the Anthropic -> Bedrock /invoke body: what is removed, what is kept, the beta
// table, stray system messages, empty blocks, server tools and the thinking budget.
import { describe, expect, it } from "vitest";
import { betaHeaderValues, selectBedrockBetas } from "../../src/backends/bedrock-anthropic/betas.js";
import { toInvokeBody } from "../../src/backends/bedrock-anthropic/invoke-body.js";
import { claudeOutputCeiling } from "../../src/backends/bedrock-anthropic/model-limits.js";

const user = (content: unknown) => ({ role: "user", content });

describe("toInvokeBody", () => {
  it("sets anthropic_version and removes model, stream and keys outside Bedrock's allow-list", () => {
    const result = toInvokeBody(
      {
        model: "claude-sonnet-4-5",
        stream: true,
        max_tokens: 10,
        messages: [user("hi")],
        context_management: { edits: [] },
        service_tier: "auto",
        container: "x",
        anthropic_version: "2023-06-01",
        metadata: { user_id: "u", extra: 1 },
        output_config: { effort: "high", other: true },
        temperature: 0.5,
        stop_sequences: ["END"],
      },
      { betas: [] },
    );
    expect(result.stream).toBe(true);
    expect(result.body).toEqual({
      anthropic_version: "bedrock-2023-05-31",
      max_tokens: 10,
      messages: [user("hi")],
      metadata: { user_id: "u" },
      output_config: { effort: "high" },
      temperature: 0.5,
      stop_sequences: ["END"],
    });
    expect(result.dropped).toEqual([
      "context_management",
      "service_tier",
      "container",
      "metadata.extra",
      "output_config.other",
    ]);
  });

  it("keeps cache_control type and ttl everywhere and drops scope, also inside tool results", () => {
    const marker = { type: "ephemeral", ttl: "1h", scope: "global" };
    const { body } = toInvokeBody(
      {
        max_tokens: 10,
        system: [{ type: "text", text: "s", cache_control: marker }],
        tools: [{ name: "t", input_schema: { type: "object" }, cache_control: marker }],
        messages: [
          user([{ type: "text", text: "a", cache_control: marker }]),
          {
            role: "assistant",
            content: [{ type: "tool_use", id: "toolu_1", name: "t", input: {}, cache_control: marker }],
          },
          user([
            {
              type: "tool_result",
              tool_use_id: "toolu_1",
              content: [
                { type: "text", text: "r", cache_control: marker },
                { type: "text", text: "" },
              ],
              cache_control: marker,
            },
          ]),
        ],
      },
      { betas: [] },
    );
    const kept = { type: "ephemeral", ttl: "1h" };
    expect(body.system).toEqual([{ type: "text", text: "s", cache_control: kept }]);
    expect((body.tools as unknown[])[0]).toMatchObject({ cache_control: kept });
    expect(JSON.stringify(body)).not.toContain("scope");
    expect((body.messages as { content: unknown }[])[2]!.content).toEqual([
      {
        type: "tool_result",
        tool_use_id: "toolu_1",
        content: [{ type: "text", text: "r", cache_control: kept }],
        cache_control: kept,
      },
    ]);
  });

  it("removes server tools and custom-tool fields Bedrock rejects, keeps Anthropic client tools", () => {
    const result = toInvokeBody(
      {
        max_tokens: 10,
        messages: [user("hi")],
        tools: [
          {
            name: "a",
            description: "d",
            input_schema: { type: "object" },
            defer_loading: true,
            strict: true,
          },
          { type: "custom", name: "b", input_schema: { type: "object" } },
          { type: "web_search_20250305", name: "web_search", max_uses: 3 },
          { type: "web_fetch_20250910", name: "web_fetch" },
          { type: "code_execution_20250825", name: "code_execution" },
          { type: "bash_20250124", name: "bash" },
          { type: "text_editor_20250728", name: "str_replace_based_edit_tool", max_characters: 1000 },
          { type: "computer_20250124", name: "computer", display_width_px: 1024, display_height_px: 768 },
        ],
        tool_choice: { type: "tool", name: "web_search" },
      },
      { betas: [] },
    );
    expect((result.body.tools as { name: string }[]).map((tool) => tool.name)).toEqual([
      "a",
      "b",
      "bash",
      "str_replace_based_edit_tool",
      "computer",
    ]);
    expect((result.body.tools as unknown[])[0]).toEqual({
      name: "a",
      description: "d",
      input_schema: { type: "object" },
    });
    expect((result.body.tools as unknown[])[3]).toMatchObject({ max_characters: 1000 });
    expect(result.body).not.toHaveProperty("tool_choice");
    expect(result.dropped).toContain("tools.2 (server tool web_search_20250305 web_search)");
  });

  it("drops tools and tool_choice entirely when only server tools were sent", () => {
    const { body } = toInvokeBody(
      {
        max_tokens: 10,
        messages: [user("hi")],
        tools: [{ type: "web_search_20250305", name: "web_search" }],
        tool_choice: { type: "auto" },
      },
      { betas: [] },
    );
    expect(body).not.toHaveProperty("tools");
    expect(body).not.toHaveProperty("tool_choice");
  });

  it("moves system messages into system after its own blocks, and removes empty text", () => {
    const { body, adjusted } = toInvokeBody(
      {
        max_tokens: 10,
        system: [{ type: "text", text: "one", cache_control: { type: "ephemeral" } }],
        messages: [
          { role: "system", content: "two" },
          user([
            { type: "text", text: "  " },
            { type: "text", text: "question" },
          ]),
          {
            role: "system",
            content: [{ type: "text", text: "three", cache_control: { type: "ephemeral" } }],
          },
          { role: "assistant", content: "" },
          user("more"),
        ],
      },
      { betas: [] },
    );
    expect(body.system).toEqual([
      { type: "text", text: "one", cache_control: { type: "ephemeral" } },
      { type: "text", text: "two" },
      { type: "text", text: "three", cache_control: { type: "ephemeral" } },
    ]);
    expect(body.messages).toEqual([user([{ type: "text", text: "question" }]), user("more")]);
    expect(adjusted).toContain("2 system message(s) moved into system");
  });

  it("keeps a string system as it is and removes an empty one", () => {
    expect(toInvokeBody({ max_tokens: 1, system: "sys", messages: [] }, { betas: [] }).body.system).toBe(
      "sys",
    );
    expect(toInvokeBody({ max_tokens: 1, system: "", messages: [] }, { betas: [] }).body).not.toHaveProperty(
      "system",
    );
  });

  it("keeps thinking blocks, signatures and images byte for byte", () => {
    const assistant = {
      role: "assistant",
      content: [
        { type: "thinking", thinking: 'é \u2028 "quoted" \\ ', signature: "EqQBCkYIBxgCKkB+/=" },
        { type: "redacted_thinking", data: "opaque==" },
        { type: "text", text: "answer", citations: null },
      ],
    };
    const image = {
      type: "image",
      source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" },
    };
    const { body } = toInvokeBody({ max_tokens: 10, messages: [user([image]), assistant] }, { betas: [] });
    expect(body.messages).toEqual([user([image]), assistant]);
  });

  it("routes anthropic-beta values through the table, merged with anthropic_beta in the body", () => {
    const result = toInvokeBody(
      { max_tokens: 10, messages: [user("hi")], anthropic_beta: ["context-1m-2025-08-07", "unknown-beta"] },
      {
        betas: ["claude-code-20250219", "interleaved-thinking-2025-05-14", "advanced-tool-use-2025-11-20"],
      },
    );
    expect(result.body.anthropic_beta).toEqual([
      "interleaved-thinking-2025-05-14",
      "tool-search-tool-2025-10-19",
      "context-1m-2025-08-07",
    ]);
    expect(result.dropped).toEqual(["anthropic-beta claude-code-20250219", "anthropic-beta unknown-beta"]);
    expect(
      toInvokeBody({ max_tokens: 1, messages: [] }, { betas: ["oauth-2025-04-20"] }).body,
    ).not.toHaveProperty("anthropic_beta");
  });

  describe("thinking budget", () => {
    const thinking = (budget: number, maxTokens: number, ceiling?: number) =>
      toInvokeBody(
        {
          max_tokens: maxTokens,
          thinking: { type: "enabled", budget_tokens: budget },
          messages: [user("x")],
        },
        { betas: [], ...(ceiling === undefined ? {} : { outputCeiling: ceiling }) },
      ).body;

    it("leaves a budget below max_tokens alone", () => {
      expect(thinking(31_999, 32_000, 64_000)).toMatchObject({
        max_tokens: 32_000,
        thinking: { budget_tokens: 31_999 },
      });
    });
    it("raises max_tokens by the budget within the ceiling", () => {
      expect(thinking(4000, 1000, 64_000)).toMatchObject({
        max_tokens: 5000,
        thinking: { budget_tokens: 4000 },
      });
      expect(thinking(40_000, 30_000, 64_000)).toMatchObject({
        max_tokens: 64_000,
        thinking: { budget_tokens: 40_000 },
      });
    });
    it("lowers the budget when the ceiling leaves no room, or the model is unknown", () => {
      expect(thinking(40_000, 32_000, 32_000)).toMatchObject({
        max_tokens: 32_000,
        thinking: { budget_tokens: 31_999 },
      });
      expect(thinking(8000, 4000)).toMatchObject({ max_tokens: 4000, thinking: { budget_tokens: 3999 } });
    });
    it("raises a budget below 1024 and drops thinking when nothing fits", () => {
      expect(thinking(100, 8000, 64_000)).toMatchObject({ thinking: { budget_tokens: 1024 } });
      const body = thinking(2000, 1000);
      expect(body).not.toHaveProperty("thinking");
      expect(body.max_tokens).toBe(1000);
    });
    it("leaves adaptive thinking alone", () => {
      const { body } = toInvokeBody(
        { max_tokens: 100, thinking: { type: "adaptive" }, messages: [user("x")] },
        { betas: [] },
      );
      expect(body.thinking).toEqual({ type: "adaptive" });
    });
  });
});

describe("betas", () => {
  it("splits comma lists across several headers", () => {
    expect(betaHeaderValues(["a, b", "c,,d "])).toEqual(["a", "b", "c", "d"]);
    expect(betaHeaderValues(undefined)).toEqual([]);
  });

  it("lets bedrock_betas add, remap and drop values over the built-in table", () => {
    const selection = selectBedrockBetas(
      ["new-beta-2026-01-01", "interleaved-thinking-2025-05-14", "claude-code-20250219"],
      { "new-beta-2026-01-01": "new-beta-2026-01-01", "interleaved-thinking-2025-05-14": null },
    );
    expect(selection).toEqual({
      betas: ["new-beta-2026-01-01"],
      dropped: ["interleaved-thinking-2025-05-14", "claude-code-20250219"],
    });
  });
});

describe("claudeOutputCeiling", () => {
  it("is conservative per family and unknown for other models", () => {
    expect(claudeOutputCeiling("anthropic--claude-4.5-sonnet")).toBe(64_000);
    expect(claudeOutputCeiling("anthropic--claude-4.5-haiku")).toBe(64_000);
    expect(claudeOutputCeiling("anthropic--claude-4.6-opus")).toBe(32_000);
    expect(claudeOutputCeiling("anthropic--claude-3.7-sonnet")).toBe(64_000);
    expect(claudeOutputCeiling("anthropic--claude-3.5-sonnet")).toBe(8_192);
    expect(claudeOutputCeiling("anthropic--claude-3-haiku")).toBe(4_096);
    expect(claudeOutputCeiling("gpt-4o")).toBeUndefined();
  });
});

describe("thinking from other model families", () => {
  const toolTurn = (signature: string) => [
    user("use the tool"),
    {
      role: "assistant",
      content: [
        { type: "thinking", thinking: "", signature },
        { type: "tool_use", id: "call_1", name: "lookup", input: {} },
      ],
    },
    user([{ type: "tool_result", tool_use_id: "call_1", content: "done" }]),
  ];

  it("drops Gemini's and unsigned thinking blocks and turns thinking off for that tool turn", () => {
    for (const signature of ["gemini:c2lnbmF0dXJl", "sap-ai-core-llm-proxy:unsigned"]) {
      const { body, adjusted } = toInvokeBody(
        {
          max_tokens: 4000,
          thinking: { type: "enabled", budget_tokens: 2000 },
          messages: toolTurn(signature),
        },
        { betas: [] },
      );
      const assistant = (body.messages as { content: { type: string }[] }[])[1]!;
      expect(assistant.content.map((block) => block.type)).toEqual(["tool_use"]);
      expect(body.thinking).toBeUndefined();
      expect(adjusted.join(" ")).toContain("another model family");
    }
  });

  it("keeps Claude's own signed thinking and the thinking setting", () => {
    const { body } = toInvokeBody(
      {
        max_tokens: 4000,
        thinking: { type: "enabled", budget_tokens: 2000 },
        messages: toolTurn("EqQBCkYIBxgCKkD"),
      },
      { betas: [] },
    );
    expect((body.messages as { content: { type: string }[] }[])[1]!.content[0]!.type).toBe("thinking");
    expect(body.thinking).toEqual({ type: "enabled", budget_tokens: 2000 });
  });
});
