// The Anthropic Messages API through the gateway to Claude on the simulator's Bedrock, driven by
// the official @anthropic-ai/sdk: text (streamed and not, SAP name and Anthropic alias), tools
// with a round trip, thinking whose signature goes back on the next turn, prompt caching, images,
// and what reached SAP.
import Anthropic from "@anthropic-ai/sdk";
import type { MessageParam, RawMessageStreamEvent, Tool } from "@anthropic-ai/sdk/resources/messages";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../helpers/gateway.js";
import { lastInference, longSystemText, PNG_1X1 } from "./helpers.js";

let setup: TestGateway;
let client: Anthropic;

const SONNET = "anthropic--claude-4.5-sonnet";
const ALIAS = "claude-sonnet-4-5-20250929";

const weatherTool: Tool = {
  name: "get_weather",
  description: "Current weather for a city",
  input_schema: {
    type: "object",
    properties: { city: { type: "string" }, days: { type: "integer" } },
    required: ["city", "days"],
  },
};

beforeAll(async () => {
  setup = await startTestGateway();
  client = new Anthropic({ apiKey: "test-key", baseURL: setup.url, maxRetries: 0 });
});
afterAll(() => setup.close());
beforeEach(() => setup.simulator.requestLog.clear());

describe("text", () => {
  it.each([SONNET, ALIAS])("answers without streaming on %s", async (model) => {
    const message = await client.messages.create({
      model,
      max_tokens: 200,
      messages: [{ role: "user", content: "reply with exactly: hello from SAP" }],
    });
    expect(message.content).toEqual([{ type: "text", text: "hello from SAP" }]);
    expect(message.stop_reason).toBe("end_turn");
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    const sent = lastInference(setup);
    expect(sent.path).toMatch(/\/invoke$/);
    expect(sent.body).toEqual({
      anthropic_version: "bedrock-2023-05-31",
      max_tokens: 200,
      messages: [{ role: "user", content: "reply with exactly: hello from SAP" }],
    });
  });

  it.each([SONNET, ALIAS])("streams with the SDK's helpers on %s", async (model) => {
    const texts: string[] = [];
    const stream = client.messages
      .stream({ model, max_tokens: 300, messages: [{ role: "user", content: "count to 30" }] })
      .on("text", (delta) => texts.push(delta));
    const message = await stream.finalMessage();
    const expected = Array.from({ length: 30 }, (_, index) => index + 1).join(" ");
    expect(message.content).toHaveLength(1);
    expect(message.content[0]).toMatchObject({ type: "text", text: expected });
    expect(texts.length).toBeGreaterThan(3);
    expect(texts.join("")).toBe(expected);
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect(message.usage.output_tokens).toBeGreaterThan(0);
    const sent = lastInference(setup);
    expect(sent.path).toMatch(/\/invoke-with-response-stream$/);
    expect(sent.headers.accept).toBe("application/vnd.amazon.eventstream");
    expect(sent.body).not.toHaveProperty("stream");
    expect(sent.body).not.toHaveProperty("model");
  });

  it("accepts a bearer token (ANTHROPIC_AUTH_TOKEN) instead of x-api-key", async () => {
    const bearer = new Anthropic({ apiKey: null, authToken: "test-key", baseURL: setup.url, maxRetries: 0 });
    const message = await bearer.messages.create({
      model: SONNET,
      max_tokens: 50,
      messages: [{ role: "user", content: "say exactly: bearer works" }],
    });
    expect(message.content[0]).toMatchObject({ type: "text", text: "bearer works" });
  });

  it("serves Claude Code's model ids with [1m] suffixes and model variables", async () => {
    for (const model of ["claude-sonnet-4-5[1m]", "claude-opus-4-6", "claude-haiku-4-5-20251001"]) {
      const message = await client.messages.create({
        model,
        max_tokens: 50,
        messages: [{ role: "user", content: "say exactly: ok" }],
      });
      expect(message.content[0]).toMatchObject({ text: "ok" });
    }
  });
});

