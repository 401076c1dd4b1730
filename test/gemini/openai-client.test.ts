// OpenAI clients on Gemini deployments: the official `openai` SDK against the gateway, whose
// /v1/chat/completions translates through the IR to SAP's gcp-vertexai generateContent, and the
// simulator's request log showing what reached "Vertex". Gemini 3 tool loops need the function
// calls' thought signatures back, which OpenAI chat has no field for: the gateway remembers them.
import OpenAI from "openai";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../helpers/gateway.js";
import type { AnyJson } from "../helpers/simulator-client.js";
import {
  CLAUDE_CODE_SCHEMA,
  PNG_1X1,
  TIME_SCHEMA,
  WEATHER_SCHEMA,
  geminiCalls,
  lastGeminiCall,
} from "./helpers.js";

type Message = OpenAI.Chat.Completions.ChatCompletionMessageParam;

let setup: TestGateway;
let openai: OpenAI;

beforeAll(async () => {
  setup = await startTestGateway();
  openai = new OpenAI({ apiKey: "test-key", baseURL: `${setup.url}/v1`, maxRetries: 0 });
});
afterAll(() => setup.close());
afterEach(() => {
  setup.simulator.faults.clear();
  setup.simulator.requestLog.clear();
});

const tools: OpenAI.Chat.Completions.ChatCompletionTool[] = [
  { type: "function", function: { name: "get_weather", description: "Weather", parameters: WEATHER_SCHEMA } },
  { type: "function", function: { name: "get_time", description: "Time", parameters: TIME_SCHEMA } },
];

