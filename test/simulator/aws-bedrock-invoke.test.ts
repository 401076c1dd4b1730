// aws-bedrock executable of the simulator, `/invoke`: Claude's Anthropic Messages answers (text,
// tool use, thinking with signatures checked on the way back), prompt caching with a controllable
// clock, and Titan embeddings. Rejections are in aws-bedrock-invoke-rejections.test.ts.
import type Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";
import { tenantClient, type TenantClient } from "../helpers/simulator-client.js";
import { bedrockRejection, CLAUDE, invokeBody, TITAN, weatherTool } from "./aws-bedrock-helpers.js";

type Block = Anthropic.ContentBlock;

let simulator: Simulator;
let client: TenantClient;
let clock = Date.UTC(2026, 0, 20, 9, 0, 0);

beforeAll(async () => {
  simulator = await startSimulator({ now: () => clock });
  client = await tenantClient(simulator, "tenant-a");
});
afterAll(() => simulator.close());

async function invoke(body: unknown, model = CLAUDE): Promise<{ status: number; body: Anthropic.Message }> {
  const response = await client.infer(model, "/invoke", body);
  return { status: response.status, body: (await response.json()) as Anthropic.Message };
}

const rejection = (body: unknown, model = CLAUDE) => bedrockRejection(client, "/invoke", body, model);

function blockOf<T extends Block["type"]>(message: Anthropic.Message, type: T): Extract<Block, { type: T }> {
  const found = message.content.find((block): block is Extract<Block, { type: T }> => block.type === type);
  if (!found) throw new Error(`no ${type} block in ${JSON.stringify(message.content)}`);
  return found;
}

const thinkingOn = { thinking: { type: "enabled", budget_tokens: 2048 }, max_tokens: 4096 };

