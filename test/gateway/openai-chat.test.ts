// OpenAI-compatible chat completions through the gateway to the simulator's azure-openai
// deployments, driven by the official openai SDK.
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../helpers/gateway.js";
import { jsonOf } from "../helpers/simulator-client.js";

let setup: TestGateway;
let openai: OpenAI;

beforeAll(async () => {
  setup = await startTestGateway();
  openai = new OpenAI({ apiKey: "test-key", baseURL: `${setup.url}/v1`, maxRetries: 0 });
});
afterAll(() => setup.close());
beforeEach(() => setup.simulator.requestLog.clear());

function lastInference() {
  return setup.simulator.requestLog
    .all()
    .filter((entry) => entry.path.includes("/inference/"))
    .at(-1)!;
}

describe("POST /v1/chat/completions on azure-openai", () => {
  it("answers a plain request and forwards only what Azure accepts", async () => {
    const completion = await openai.chat.completions.create({
      model: "gpt-4o",
      messages: [
        {
          role: "user",
          content: [
            {
              type: "text",
              text: "reply with exactly: hi there",
              cache_control: { type: "ephemeral" },
            } as never,
          ],
        },
      ],
      // fields SAP's azure-openai rejects
      ...({ top_k: 3, thinking: { type: "enabled" } } as object),
    });
    expect(completion.choices[0]!.message.content).toBe("hi there");
    const sent = lastInference();
    expect(sent.query["api-version"]).toBe("2024-10-21");
    expect(sent.headers["ai-resource-group"]).toBe("default");
    expect(sent.body).toEqual({
      model: "gpt-4o",
      messages: [{ role: "user", content: [{ type: "text", text: "reply with exactly: hi there" }] }],
    });
  });

  it("maps max_tokens to max_completion_tokens and drops sampling fields on reasoning models", async () => {
    const completion = await openai.chat.completions.create({
      model: "gpt-5",
      messages: [{ role: "user", content: "say exactly: fine" }],
      max_tokens: 300,
      temperature: 0.3,
    });
    expect(completion.choices[0]!.message.content).toBe("fine");
    const sent = lastInference();
    expect(sent.body).toMatchObject({ max_completion_tokens: 300 });
    expect(sent.body).not.toHaveProperty("max_tokens");
    expect(sent.body).not.toHaveProperty("temperature");
    expect(sent.query["api-version"]).toBe("2024-12-01-preview");
  });

  it("caps stop sequences at Azure's four and maps reasoning.effort to reasoning_effort", async () => {
    await openai.chat.completions.create({
      model: "o4-mini",
      messages: [{ role: "user", content: "count to 3" }],
      stop: ["x1", "x2", "x3", "x4", "x5"] as never,
      ...({ reasoning: { effort: "high" } } as object),
    });
    expect(lastInference().status).toBe(200);
    expect(lastInference().body).toMatchObject({ stop: ["x1", "x2", "x3", "x4"], reasoning_effort: "high" });
    expect(lastInference().body).not.toHaveProperty("reasoning");
  });

  it("streams with tool-call deltas the SDK accumulates, asking upstream for usage", async () => {
    const stream = openai.chat.completions.stream({
      model: "gpt-4o",
      messages: [{ role: "user", content: "call get_weather city=Rome" }],
      tools: [
        {
          type: "function",
          function: {
            name: "get_weather",
            parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
          },
        },
      ],
    });
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    stream.on("chunk", (chunk) => chunks.push(chunk));
    const completion = await stream.finalChatCompletion();
    const call = completion.choices[0]!.message.tool_calls![0]!;
    expect(call.type === "function" && JSON.parse(call.function.arguments)).toEqual({ city: "Rome" });
    expect(completion.choices[0]!.finish_reason).toBe("tool_calls");
    expect(lastInference().body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(chunks.every((chunk) => chunk.choices.length > 0)).toBe(true);
    expect(chunks.every((chunk) => !("usage" in chunk))).toBe(true);
  });

  it("passes the usage chunk only to clients that ask for it", async () => {
    const stream = await openai.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "count to 12" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe("1 2 3 4 5 6 7 8 9 10 11 12");
    expect(usage!.completion_tokens).toBe(12);
  });

  it("keeps an upstream 4xx status and message", async () => {
    const error = await openai.chat.completions
      .create({ model: "gpt-4o", messages: [{ role: "tool", tool_call_id: "x", content: "orphan" }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.APIError>).message).toContain(
      "must be a response to a preceeding message with 'tool_calls'",
    );
  });

  it("answers unknown models with 404 and the list of models", async () => {
    const error = await openai.chat.completions
      .create({ model: "gpt-9", messages: [{ role: "user", content: "x" }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as InstanceType<typeof OpenAI.APIError>).message).toContain("gpt-4o");
    expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe("model_not_found");
  });
});

describe("auth, errors and plumbing", () => {
  it("rejects missing and wrong keys, accepts x-api-key", async () => {
    const body = JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] });
    const headers = { "content-type": "application/json" };
    const missing = await fetch(`${setup.url}/v1/chat/completions`, { method: "POST", headers, body });
    expect(missing.status).toBe(401);
    expect((await jsonOf(missing)).error.type).toBe("authentication_error");
    const wrong = await fetch(`${setup.url}/v1/chat/completions`, {
      method: "POST",
      headers: { ...headers, authorization: "Bearer test-key-x" },
      body,
    });
    expect(wrong.status).toBe(401);
    const viaHeader = await fetch(`${setup.url}/chat/completions`, {
      method: "POST",
      headers: { ...headers, "x-api-key": "test-key" },
      body,
    });
    expect(viaHeader.status).toBe(200);
    expect(viaHeader.headers.get("x-request-id")).toMatch(/.+/);
  });

  it("answers malformed JSON with an OpenAI-shaped 400 and keeps serving", async () => {
    const response = await fetch(`${setup.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer test-key" },
      body: "{nope",
    });
    expect(response.status).toBe(400);
    const body = await jsonOf(response);
    expect(body.error).toMatchObject({
      type: "invalid_request_error",
      message: expect.stringContaining("not valid JSON"),
    });
    expect((await openai.models.list()).data.length).toBeGreaterThan(0);
  });
});