describe("OpenAI chat completions on Gemini", () => {
  it("answers text with the system prompt as systemInstruction", async () => {
    const completion = await openai.chat.completions.create({
      model: "gemini-2.5-flash",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "reply with exactly: hello from Gemini" },
      ],
    });
    expect(completion.choices[0]!.message.content).toBe("hello from Gemini");
    expect(completion.choices[0]!.finish_reason).toBe("stop");
    expect(completion.model).toBe("gemini-2.5-flash");
    expect(completion.id).toMatch(/^chatcmpl-/);
    expect(completion.usage!.prompt_tokens).toBeGreaterThan(0);
    const sent = lastGeminiCall(setup);
    expect(sent.path).toMatch(/\/models\/gemini-2\.5-flash:generateContent$/);
    expect(sent.status).toBe(200);
    expect(sent.body).toEqual({
      systemInstruction: { parts: [{ text: "Be brief." }] },
      contents: [{ role: "user", parts: [{ text: "reply with exactly: hello from Gemini" }] }],
    });
  });

  it("streams from :streamGenerateContent?alt=sse, with usage when asked", async () => {
    const stream = await openai.chat.completions.create({
      model: "gemini-2.5-pro",
      messages: [{ role: "user", content: "count to 12" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | null | undefined;
    let chunks = 0;
    for await (const chunk of stream) {
      chunks += 1;
      text += chunk.choices[0]?.delta.content ?? "";
      finish = chunk.choices[0]?.finish_reason ?? finish;
      usage = chunk.usage ?? usage;
    }
    expect(text).toBe("1 2 3 4 5 6 7 8 9 10 11 12");
    expect(chunks).toBeGreaterThan(3);
    expect(finish).toBe("stop");
    expect(usage!.completion_tokens_details!.reasoning_tokens).toBeGreaterThan(0);
    expect(usage!.completion_tokens).toBeGreaterThan(usage!.completion_tokens_details!.reasoning_tokens!);
    const sent = lastGeminiCall(setup);
    expect(sent.path).toMatch(/\/models\/gemini-2\.5-pro:streamGenerateContent$/);
    expect(sent.query).toEqual({ alt: "sse" });
  });

  it("runs a tool round trip on gemini-2.5-flash, sending the function call's signature back", async () => {
    const messages: Message[] = [{ role: "user", content: "get_weather city=Oslo days=3" }];
    const first = await openai.chat.completions.create({ model: "gemini-2.5-flash", messages, tools });
    const message = first.choices[0]!.message;
    expect(first.choices[0]!.finish_reason).toBe("tool_calls");
    expect(message.tool_calls).toHaveLength(1);
    const call = message.tool_calls![0]! as OpenAI.Chat.Completions.ChatCompletionMessageFunctionToolCall;
    expect(call.function.name).toBe("get_weather");
    expect(JSON.parse(call.function.arguments)).toEqual({ city: "Oslo", days: 3 });
    expect(call.id).toMatch(/^call_[A-Za-z0-9_-]{24}$/);
    const declared = lastGeminiCall(setup).body;
    expect(declared.tools[0].functionDeclarations[0].parameters).toEqual({
      type: "OBJECT",
      properties: { city: { type: "STRING" }, days: { type: "INTEGER" } },
      required: ["city"],
    });

    messages.push(message, { role: "tool", tool_call_id: call.id, content: "4 degrees, snow" });
    const second = await openai.chat.completions.create({ model: "gemini-2.5-flash", messages, tools });
    expect(second.choices[0]!.message.content).toBe(
      'The get_weather result is: {"content":"4 degrees, snow"}',
    );
    const sent = lastGeminiCall(setup).body;
    expect(sent.contents[1].role).toBe("model");
    expect(sent.contents[1].parts[0].functionCall).toEqual({
      name: "get_weather",
      args: { city: "Oslo", days: 3 },
    });
    expect(sent.contents[1].parts[0].thoughtSignature).toEqual(expect.any(String));
    expect(sent.contents[2]).toEqual({
      role: "user",
      parts: [{ functionResponse: { name: "get_weather", response: { content: "4 degrees, snow" } } }],
    });
  });

  it("keeps a streamed Gemini 3 tool loop going over several calls (thought signatures restored)", async () => {
    const messages: Message[] = [{ role: "user", content: "get_weather city=Rome" }];
    const first = await openai.chat.completions
      .stream({ model: "gemini-3.5-flash", messages, tools, stream_options: { include_usage: true } })
      .finalChatCompletion();
    const firstCall = first.choices[0]!.message.tool_calls![0]!;
    expect(first.choices[0]!.finish_reason).toBe("tool_calls");
    messages.push(first.choices[0]!.message, {
      role: "tool",
      tool_call_id: firstCall.id,
      content: "sunny",
    });
    // Forced to call again: the second call of the same turn, also signed.
    const second = await openai.chat.completions
      .stream({ model: "gemini-3.5-flash", messages, tools, tool_choice: "required" })
      .finalChatCompletion();
    const secondCall = second.choices[0]!.message.tool_calls![0]!;
    expect(secondCall.id).not.toBe(firstCall.id);
    messages.push(second.choices[0]!.message, {
      role: "tool",
      tool_call_id: secondCall.id,
      content: "noon",
    });
    const third = await openai.chat.completions.create({ model: "gemini-3.5-flash", messages, tools });
    expect(third.choices[0]!.message.content).toContain("result is");
    const sent = lastGeminiCall(setup).body;
    const signed = sent.contents
      .filter((content: AnyJson) => content.role === "model")
      .map((content: AnyJson) => typeof content.parts[0].thoughtSignature);
    expect(signed).toEqual(["string", "string"]);
    expect(geminiCalls(setup).every((call) => call.status === 200)).toBe(true);
  });

  it("relays Gemini 3's 400 when a function call comes back without its signature", async () => {
    const messages: Message[] = [
      { role: "user", content: "get_weather city=Rome" },
      {
        role: "assistant",
        content: null,
        tool_calls: [
          {
            id: "call_unknown",
            type: "function",
            function: { name: "get_weather", arguments: '{"city":"Rome"}' },
          },
        ],
      },
      { role: "tool", tool_call_id: "call_unknown", content: "sunny" },
    ];
    const error = await openai.chat.completions
      .create({ model: "gemini-3.5-flash", messages, tools })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).message).toContain("thought_signature");
  });

  it("takes a Claude Code tool schema ($schema, $ref, anyOf, const, ...) reduced to Vertex's Schema", async () => {
    const completion = await openai.chat.completions.create({
      model: "gemini-2.5-flash",
      messages: [{ role: "user", content: "call Edit with file_path=/tmp/a" }],
      tools: [{ type: "function", function: { name: "Edit", parameters: CLAUDE_CODE_SCHEMA } }],
    });
    const call = completion.choices[0]!.message.tool_calls![0]! as AnyJson;
    expect(call.function.name).toBe("Edit");
    expect(JSON.parse(call.function.arguments)).toMatchObject({ file_path: "/tmp/a" });
    const parameters = lastGeminiCall(setup).body.tools[0].functionDeclarations[0].parameters;
    expect(JSON.stringify(parameters)).not.toMatch(/\$schema|\$ref|additionalProperties|const|exclusiveM/);
  });

  it("sends images as inlineData", async () => {
    const completion = await openai.chat.completions.create({
      model: "gemini-2.5-flash",
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "what is this" },
            { type: "image_url", image_url: { url: `data:image/png;base64,${PNG_1X1}` } },
          ],
        },
      ],
    });
    expect(completion.choices[0]!.message.content).toBe("Echo: what is this (1 attachment)");
    expect(lastGeminiCall(setup).body.contents[0].parts[1]).toEqual({
      inlineData: { mimeType: "image/png", data: PNG_1X1 },
    });
  });

  it("reports truncation at max_tokens as finish_reason length, streamed and not", async () => {
    const request = {
      model: "gemini-2.5-flash",
      messages: [{ role: "user" as const, content: "count to 50" }],
      max_tokens: 5,
      reasoning_effort: "none" as const,
    };
    const completion = await openai.chat.completions.create(request);
    expect(completion.choices[0]!.finish_reason).toBe("length");
    expect(completion.choices[0]!.message.content).toBe("1 2 3 4 5");
    expect(lastGeminiCall(setup).body.generationConfig).toEqual({
      maxOutputTokens: 5,
      thinkingConfig: { thinkingBudget: 0 },
    });
    const streamed = await openai.chat.completions.stream({ ...request, stream: true }).finalChatCompletion();
    expect(streamed.choices[0]!.finish_reason).toBe("length");
    expect(streamed.choices[0]!.message.content).toBe("1 2 3 4 5");
  });

  it("maps reasoning_effort to thinkingConfig and shows the thoughts as reasoning_content", async () => {
    const completion = await openai.chat.completions.create({
      model: "gemini-2.5-pro",
      messages: [{ role: "user", content: "say exactly: pondered" }],
      reasoning_effort: "low",
    });
    const message = completion.choices[0]!.message as AnyJson;
    expect(message.content).toBe("pondered");
    expect(message.reasoning_content).toContain("The user wrote");
    expect(lastGeminiCall(setup).body.generationConfig).toEqual({
      thinkingConfig: { thinkingBudget: 1024, includeThoughts: true },
    });

    const stream = await openai.chat.completions.create({
      model: "gemini-2.5-flash",
      messages: [{ role: "user", content: "say exactly: streamed thought" }],
      reasoning_effort: "high",
      stream: true,
    });
    let reasoning = "";
    let content = "";
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta as AnyJson;
      reasoning += delta?.reasoning_content ?? "";
      content += delta?.content ?? "";
    }
    expect(reasoning).toContain("The user wrote");
    expect(content).toBe("streamed thought");
    expect(lastGeminiCall(setup).body.generationConfig.thinkingConfig).toEqual({
      thinkingBudget: 24576,
      includeThoughts: true,
    });
  });

  it("asks for JSON output with a reduced responseSchema", async () => {
    const completion = await openai.chat.completions.create({
      model: "gemini-2.5-flash",
      messages: [{ role: "user", content: "city=Paris" }],
      response_format: {
        type: "json_schema",
        json_schema: {
          name: "place",
          schema: {
            type: "object",
            properties: { city: { type: "string" } },
            required: ["city"],
            additionalProperties: false,
          },
        },
      },
    });
    expect(JSON.parse(completion.choices[0]!.message.content!)).toEqual({ city: "Paris" });
    expect(lastGeminiCall(setup).body.generationConfig).toEqual({
      responseMimeType: "application/json",
      responseSchema: { type: "OBJECT", properties: { city: { type: "STRING" } }, required: ["city"] },
    });
  });

  it("relays a 429 with its Retry-After, and an in-stream RESOURCE_EXHAUSTED as HTTP 429", async () => {
    setup.simulator.faults.add({
      kind: "http-error",
      status: 429,
      model: "gemini-2.5-pro",
      retryAfter: 7,
      times: 1,
    });
    const limited = await openai.chat.completions
      .create({ model: "gemini-2.5-pro", messages: [{ role: "user", content: "hi" }] })
      .catch((caught: unknown) => caught);
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect((limited as InstanceType<typeof OpenAI.RateLimitError>).headers.get("retry-after")).toBe("7");

    setup.simulator.faults.add({ kind: "stream-error", model: "gemini-2.5-pro", times: 1 });
    const response = await fetch(`${setup.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: "Bearer test-key", "content-type": "application/json" },
      body: JSON.stringify({
        model: "gemini-2.5-pro",
        stream: true,
        messages: [{ role: "user", content: "hi" }],
      }),
    });
    expect(response.status).toBe(429);
    const body = (await response.json()) as AnyJson;
    expect(body.error).toMatchObject({ type: "rate_limit_error" });
    expect(body.error.message).toContain("Resource exhausted");
  });
});
