// azure-openai executable of the simulator: chat (JSON and SSE, checked against SAP's recorded
// streams and with the official openai SDK), embeddings, and the rejections Azure makes.
import { readFileSync } from "node:fs";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";
import { sseDataPayloads, tenantClient, type TenantClient, jsonOf } from "../helpers/simulator-client.js";

let simulator: Simulator;
let client: TenantClient;

beforeAll(async () => {
  simulator = await startSimulator();
  client = await tenantClient(simulator, "tenant-a");
});
afterAll(() => simulator.close());

const CHAT = "/chat/completions?api-version=2024-10-21";

function sdkFor(model: string): OpenAI {
  return new OpenAI({
    apiKey: client.token,
    baseURL: `${client.apiUrl}/v2/inference/deployments/${client.deploymentId(model)}`,
    defaultQuery: { "api-version": "2024-10-21" },
    defaultHeaders: { "AI-Resource-Group": client.resourceGroupOf(model) },
    maxRetries: 0,
  });
}

function fixture(name: string): string {
  return readFileSync(
    new URL(`../fixtures/sap-ai-sdk-js/foundation-models/${name}`, import.meta.url),
    "utf8",
  );
}

/** The structure of a JSON value: keys and value types, not values. */
function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.length ? [shapeOf(value[0])] : [];
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .map(([key, item]) => [key, shapeOf(item)])
        .sort(),
    );
  }
  return value === null ? "null" : typeof value;
}

const weatherTool = {
  type: "function" as const,
  function: {
    name: "get_weather",
    description: "Current weather",
    parameters: {
      type: "object",
      properties: { city: { type: "string" }, days: { type: "integer" } },
      required: ["city"],
    },
  },
};

describe("chat completions, non-stream", () => {
  it("answers with the recorded Azure response structure and a reply derived from the prompt", async () => {
    const response = await client.infer("gpt-4o", CHAT, {
      messages: [{ role: "user", content: "reply with exactly: Hello, world!" }],
    });
    expect(response.status).toBe(200);
    const body = await jsonOf(response);
    const recorded = JSON.parse(fixture("azure-openai-chat-completion-success-response.json"));
    const { annotations: _annotations, ...message } = body.choices[0].message;
    expect(shapeOf({ ...body, choices: [{ ...body.choices[0], message }] })).toEqual(shapeOf(recorded));
    expect(body.choices[0].message.content).toBe("Hello, world!");
    expect(body.choices[0].finish_reason).toBe("stop");
    expect(body.model).toBe("gpt-4o-2024-11-20");
    expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + body.usage.completion_tokens);
  });

  it("works with the official openai SDK, including a tool-call round trip", async () => {
    const openai = sdkFor("gpt-4.1");
    const first = await openai.chat.completions.create({
      model: "gpt-4.1",
      messages: [{ role: "user", content: "Use get_weather for city=Paris days=3" }],
      tools: [weatherTool],
    });
    const call = first.choices[0]!.message.tool_calls![0]!;
    expect(first.choices[0]!.finish_reason).toBe("tool_calls");
    expect(call.type === "function" && call.function.name).toBe("get_weather");
    expect(call.type === "function" && JSON.parse(call.function.arguments)).toEqual({
      city: "Paris",
      days: 3,
    });
    const second = await openai.chat.completions.create({
      model: "gpt-4.1",
      messages: [
        { role: "user", content: "Use get_weather for city=Paris days=3" },
        first.choices[0]!.message,
        { role: "tool", tool_call_id: call.id, content: "18 degrees and sunny" },
      ],
      tools: [weatherTool],
    });
    expect(second.choices[0]!.message.content).toBe("The get_weather result is: 18 degrees and sunny");
  });

  it("truncates at the output limit and honours stop sequences", async () => {
    const openai = sdkFor("gpt-4o");
    const truncated = await openai.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "count to 100" }],
      max_tokens: 5,
    });
    expect(truncated.choices[0]!.message.content).toBe("1 2 3 4 5");
    expect(truncated.choices[0]!.finish_reason).toBe("length");
    expect(truncated.usage!.completion_tokens).toBe(5);
    const stopped = await openai.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "count to 10" }],
      stop: [" 4"],
    });
    expect(stopped.choices[0]!.message.content).toBe("1 2 3");
    expect(stopped.choices[0]!.finish_reason).toBe("stop");
  });

  it("reports reasoning tokens and accepts max_completion_tokens on reasoning models", async () => {
    const completion = await sdkFor("gpt-5").chat.completions.create({
      model: "gpt-5",
      messages: [
        { role: "developer", content: "Be brief." },
        { role: "user", content: "say exactly: ok" },
      ],
      max_completion_tokens: 500,
      reasoning_effort: "low",
    });
    expect(completion.choices[0]!.message.content).toBe("ok");
    expect(completion.usage!.completion_tokens_details!.reasoning_tokens).toBeGreaterThan(0);
  });

  it("returns JSON that follows a requested json_schema", async () => {
    const completion = await sdkFor("gpt-4o").chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "name=Ada age=36" }],
      response_format: {
        type: "json_schema",
        json_schema: {
          name: "person",
          schema: {
            type: "object",
            properties: { name: { type: "string" }, age: { type: "integer" } },
            required: ["name", "age"],
          },
        },
      },
    });
    expect(JSON.parse(completion.choices[0]!.message.content!)).toEqual({ name: "Ada", age: 36 });
  });
});

