// aws-bedrock executable of the simulator, `/converse`: Claude and Nova answers in the Converse
// shape (text, tool use, reasoning with signatures checked on the way back), cachePoint prompt
// caching, and the rejections Bedrock's Converse API makes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";
import { tenantClient, type TenantClient } from "../helpers/simulator-client.js";
import { bedrockRejection, CLAUDE, converseBody, NOVA, weatherToolSpec } from "./aws-bedrock-helpers.js";

interface ContentBlock {
  text?: string;
  toolUse?: { toolUseId: string; name: string; input: Record<string, unknown> };
  reasoningContent?: { reasoningText: { text: string; signature: string } };
}

interface ConverseResponse {
  output: { message: { role: string; content: ContentBlock[] } };
  stopReason: string;
  usage: {
    inputTokens: number;
    outputTokens: number;
    totalTokens: number;
    cacheReadInputTokens?: number;
    cacheWriteInputTokens?: number;
  };
  metrics: { latencyMs: number };
}

let simulator: Simulator;
let client: TenantClient;

beforeAll(async () => {
  simulator = await startSimulator();
  client = await tenantClient(simulator, "tenant-a");
});
afterAll(() => simulator.close());

async function converse(body: unknown, model = CLAUDE): Promise<{ status: number; body: ConverseResponse }> {
  const response = await client.infer(model, "/converse", body);
  return { status: response.status, body: (await response.json()) as ConverseResponse };
}

const rejection = (body: unknown, model = CLAUDE) => bedrockRejection(client, "/converse", body, model);

const thinking = {
  additionalModelRequestFields: { thinking: { type: "enabled", budget_tokens: 2048 } },
  inferenceConfig: { maxTokens: 4096 },
};
const tools = { toolConfig: { tools: [weatherToolSpec] } };