describe("tools", () => {
  it("streams a tool call as input_json_delta fragments and completes the round trip", async () => {
    const question: MessageParam = {
      role: "user",
      content: "Use get_weather for city=Paris days=3",
    };
    const fragments: string[] = [];
    const stream = client.messages.stream({
      model: SONNET,
      max_tokens: 500,
      tools: [weatherTool],
      messages: [question],
    });
    stream.on("streamEvent", (event: RawMessageStreamEvent) => {
      if (event.type === "content_block_delta" && event.delta.type === "input_json_delta")
        fragments.push(event.delta.partial_json);
    });
    const first = await stream.finalMessage();
    expect(first.stop_reason).toBe("tool_use");
    const call = first.content.find((block) => block.type === "tool_use");
    expect(call).toMatchObject({ name: "get_weather", input: { city: "Paris", days: 3 } });
    expect(call?.id).toMatch(/^toolu_/);
    expect(fragments.length).toBeGreaterThan(1);
    expect(JSON.parse(fragments.join(""))).toEqual({ city: "Paris", days: 3 });

    const answer = await client.messages.create({
      model: ALIAS,
      max_tokens: 500,
      tools: [weatherTool],
      messages: [
        question,
        { role: "assistant", content: first.content },
        {
          role: "user",
          content: [{ type: "tool_result", tool_use_id: call!.id, content: "sunny, 24 degrees" }],
        },
      ],
    });
    expect(answer.content).toEqual([{ type: "text", text: "The get_weather result is: sunny, 24 degrees" }]);
  });
});

describe("thinking", () => {
  it("relays signatures byte-exact: the next turn with the thinking block is accepted", async () => {
    const question: MessageParam = { role: "user", content: "call get_weather for city=Oslo days=1" };
    const first = await client.messages
      .stream({
        model: SONNET,
        max_tokens: 4000,
        thinking: { type: "enabled", budget_tokens: 2048 },
        tools: [weatherTool],
        messages: [question],
      })
      .finalMessage();
    expect(first.content.map((block) => block.type)).toEqual(["thinking", "tool_use"]);
    const thinking = first.content[0];
    expect(thinking?.type === "thinking" && thinking.signature.length).toBeGreaterThan(20);
    const call = first.content.find((block) => block.type === "tool_use")!;

    // the simulator rejects a thinking block whose signature it did not issue
    const next = await client.messages.create({
      model: SONNET,
      max_tokens: 4000,
      thinking: { type: "enabled", budget_tokens: 2048 },
      tools: [weatherTool],
      messages: [
        question,
        { role: "assistant", content: first.content },
        { role: "user", content: [{ type: "tool_result", tool_use_id: call.id, content: "snow" }] },
      ],
    });
    expect(next.content.at(-1)).toMatchObject({ type: "text", text: "The get_weather result is: snow" });

    const forged = await client.messages
      .create({
        model: SONNET,
        max_tokens: 4000,
        thinking: { type: "enabled", budget_tokens: 2048 },
        tools: [weatherTool],
        messages: [
          question,
          {
            role: "assistant",
            content: first.content.map((block) =>
              block.type === "thinking"
                ? { ...block, signature: `${block.signature.slice(0, -4)}AAAA` }
                : block,
            ),
          },
          { role: "user", content: [{ type: "tool_result", tool_use_id: call.id, content: "snow" }] },
        ],
      })
      .catch((error: unknown) => error);
    expect(forged).toBeInstanceOf(Anthropic.BadRequestError);
    expect((forged as Error).message).toContain("Invalid `signature`");
  });

  it("keeps the thinking budget below max_tokens, raising max_tokens within the model's limit", async () => {
    const message = await client.messages.create({
      model: SONNET,
      max_tokens: 2000,
      thinking: { type: "enabled", budget_tokens: 5000 },
      messages: [{ role: "user", content: "say exactly: thought about it" }],
    });
    expect(message.content.at(-1)).toMatchObject({ text: "thought about it" });
    expect(lastInference(setup).body).toMatchObject({
      max_tokens: 7000,
      thinking: { type: "enabled", budget_tokens: 5000 },
    });
  });

  it("lowers the budget when max_tokens is at the model's limit, never below 1024", async () => {
    // anthropic--claude-4.6-opus allows 32000 output tokens
    await client.messages
      .stream({
        model: "claude-opus-4-6",
        max_tokens: 32_000,
        thinking: { type: "enabled", budget_tokens: 40_000 },
        messages: [{ role: "user", content: "say exactly: fine" }],
      })
      .finalMessage();
    expect(lastInference(setup).body).toMatchObject({
      max_tokens: 32_000,
      thinking: { type: "enabled", budget_tokens: 31_999 },
    });
    await client.messages.create({
      model: SONNET,
      max_tokens: 4000,
      thinking: { type: "enabled", budget_tokens: 500 },
      messages: [{ role: "user", content: "say exactly: fine" }],
    });
    expect(lastInference(setup).body.thinking).toEqual({ type: "enabled", budget_tokens: 1024 });
  });
});

