// OpenAI chat completions on a Claude deployment (aws-bedrock /invoke), translated through the IR,
// driven by the official openai SDK against the gateway and the simulator.
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../helpers/gateway.js";
import type { AnyJson } from "../helpers/simulator-client.js";
import { CLAUDE, tenantA, weatherTool } from "./claude-helpers.js";

let setup: TestGateway;
let openai: OpenAI;

beforeAll(async () => {
  setup = await startTestGateway({ subAccounts: tenantA });
  openai = new OpenAI({ apiKey: "test-key", baseURL: `${setup.url}/v1`, maxRetries: 0 });
});
afterAll(() => setup.close());
beforeEach(() => setup.simulator.requestLog.clear());

function invokes(): { path: string; body: AnyJson; headers: Record<string, string> }[] {
  return setup.simulator.requestLog
    .all()
    .filter((entry) => entry.path.includes("/inference/"))
    .map((entry) => ({ path: entry.path, body: entry.body as AnyJson, headers: entry.headers }));
}

describe("OpenAI chat -> Claude on Bedrock", () => {
  it("answers text and sends a valid invoke body", async () => {
    const completion = await openai.chat.completions.create({
      model: CLAUDE,
      messages: [
        { role: "system", content: "You are terse." },
        { role: "developer", content: "Answer in English." },
        { role: "user", content: "reply with exactly: hello from claude" },
      ],
      temperature: 0.2,
      user: "user-42",
    });
    expect(completion.object).toBe("chat.completion");
    expect(completion.id).toMatch(/^chatcmpl-/);
    expect(completion.model).toBe(CLAUDE);
    expect(completion.choices[0]!.message.content).toBe("hello from claude");
    expect(completion.choices[0]!.finish_reason).toBe("stop");
    expect(completion.usage!.completion_tokens).toBeGreaterThan(0);
    const [sent] = invokes();
    expect(sent!.path).toMatch(/\/invoke$/);
    expect(sent!.body).toMatchObject({
      anthropic_version: "bedrock-2023-05-31",
      max_tokens: 8192,
      temperature: 0.2,
      metadata: { user_id: "user-42" },
      system: [
        { type: "text", text: "You are terse." },
        { type: "text", text: "Answer in English.", cache_control: { type: "ephemeral" } },
      ],
      messages: [
        { role: "user", content: [{ type: "text", text: "reply with exactly: hello from claude" }] },
      ],
    });
    expect(sent!.body).not.toHaveProperty("model");
    expect(sent!.body).not.toHaveProperty("stream");
  });

  it("streams text that finalChatCompletion() assembles, asking for the binary event stream", async () => {
    const stream = openai.chat.completions.stream({
      model: CLAUDE,
      messages: [{ role: "user", content: "count to 30" }],
    });
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    stream.on("chunk", (chunk) => chunks.push(chunk));
    const completion = await stream.finalChatCompletion();
    const expected = Array.from({ length: 30 }, (_, index) => String(index + 1)).join(" ");
    expect(completion.choices[0]!.message.content).toBe(expected);
    expect(completion.choices[0]!.finish_reason).toBe("stop");
    expect(chunks.length).toBeGreaterThan(3);
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    expect(chunks[0]!.choices[0]!.delta.role).toBe("assistant");
    const [sent] = invokes();
    expect(sent!.path).toMatch(/\/invoke-with-response-stream$/);
    expect(sent!.headers.accept).toBe("application/vnd.amazon.eventstream");
    expect(sent!.body).not.toHaveProperty("stream");
  });

  it("round-trips a tool call: tool_calls -> tool message -> answer", async () => {
    const messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[] = [
      { role: "user", content: "call get_weather city=Rome" },
    ];
    const first = await openai.chat.completions.create({ model: CLAUDE, messages, tools: [weatherTool] });
    const choice = first.choices[0]!;
    expect(choice.finish_reason).toBe("tool_calls");
    const call = choice.message.tool_calls![0]!;
    expect(call.type).toBe("function");
    expect(call.id).toMatch(/^toolu_/);
    expect(call.type === "function" && JSON.parse(call.function.arguments)).toEqual({ city: "Rome" });
    messages.push(choice.message, { role: "tool", tool_call_id: call.id, content: "sunny, 24 C" });
    const second = await openai.chat.completions.create({ model: CLAUDE, messages, tools: [weatherTool] });
    expect(second.choices[0]!.message.content).toBe("The get_weather result is: sunny, 24 C");
    expect(invokes()[1]!.body.messages.slice(1)).toEqual([
      {
        role: "assistant",
        content: [{ type: "tool_use", id: call.id, name: "get_weather", input: { city: "Rome" } }],
      },
      {
        role: "user",
        content: [
          {
            type: "tool_result",
            tool_use_id: call.id,
            content: [{ type: "text", text: "sunny, 24 C" }],
            cache_control: { type: "ephemeral" },
          },
        ],
      },
    ]);
  });

  it("streams tool-call arguments in OpenAI's incremental shape that accumulate to valid JSON", async () => {
    const stream = openai.chat.completions.stream({
      model: CLAUDE,
      messages: [{ role: "user", content: "call get_weather city=Paris" }],
      tools: [weatherTool],
      tool_choice: { type: "function", function: { name: "get_weather" } },
      parallel_tool_calls: false,
    });
    const deltas: AnyJson[] = [];
    stream.on("chunk", (chunk) => deltas.push(...(chunk.choices[0]?.delta.tool_calls ?? [])));
    const completion = await stream.finalChatCompletion();
    const call = completion.choices[0]!.message.tool_calls![0]!;
    expect(call.type === "function" && JSON.parse(call.function.arguments)).toEqual({ city: "Paris" });
    expect(completion.choices[0]!.finish_reason).toBe("tool_calls");
    expect(deltas[0]).toEqual({
      index: 0,
      id: call.id,
      type: "function",
      function: { name: "get_weather", arguments: "" },
    });
    expect(deltas.length).toBeGreaterThan(2);
    for (const delta of deltas.slice(1)) expect(Object.keys(delta).sort()).toEqual(["function", "index"]);
    expect(invokes()[0]!.body.tool_choice).toEqual({
      type: "tool",
      name: "get_weather",
      disable_parallel_tool_use: true,
    });
  });

  it("reports cached prompt tokens once the system prompt is cached", async () => {
    const system = Array.from({ length: 400 }, (_, index) => `Rule ${index}: be precise.`).join("\n");
    const ask = () =>
      openai.chat.completions.create({
        model: CLAUDE,
        messages: [
          { role: "system", content: system },
          { role: "user", content: "reply with exactly: cached" },
        ],
      });
    const first = await ask();
    const second = await ask();
    expect(first.usage!.prompt_tokens_details!.cached_tokens).toBe(0);
    expect(second.usage!.prompt_tokens_details!.cached_tokens).toBeGreaterThan(1024);
    expect(second.usage!.prompt_tokens).toBe(first.usage!.prompt_tokens);
    expect(second.usage!.total_tokens).toBe(second.usage!.prompt_tokens + second.usage!.completion_tokens);
  });

  it("sends data-URL images as base64 image blocks", async () => {
    const png =
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
    const completion = await openai.chat.completions.create({
      model: CLAUDE,
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "what is this" },
            { type: "image_url", image_url: { url: `data:image/png;base64,${png}` } },
          ],
        },
      ],
    });
    expect(completion.choices[0]!.message.content).toBe("Echo: what is this (1 attachment)");
    expect(invokes()[0]!.body.messages[0].content[1]).toMatchObject({
      type: "image",
      source: { type: "base64", media_type: "image/png", data: png },
    });
  });

  it("honours stop sequences and max_tokens truncation", async () => {
    const stopped = await openai.chat.completions.create({
      model: CLAUDE,
      messages: [{ role: "user", content: "count to 10" }],
      stop: ["5"],
    });
    expect(stopped.choices[0]!.message.content).toBe("1 2 3 4 ");
    expect(stopped.choices[0]!.finish_reason).toBe("stop");
    expect(invokes()[0]!.body.stop_sequences).toEqual(["5"]);
    const truncated = await openai.chat.completions.create({
      model: CLAUDE,
      messages: [{ role: "user", content: "count to 500" }],
      max_tokens: 5,
    });
    expect(truncated.choices[0]!.finish_reason).toBe("length");
    expect(truncated.usage!.completion_tokens).toBe(5);
    expect(invokes()[1]!.body.max_tokens).toBe(5);
  });

  it("answers with usage in a final choices-less chunk only when asked", async () => {
    const stream = await openai.chat.completions.create({
      model: CLAUDE,
      messages: [{ role: "user", content: "count to 12" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let usage: OpenAI.CompletionUsage | null | undefined;
    let usageChunkChoices: number | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      if (chunk.usage) {
        usage = chunk.usage;
        usageChunkChoices = chunk.choices.length;
      }
    }
    expect(text).toBe("1 2 3 4 5 6 7 8 9 10 11 12");
    expect(usage!.completion_tokens).toBe(12);
    expect(usage!.prompt_tokens).toBeGreaterThan(0);
    expect(usageChunkChoices).toBe(0);
  });

  it("rejects invalid tool-call arguments with a 400 naming the field", async () => {
    const error = await openai.chat.completions
      .create({
        model: CLAUDE,
        messages: [
          { role: "user", content: "hi" },
          {
            role: "assistant",
            content: null,
            tool_calls: [{ id: "call_1", type: "function", function: { name: "f", arguments: "{oops" } }],
          },
          { role: "tool", tool_call_id: "call_1", content: "x" },
        ],
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.APIError>).param).toBe(
      "messages[1].tool_calls[0].function.arguments",
    );
    expect(invokes()).toHaveLength(0);
  });
});