describe("Claude and Nova on /converse", () => {
  it("answers text in the Converse shape", async () => {
    const { status, body } = await converse(converseBody("Say exactly: Hi from Converse"));
    expect(status).toBe(200);
    expect(body).toEqual({
      output: { message: { role: "assistant", content: [{ text: "Hi from Converse" }] } },
      stopReason: "end_turn",
      usage: {
        inputTokens: expect.any(Number),
        outputTokens: expect.any(Number),
        totalTokens: body.usage.inputTokens + body.usage.outputTokens,
      },
      metrics: { latencyMs: expect.any(Number) },
    });
  });

  it("answers Nova the same way", async () => {
    const { status, body } = await converse(converseBody("Say exactly: Nova speaking"), NOVA);
    expect(status).toBe(200);
    expect(body.output.message.content).toEqual([{ text: "Nova speaking" }]);
  });

  it("reports max_tokens and stop_sequence", async () => {
    const truncated = await converse(converseBody("count to 500", { inferenceConfig: { maxTokens: 10 } }));
    expect(truncated.body.stopReason).toBe("max_tokens");
    const stopped = await converse(
      converseBody("Say exactly: a b END c", { inferenceConfig: { stopSequences: ["END"] } }),
    );
    expect(stopped.body.stopReason).toBe("stop_sequence");
    expect(stopped.body.output.message.content).toEqual([{ text: "a b " }]);
  });

  it("calls tools, named in the prompt or forced by toolChoice", async () => {
    const named = await converse(converseBody("Use get_weather for city=Berlin", tools));
    expect(named.body.stopReason).toBe("tool_use");
    const call = named.body.output.message.content[0]!.toolUse!;
    expect(call.toolUseId).toMatch(/^tooluse_[A-Za-z0-9]{22}$/);
    expect(call).toMatchObject({ name: "get_weather", input: { city: "Berlin" } });

    const forced = await converse(
      converseBody("Hello", {
        toolConfig: { ...tools.toolConfig, toolChoice: { tool: { name: "get_weather" } } },
      }),
      NOVA,
    );
    expect(forced.body.output.message.content[0]!.toolUse!.name).toBe("get_weather");
  });

  it("thinks with additionalModelRequestFields.thinking or reasoning_config", async () => {
    for (const key of ["thinking", "reasoning_config"]) {
      const { status, body } = await converse(
        converseBody("Say exactly: ok", {
          additionalModelRequestFields: { [key]: { type: "enabled", budget_tokens: 2048 } },
          inferenceConfig: { maxTokens: 4096 },
        }),
      );
      expect(status).toBe(200);
      const [reasoning, text] = body.output.message.content;
      expect(reasoning!.reasoningContent!.reasoningText.text.length).toBeGreaterThan(0);
      expect(reasoning!.reasoningContent!.reasoningText.signature.length).toBeGreaterThan(40);
      expect(text).toEqual({ text: "ok" });
    }
  });

  it("accepts its reasoning back with a tool result, and rejects a tampered one", async () => {
    const prompt = "Use get_weather for city=Madrid";
    const first = await converse(converseBody(prompt, { ...tools, ...thinking }));
    const [reasoning, call] = first.body.output.message.content;
    expect(call!.toolUse).toBeDefined();
    const nextTurn = (assistant: ContentBlock[]) =>
      converseBody(prompt, {
        ...tools,
        ...thinking,
        messages: [
          { role: "user", content: [{ text: prompt }] },
          { role: "assistant", content: assistant },
          {
            role: "user",
            content: [{ toolResult: { toolUseId: call!.toolUse!.toolUseId, content: [{ text: "31 C" }] } }],
          },
        ],
      });
    const second = await converse(nextTurn([reasoning!, call!]));
    expect(second.status).toBe(200);
    expect(second.body.output.message.content.at(-1)).toEqual({ text: "The get_weather result is: 31 C" });

    const text = reasoning!.reasoningContent!.reasoningText;
    const tampered = { reasoningContent: { reasoningText: { ...text, text: `${text.text} ` } } };
    expect(await rejection(nextTurn([tampered, call!]))).toEqual({
      status: 400,
      message:
        "The model returned the following errors: messages.1.content.0: Invalid `signature` in `thinking` block",
    });
    const withoutReasoning = await rejection(nextTurn([call!]));
    expect(withoutReasoning.message).toMatch(
      /^The model returned the following errors: messages\.1\.content\.0\.type: Expected `thinking` or `redacted_thinking`, but found `tool_use`/,
    );
  });

  it("caches the prefix up to a cachePoint: write, then read", async () => {
    const system = [
      { text: `cache-point ${"Bedrock converse prompt caching test sentence. ".repeat(160)}` },
      { cachePoint: { type: "default" } },
    ];
    const first = await converse(converseBody("Say exactly: cached", { system }));
    expect(first.body.usage.cacheWriteInputTokens).toBeGreaterThanOrEqual(1024);
    expect(first.body.usage.cacheReadInputTokens).toBe(0);
    const second = await converse(converseBody("Say exactly: cached", { system }));
    expect(second.body.usage).toMatchObject({
      inputTokens: first.body.usage.inputTokens,
      cacheReadInputTokens: first.body.usage.cacheWriteInputTokens,
      cacheWriteInputTokens: 0,
    });
    expect(second.body.usage.totalTokens).toBe(
      second.body.usage.inputTokens +
        second.body.usage.outputTokens +
        second.body.usage.cacheReadInputTokens!,
    );
  });
});