describe("prompt caching", () => {
  it("reports cache writes then reads for a system prompt with cache_control", async () => {
    // one deployment only: round robin across subaccounts would hit a cold cache every other time
    const request = {
      model: "claude-haiku-4-5",
      max_tokens: 100,
      system: [
        {
          type: "text" as const,
          text: longSystemText("caching test"),
          cache_control: { type: "ephemeral" as const, ttl: "1h" as const },
        },
      ],
      messages: [{ role: "user" as const, content: "say exactly: cached" }],
    };
    const starts: RawMessageStreamEvent[] = [];
    const run = () =>
      client.messages
        .stream(request)
        .on("streamEvent", (event: RawMessageStreamEvent) => {
          if (event.type === "message_start") starts.push(event);
        })
        .finalMessage();
    const first = await run();
    expect(first.usage.cache_creation_input_tokens).toBeGreaterThan(1000);
    expect(first.usage.cache_read_input_tokens).toBe(0);
    const second = await run();
    expect(second.usage.cache_read_input_tokens).toBe(first.usage.cache_creation_input_tokens);
    expect(second.usage.input_tokens).toBeGreaterThan(0);
    const [start1, start2] = starts.map((event) =>
      event.type === "message_start" ? event.message.usage : null,
    );
    expect(start1?.cache_creation_input_tokens).toBeGreaterThan(1000);
    expect(start2?.cache_read_input_tokens).toBeGreaterThan(1000);
    expect(lastInference(setup).body.system[0].cache_control).toEqual({ type: "ephemeral", ttl: "1h" });
  });
});

describe("images and documents", () => {
  it("passes image and document blocks through unchanged", async () => {
    const content = [
      {
        type: "image" as const,
        source: { type: "base64" as const, media_type: "image/png" as const, data: PNG_1X1 },
      },
      {
        type: "document" as const,
        source: { type: "text" as const, media_type: "text/plain" as const, data: "a small text document" },
        title: "notes",
      },
      { type: "text" as const, text: "What do you see?" },
    ];
    const message = await client.messages.create({
      model: SONNET,
      max_tokens: 100,
      messages: [{ role: "user", content }],
    });
    expect(message.content[0]).toMatchObject({
      type: "text",
      text: "Echo: What do you see? (2 attachments)",
    });
    expect(lastInference(setup).body.messages[0].content).toEqual(content);
  });
});

describe("reported model", () => {
  // Claude Code drops a turn's thinking blocks when the response's model differs from the one it
  // asked for, and its next tool turn then fails on Bedrock ("must start with a thinking block").
  it("is the model name the client sent, streamed and not", async () => {
    const client = new Anthropic({ apiKey: "test-key", baseURL: setup.url, maxRetries: 0 });
    const plain = await client.messages.create({
      model: "claude-sonnet-4-5",
      max_tokens: 50,
      messages: [{ role: "user", content: "hi" }],
    });
    expect(plain.model).toBe("claude-sonnet-4-5");
    const streamed = await client.messages
      .stream({
        model: "anthropic--claude-4.5-sonnet",
        max_tokens: 50,
        messages: [{ role: "user", content: "hi" }],
      })
      .finalMessage();
    expect(streamed.model).toBe("anthropic--claude-4.5-sonnet");
  });
});