describe("Claude on /invoke", () => {
  it("answers text with the Anthropic message shape and Bedrock ids", async () => {
    const { status, body } = await invoke(invokeBody("Say exactly: Hello from Bedrock"));
    expect(status).toBe(200);
    expect(body.id).toMatch(/^msg_bdrk_[A-Za-z0-9]{24}$/);
    expect(body).toMatchObject({
      type: "message",
      role: "assistant",
      model: "claude-sonnet-4-5-20250929",
      content: [{ type: "text", text: "Hello from Bedrock" }],
      stop_reason: "end_turn",
      stop_sequence: null,
      usage: { cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    });
    expect(body.usage.input_tokens).toBeGreaterThan(0);
    expect(body.usage.output_tokens).toBeGreaterThan(0);
  });

  it("reports max_tokens and stop_sequence endings", async () => {
    const truncated = await invoke(invokeBody("count to 500", { max_tokens: 10 }));
    expect(truncated.body.stop_reason).toBe("max_tokens");
    const stopped = await invoke(invokeBody("Say exactly: one two STOP three", { stop_sequences: ["STOP"] }));
    expect(stopped.body).toMatchObject({
      content: [{ type: "text", text: "one two " }],
      stop_reason: "stop_sequence",
      stop_sequence: "STOP",
    });
  });

  it("calls a tool named in the prompt, or the one tool_choice forces", async () => {
    const named = await invoke(invokeBody("Use get_weather for city=Paris", { tools: [weatherTool] }));
    expect(named.status).toBe(200);
    expect(named.body.stop_reason).toBe("tool_use");
    const call = blockOf(named.body, "tool_use");
    expect(call.id).toMatch(/^toolu_bdrk_[A-Za-z0-9]{24}$/);
    expect(call).toMatchObject({ name: "get_weather", input: { city: "Paris" } });

    const forced = await invoke(invokeBody("Hello", { tools: [weatherTool], tool_choice: { type: "any" } }));
    expect(blockOf(forced.body, "tool_use").name).toBe("get_weather");
    const none = await invoke(
      invokeBody("Use get_weather for city=Paris", { tools: [weatherTool], tool_choice: { type: "none" } }),
    );
    expect(none.body.stop_reason).toBe("end_turn");
  });

  it("accepts Anthropic-defined client tools and accepted beta flags", async () => {
    const { status } = await invoke(
      invokeBody("Hello", {
        tools: [{ type: "bash_20250124", name: "bash" }],
        anthropic_beta: ["interleaved-thinking-2025-05-14"],
      }),
    );
    expect(status).toBe(200);
  });

  it("thinks first when thinking is enabled or adaptive, with a signed thinking block", async () => {
    const enabled = await invoke(invokeBody("Say exactly: done", thinkingOn));
    expect(enabled.body.content.map((block) => block.type)).toEqual(["thinking", "text"]);
    const thinking = blockOf(enabled.body, "thinking");
    expect(thinking.thinking.length).toBeGreaterThan(0);
    expect(thinking.signature.length).toBeGreaterThan(40);

    const adaptive = await invoke(invokeBody("Say exactly: done", { thinking: { type: "adaptive" } }));
    expect(adaptive.body.content.map((block) => block.type)).toEqual(["thinking", "text"]);
    const disabled = await invoke(invokeBody("Say exactly: done", { thinking: { type: "disabled" } }));
    expect(disabled.body.content.map((block) => block.type)).toEqual(["text"]);
  });

  it("accepts its own thinking block back with a tool result, and rejects a tampered one", async () => {
    const prompt = "Use get_weather for city=Rome";
    const first = await invoke(invokeBody(prompt, { ...thinkingOn, tools: [weatherTool] }));
    expect(first.body.content.map((block) => block.type)).toEqual(["thinking", "tool_use"]);
    const call = blockOf(first.body, "tool_use");
    const nextTurn = (assistantContent: unknown) =>
      invokeBody(prompt, {
        ...thinkingOn,
        tools: [weatherTool],
        messages: [
          { role: "user", content: prompt },
          { role: "assistant", content: assistantContent },
          {
            role: "user",
            content: [{ type: "tool_result", tool_use_id: call.id, content: "22 C and sunny" }],
          },
        ],
      });

    const second = await invoke(nextTurn(first.body.content));
    expect(second.status).toBe(200);
    expect(blockOf(second.body, "text").text).toBe("The get_weather result is: 22 C and sunny");

    const thinking = blockOf(first.body, "thinking");
    const tampered = { ...thinking, thinking: `${thinking.thinking.slice(0, -1)}!` };
    expect(await rejection(nextTurn([tampered, call]))).toEqual({
      status: 400,
      message: "messages.1.content.0: Invalid `signature` in `thinking` block",
    });

    const withoutThinking = await rejection(nextTurn([call]));
    expect(withoutThinking.status).toBe(400);
    expect(withoutThinking.message).toMatch(
      /^messages\.1\.content\.0\.type: Expected `thinking` or `redacted_thinking`, but found `tool_use`\. When `thinking` is enabled, a final `assistant` message must start with a thinking block/,
    );
  });
});

describe("prompt caching on /invoke", () => {
  const longSystem = (seed: string) =>
    `${seed} ${"The quick brown fox jumps over the lazy dog. ".repeat(150)}`;
  const cachedBody = (seed: string, ttl?: string) =>
    invokeBody("Say exactly: cached", {
      system: [
        {
          type: "text",
          text: longSystem(seed),
          cache_control: ttl ? { type: "ephemeral", ttl } : { type: "ephemeral" },
        },
      ],
    });

  it("writes the prefix on the first call and reads it on the second", async () => {
    const first = await invoke(cachedBody("write-then-read"));
    expect(first.body.usage.cache_creation_input_tokens).toBeGreaterThanOrEqual(1024);
    expect(first.body.usage.cache_read_input_tokens).toBe(0);
    const second = await invoke(cachedBody("write-then-read"));
    expect(second.body.usage).toMatchObject({
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: first.body.usage.cache_creation_input_tokens,
      input_tokens: first.body.usage.input_tokens,
    });
    // input_tokens excludes the cached prefix, as Anthropic reports it.
    const uncached = await invoke(
      invokeBody("Say exactly: cached", { system: longSystem("write-then-read") }),
    );
    expect(uncached.body.usage.input_tokens).toBe(
      first.body.usage.input_tokens + (first.body.usage.cache_creation_input_tokens ?? 0),
    );
  });

  it("expires entries after five minutes, or an hour with ttl 1h", async () => {
    await invoke(cachedBody("five-minutes"));
    await invoke(cachedBody("one-hour", "1h"));
    clock += 6 * 60 * 1000;
    const expired = await invoke(cachedBody("five-minutes"));
    expect(expired.body.usage.cache_read_input_tokens).toBe(0);
    expect(expired.body.usage.cache_creation_input_tokens).toBeGreaterThan(0);
    const kept = await invoke(cachedBody("one-hour", "1h"));
    expect(kept.body.usage.cache_read_input_tokens).toBeGreaterThan(0);
  });

  it("does not cache a prefix below the minimum", async () => {
    const body = invokeBody("hi", {
      system: [{ type: "text", text: "short", cache_control: { type: "ephemeral" } }],
    });
    const { body: message } = await invoke(body);
    expect(message.usage).toMatchObject({ cache_creation_input_tokens: 0, cache_read_input_tokens: 0 });
  });
});

describe("Titan embeddings on /invoke", () => {
  interface TitanResponse {
    embedding: number[];
    embeddingsByType?: { float?: number[]; binary?: number[] };
    inputTextTokenCount: number;
  }
  const embed = async (body: unknown) => {
    const response = await client.infer(TITAN, "/invoke", body);
    return { status: response.status, body: (await response.json()) as TitanResponse };
  };

  it("returns a deterministic unit vector and the token count", async () => {
    const first = await embed({ inputText: "SAP AI Core" });
    expect(first.status).toBe(200);
    expect(first.body.embedding).toHaveLength(1024);
    expect(first.body.inputTextTokenCount).toBeGreaterThan(0);
    expect(first.body.embeddingsByType).toBeUndefined();
    const norm = Math.sqrt(first.body.embedding.reduce((sum, value) => sum + value * value, 0));
    expect(norm).toBeCloseTo(1, 5);
    expect((await embed({ inputText: "SAP AI Core" })).body.embedding).toEqual(first.body.embedding);
    expect((await embed({ inputText: "something else" })).body.embedding).not.toEqual(first.body.embedding);
  });

  it("honours dimensions and embeddingTypes", async () => {
    const { body } = await embed({
      inputText: "hello",
      dimensions: 256,
      embeddingTypes: ["float", "binary"],
    });
    expect(body.embedding).toHaveLength(256);
    expect(body.embeddingsByType?.float).toEqual(body.embedding);
    expect(body.embeddingsByType?.binary).toEqual(body.embedding.map((value) => (value > 0 ? 1 : 0)));
  });

  it("rejects unknown keys and invalid dimensions with Bedrock's schema messages", async () => {
    expect(await rejection({ inputText: "x", texts: ["x"] }, TITAN)).toEqual({
      status: 400,
      message:
        "Malformed input request: #: extraneous key [texts] is not permitted, please reformat your input and try again.",
    });
    expect(await rejection({ inputText: "x", dimensions: 300 }, TITAN)).toEqual({
      status: 400,
      message:
        "Malformed input request: #/dimensions: 300 is not a valid enum value, please reformat your input and try again.",
    });
    expect(await rejection({ texts: ["x"] }, TITAN)).toMatchObject({ status: 400 });
  });

  it("does not stream or converse", async () => {
    const stream = await client.infer(TITAN, "/invoke-with-response-stream", { inputText: "x" });
    expect(stream.status).toBe(400);
    expect(await stream.json()).toEqual({ message: "The model is unsupported for streaming." });
    const converse = await client.infer(TITAN, "/converse", {
      messages: [{ role: "user", content: [{ text: "x" }] }],
    });
    expect(converse.status).toBe(400);
    expect(await converse.json()).toEqual({
      message:
        "This action doesn't support the model that you provided. Try again with a supported text or chat model.",
    });
  });
});
