// POST /v1/messages/count_tokens: a conservative estimate that counts every block type, grows
// with every block added, never falls below what the (simulated) upstream reports for the same
// request, and knows every model name the gateway routes (aliases included).
import Anthropic from "@anthropic-ai/sdk";
import type { MessageCountTokensParams, MessageParam } from "@anthropic-ai/sdk/resources/messages";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  estimateInputTokens,
  estimateTextTokens,
} from "../../src/frontends/anthropic-messages/count-tokens.js";
import { startTestGateway, type TestGateway } from "../helpers/gateway.js";
import { jsonOf } from "../helpers/simulator-client.js";
import { longSystemText, PNG_1X1, post } from "./helpers.js";

let setup: TestGateway;
let client: Anthropic;

beforeAll(async () => {
  setup = await startTestGateway();
  client = new Anthropic({ apiKey: "test-key", baseURL: setup.url, maxRetries: 0 });
});
afterAll(() => setup.close());

const base: MessageCountTokensParams = {
  model: "claude-sonnet-4-5",
  system: "You are a careful assistant.",
  messages: [{ role: "user", content: "What is the weather like in Paris today?" }],
};
const tool = {
  name: "get_weather",
  description: "Current weather for a city, in the unit asked for",
  input_schema: {
    type: "object" as const,
    properties: { city: { type: "string" }, unit: { type: "string", enum: ["celsius", "fahrenheit"] } },
    required: ["city"],
  },
};

async function count(params: MessageCountTokensParams): Promise<number> {
  return (await client.messages.countTokens(params)).input_tokens;
}

describe("POST /v1/messages/count_tokens", () => {
  it("answers { input_tokens } for SAP names and aliases, with and without ?beta=true", async () => {
    const viaAlias = await count(base);
    expect(viaAlias).toBeGreaterThan(10);
    expect(await count({ ...base, model: "anthropic--claude-4.5-sonnet" })).toBe(viaAlias);
    const beta = await post(setup, "/v1/messages/count_tokens?beta=true", base);
    expect(await jsonOf(beta)).toEqual({ input_tokens: viaAlias });
    // any model the gateway routes
    expect(await count({ ...base, model: "gpt-4o" })).toBe(viaAlias);
  });

  it("answers an unknown model with 404 not_found_error", async () => {
    const error = await client.messages.countTokens({ ...base, model: "claude-unknown-1" }).catch((e) => e);
    expect(error).toBeInstanceOf(Anthropic.NotFoundError);
    expect(error.error).toMatchObject({ type: "error", error: { type: "not_found_error" } });
  });

  it("grows with every block type", async () => {
    const plain = await count(base);
    const withTool = await count({ ...base, tools: [tool] });
    expect(withTool).toBeGreaterThan(plain + 50);

    const withImage = await count({
      ...base,
      messages: [
        {
          role: "user",
          content: [
            { type: "image", source: { type: "base64", media_type: "image/png", data: PNG_1X1 } },
            { type: "text", text: "What is the weather like in Paris today?" },
          ],
        },
      ],
    });
    expect(withImage).toBeGreaterThanOrEqual(plain + 1600);

    const turn: MessageParam[] = [
      ...base.messages,
      {
        role: "assistant",
        content: [
          {
            type: "thinking",
            thinking: "The user wants the weather; I should call the tool.",
            signature: "c2ln",
          },
          { type: "tool_use", id: "toolu_1", name: "get_weather", input: { city: "Paris", unit: "celsius" } },
        ],
      },
      {
        role: "user",
        content: [{ type: "tool_result", tool_use_id: "toolu_1", content: "sunny, 24 degrees" }],
      },
    ];
    const withToolLoop = await count({ ...base, tools: [tool], messages: turn });
    expect(withToolLoop).toBeGreaterThan(withTool + 30);
    const withoutThinking = await count({
      ...base,
      tools: [tool],
      messages: turn.map((message): MessageParam =>
        Array.isArray(message.content)
          ? ({
              ...message,
              content: message.content.filter((block) => block.type !== "thinking"),
            } as MessageParam)
          : message,
      ),
    });
    expect(withToolLoop).toBeGreaterThan(withoutThinking);

    const withDocument = await count({
      ...base,
      messages: [
        {
          role: "user",
          content: [
            {
              type: "document",
              source: { type: "text", media_type: "text/plain", data: longSystemText("doc") },
            },
            { type: "text", text: "Summarise" },
          ],
        },
      ],
    });
    expect(withDocument).toBeGreaterThan(plain + 1000);
  });

  it("is never below what the upstream reports for the same request", async () => {
    const requests: MessageCountTokensParams[] = [
      base,
      { ...base, tools: [tool] },
      {
        ...base,
        system: [{ type: "text", text: longSystemText("counting"), cache_control: { type: "ephemeral" } }],
        tools: [tool],
        messages: [
          {
            role: "user",
            content: [
              {
                type: "image",
                source: { type: "base64", media_type: "image/png", data: PNG_1X1.repeat(12) },
              },
              {
                type: "text",
                text: "a b c d e f g h i j k l m n o p, q; r: s! (t) [u] {v} 1 2 3 4 5 6 7 8 9",
              },
            ],
          },
        ],
      },
    ];
    for (const params of requests) {
      const estimate = await count(params);
      const message = await client.messages.create({ ...params, max_tokens: 50 });
      const { input_tokens, cache_creation_input_tokens, cache_read_input_tokens } = message.usage;
      const reported = input_tokens + (cache_creation_input_tokens ?? 0) + (cache_read_input_tokens ?? 0);
      expect(estimate).toBeGreaterThanOrEqual(reported);
    }
  });
});

describe("the estimator", () => {
  it("biases text high: the larger of chars/3.5 and word pieces, CJK per character", () => {
    expect(estimateTextTokens("")).toBe(0);
    expect(estimateTextTokens("abcdefg")).toBe(2);
    expect(estimateTextTokens("a b c d")).toBe(4);
    expect(estimateTextTokens("日本語のテキスト")).toBe(8);
  });

  it("counts a PDF by its size, at least 3000 tokens", () => {
    const pdf = (bytes: number) =>
      estimateInputTokens({
        messages: [
          {
            role: "user",
            content: [
              {
                type: "document",
                source: { type: "base64", media_type: "application/pdf", data: "A".repeat((bytes * 4) / 3) },
              },
            ],
          },
        ],
      });
    expect(pdf(3000)).toBeGreaterThan(3000);
    expect(pdf(300_000)).toBeGreaterThan(15_000);
  });
});