describe("chat completions, stream", () => {
  it("frames events as Azure does: prompt-filter event, role delta, deltas, finish, usage when asked, [DONE]", async () => {
    const response = await client.infer("gpt-4o", CHAT, {
      messages: [{ role: "user", content: "Get the weather: get_weather city=Berlin" }],
      tools: [weatherTool],
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const payloads = sseDataPayloads(await response.text());
    const recorded = sseDataPayloads(
      fixture("azure-openai-chat-completion-stream-tools-chunks.txt").trim() + "\n\n",
    );
    expect(payloads.at(-1)).toBe("[DONE]");
    const events = payloads.slice(0, -1).map((payload) => JSON.parse(payload));
    const recordedEvents = recorded.slice(0, -1).map((payload) => JSON.parse(payload));
    expect(events[0]).toEqual(recordedEvents[0]);
    for (const index of [1, 2, -2, -1]) {
      expect(shapeOf(events.at(index))).toEqual(shapeOf(recordedEvents.at(index)));
    }
    const argumentsText = events
      .flatMap((event) => event.choices)
      .map(
        (choice: { delta?: { tool_calls?: { function: { arguments?: string } }[] } }) =>
          choice.delta?.tool_calls?.[0]?.function.arguments ?? "",
      )
      .join("");
    expect(JSON.parse(argumentsText)).toEqual({ city: "Berlin" });
    expect(events.at(-2).choices[0].finish_reason).toBe("tool_calls");
    expect(events.at(-1).usage.total_tokens).toBeGreaterThan(0);
  });

  it("omits usage unless stream_options.include_usage is set, and streams text in several deltas", async () => {
    const response = await client.infer("gpt-4o", CHAT, {
      messages: [{ role: "user", content: "count to 30" }],
      stream: true,
    });
    const events = sseDataPayloads(await response.text())
      .slice(0, -1)
      .map((payload) => JSON.parse(payload));
    expect(events.every((event) => !("usage" in event))).toBe(true);
    const contentEvents = events.filter(
      (event) => typeof event.choices[0]?.delta?.content === "string" && event.choices[0].delta.content,
    );
    expect(contentEvents.length).toBeGreaterThan(3);
    expect(contentEvents.map((event) => event.choices[0].delta.content).join("")).toBe(
      Array.from({ length: 30 }, (_, index) => index + 1).join(" "),
    );
  });

  it("is parsed by the official SDK's stream helpers", async () => {
    const stream = sdkFor("gpt-4o").chat.completions.stream({
      model: "gpt-4o",
      messages: [{ role: "user", content: "reply with exactly: streamed fine" }],
      stream_options: { include_usage: true },
    });
    const completion = await stream.finalChatCompletion();
    expect(completion.choices[0]!.message.content).toBe("streamed fine");
    expect(completion.usage!.completion_tokens).toBeGreaterThan(0);
    expect(completion.usage!.prompt_tokens).toBeGreaterThan(0);
  });
});

describe("chat completions, rejections", () => {
  const cases: [string, string, unknown, number, Record<string, unknown>][] = [
    [
      "an unknown top-level field",
      "gpt-4o",
      { messages: [{ role: "user", content: "hi" }], beta: true },
      400,
      { message: "Unknown parameter: 'beta'.", param: "beta", code: "unknown_parameter" },
    ],
    [
      "cache_control in a content part",
      "gpt-4o",
      {
        messages: [
          { role: "user", content: [{ type: "text", text: "hi", cache_control: { type: "ephemeral" } }] },
        ],
      },
      400,
      { message: "Unknown parameter: 'messages[0].content[0].cache_control'.", code: "unknown_parameter" },
    ],
    [
      "an unknown role",
      "gpt-4o",
      { messages: [{ role: "human", content: "hi" }] },
      400,
      { param: "messages[0].role", code: "invalid_value" },
    ],
    ["empty messages", "gpt-4o", { messages: [] }, 400, { code: "empty_array" }],
    [
      "more than four stop sequences",
      "gpt-4o",
      { messages: [{ role: "user", content: "hi" }], stop: ["a", "b", "c", "d", "e"] },
      400,
      { param: "stop", code: "array_above_max_length" },
    ],
    ["missing messages", "gpt-4o", { temperature: 0.2 }, 400, { code: "missing_required_parameter" }],
    [
      "max_tokens on a reasoning model",
      "o4-mini",
      { messages: [{ role: "user", content: "hi" }], max_tokens: 10 },
      400,
      {
        param: "max_tokens",
        code: "unsupported_parameter",
        message: expect.stringContaining("Use 'max_completion_tokens' instead"),
      },
    ],
    [
      "a non-default temperature on a reasoning model",
      "gpt-5",
      { messages: [{ role: "user", content: "hi" }], temperature: 0.2 },
      400,
      { param: "temperature", code: "unsupported_value" },
    ],
    [
      "reasoning_effort on a non-reasoning model",
      "gpt-4o",
      { messages: [{ role: "user", content: "hi" }], reasoning_effort: "high" },
      400,
      { param: "reasoning_effort" },
    ],
    [
      "stream_options without stream",
      "gpt-4o",
      { messages: [{ role: "user", content: "hi" }], stream_options: { include_usage: true } },
      400,
      { param: "stream_options" },
    ],
    [
      "a tool message without a preceding tool call",
      "gpt-4o",
      {
        messages: [
          { role: "user", content: "hi" },
          { role: "tool", tool_call_id: "call_1", content: "x" },
        ],
      },
      400,
      { message: expect.stringContaining("must be a response to a preceeding message with 'tool_calls'") },
    ],
    [
      "a tool call without its result",
      "gpt-4o",
      {
        messages: [
          { role: "user", content: "hi" },
          {
            role: "assistant",
            content: null,
            tool_calls: [{ id: "call_9", type: "function", function: { name: "f", arguments: "{}" } }],
          },
          { role: "user", content: "and?" },
        ],
      },
      400,
      { message: expect.stringContaining("call_9") },
    ],
    [
      "an invalid tool name",
      "gpt-4o",
      {
        messages: [{ role: "user", content: "hi" }],
        tools: [{ type: "function", function: { name: "bad name!" } }],
      },
      400,
      { param: "tools[0].function.name" },
    ],
    [
      "chat on an embedding model",
      "text-embedding-3-small",
      { messages: [{ role: "user", content: "hi" }] },
      400,
      { code: "OperationNotSupported" },
    ],
  ];
  it.each(cases)("rejects %s", async (_name, model, body, status, error) => {
    const response = await client.infer(model, CHAT, body);
    expect(response.status).toBe(status);
    const json = await jsonOf(response);
    expect(json.error).toMatchObject({ type: "invalid_request_error", ...error });
  });

  it("rejects malformed JSON in the Azure error shape", async () => {
    const response = await client.infer("gpt-4o", CHAT, "{not json");
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).error.type).toBe("invalid_request_error");
  });

  it("answers 404 without api-version, and accepts any api-version value", async () => {
    const body = { messages: [{ role: "user", content: "hi" }] };
    expect((await client.infer("gpt-4o", "/chat/completions", body)).status).toBe(404);
    expect(
      (await client.infer("gpt-4o", "/chat/completions?api-version=2099-01-01-preview", body)).status,
    ).toBe(200);
  });
});