describe("rejections on /converse", () => {
  const user = (text: string) => ({ role: "user", content: [{ text }] });
  const assistant = (text: string) => ({ role: "assistant", content: [{ text }] });
  const cases: [string, unknown, string][] = [
    [
      "an unknown top-level member",
      converseBody("hi", { modelId: "x" }),
      "1 validation error detected: Value at 'modelId' failed to satisfy constraint: Member is not defined by the Converse API",
    ],
    [
      "missing messages",
      { system: [{ text: "x" }] },
      "1 validation error detected: Value null at 'messages' failed to satisfy constraint: Member must not be null",
    ],
    [
      "a system role",
      { messages: [{ role: "system", content: [{ text: "x" }] }, user("hi")] },
      "1 validation error detected: Value 'system' at 'messages.1.member.role' failed to satisfy constraint: Member must satisfy enum value set: [user, assistant]",
    ],
    [
      "a blank text block",
      { messages: [user("   ")] },
      "The text field in the ContentBlock object at messages.0.content.0 is blank. Add text to the text field, and try again.",
    ],
    [
      "an empty content list",
      { messages: [{ role: "user", content: [] }] },
      "The content field in the Message object at messages.0 is empty. Add a ContentBlock object to the content field and try again.",
    ],
    [
      "a conversation starting with the assistant",
      { messages: [assistant("hello"), user("hi")] },
      "A conversation must start with a user message. Try again with a conversation that starts with a user message.",
    ],
    [
      "two user turns in a row",
      { messages: [user("a"), user("b")] },
      "A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.",
    ],
    [
      "an image in an unknown format",
      { messages: [{ role: "user", content: [{ image: { format: "bmp", source: { bytes: "AAAA" } } }] }] },
      "1 validation error detected: Value 'bmp' at 'messages.1.member.content.1.member.image.format' failed to satisfy constraint: Member must satisfy enum value set: [gif, jpeg, png, webp]",
    ],
    [
      "toolUse blocks without toolConfig",
      {
        messages: [
          user("hi"),
          { role: "assistant", content: [{ toolUse: { toolUseId: "t1", name: "get_weather", input: {} } }] },
          { role: "user", content: [{ toolResult: { toolUseId: "t1", content: [{ text: "x" }] } }] },
        ],
      },
      "The toolConfig field must be defined when using toolUse and toolResult content blocks.",
    ],
    [
      "a toolUse without its toolResult",
      {
        ...tools,
        messages: [
          user("hi"),
          { role: "assistant", content: [{ toolUse: { toolUseId: "t1", name: "get_weather", input: {} } }] },
          user("go on"),
        ],
      },
      "Expected toolResult blocks at messages.2.content for the following Ids: t1",
    ],
    [
      "a thinking budget below 1024",
      converseBody("hi", {
        additionalModelRequestFields: { thinking: { type: "enabled", budget_tokens: 100 } },
      }),
      "The model returned the following errors: thinking.enabled.budget_tokens: Input should be greater than or equal to 1024",
    ],
    [
      "a thinking budget not below maxTokens",
      converseBody("hi", { ...thinking, inferenceConfig: { maxTokens: 1500 } }),
      "The model returned the following errors: `max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size",
    ],
    [
      "temperature with thinking",
      converseBody("hi", { ...thinking, inferenceConfig: { maxTokens: 4096, temperature: 0.3 } }),
      "The model returned the following errors: `temperature` may only be set to 1 when thinking is enabled. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#important-considerations-when-using-extended-thinking",
    ],
    [
      "an unknown additional model field",
      converseBody("hi", { additionalModelRequestFields: { enable_thinking: true } }),
      "The model returned the following errors: enable_thinking: Extra inputs are not permitted",
    ],
    [
      "an unknown inferenceConfig member",
      converseBody("hi", { inferenceConfig: { max_tokens: 10 } }),
      "1 validation error detected: Value at 'inferenceConfig.max_tokens' failed to satisfy constraint: Member is not defined by the Converse API",
    ],
  ];

  it.each(cases)("rejects %s with 400 and Bedrock's message", async (_name, body, message) => {
    expect(await rejection(body)).toEqual({ status: 400, message });
  });

  it("rejects Anthropic thinking on Nova", async () => {
    expect(await rejection(converseBody("hi", thinking), NOVA)).toEqual({
      status: 400,
      message:
        "The model returned the following errors: Malformed input request: #: extraneous key [thinking] is not permitted, please reformat your input and try again.",
    });
  });
});