describe("embeddings", () => {
  it("serves the official SDK (base64 by default) with deterministic unit vectors", async () => {
    const openai = sdkFor("text-embedding-3-small");
    const result = await openai.embeddings.create({
      model: "text-embedding-3-small",
      input: ["alpha", "beta", "alpha"],
    });
    expect(result.data).toHaveLength(3);
    const [first, second, third] = result.data.map((item) => item.embedding);
    expect(first).toHaveLength(1536);
    expect(first).toEqual(third);
    expect(first).not.toEqual(second);
    const norm = Math.sqrt(first!.reduce((sum, value) => sum + value * value, 0));
    expect(norm).toBeCloseTo(1, 4);
    expect(result.usage.prompt_tokens).toBeGreaterThanOrEqual(3);
  });

  it("returns floats, honours dimensions, and has the recorded response structure", async () => {
    const response = await client.infer("text-embedding-3-small", "/embeddings?api-version=2023-05-15", {
      input: "hello",
      dimensions: 8,
      encoding_format: "float",
    });
    const body = await jsonOf(response);
    expect(body.data[0].embedding).toHaveLength(8);
    expect(shapeOf(body)).toEqual(
      shapeOf(JSON.parse(fixture("azure-openai-embeddings-success-response.json"))),
    );
  });

  it("rejects bad input, unknown fields and chat deployments", async () => {
    const empty = await client.infer("text-embedding-3-small", "/embeddings?api-version=2023-05-15", {
      input: "",
    });
    expect(empty.status).toBe(400);
    const unknown = await client.infer("text-embedding-3-small", "/embeddings?api-version=2023-05-15", {
      input: "x",
      foo: 1,
    });
    expect((await jsonOf(unknown)).error.message).toBe("Unknown parameter: 'foo'.");
    const onChat = await client.infer("gpt-4o", "/embeddings?api-version=2023-05-15", { input: "x" });
    expect(onChat.status).toBe(400);
  });
});
