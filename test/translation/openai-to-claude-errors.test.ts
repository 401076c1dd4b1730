// Errors and stream framings of OpenAI chat on Claude (aws-bedrock): upstream HTTP errors keep
// their status and Retry-After, a throttling exception as the first stream event becomes an HTTP
// 429 (commit late), a connection dropped mid-stream ends the stream with an OpenAI error frame,
// and a landscape that answers in the `data:` text framing serves the same chunks.
import OpenAI from "openai";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../helpers/gateway.js";
import { CLAUDE, tenantA, weatherTool } from "./claude-helpers.js";

let setup: TestGateway;
let openai: OpenAI;

beforeAll(async () => {
  // Paced events, so that a drop after n events reaches the gateway after those events (a socket
  // destroyed right behind its last write can take the unread data with it).
  setup = await startTestGateway({ subAccounts: tenantA, simulator: { behaviour: { streamIntervalMs: 3 } } });
  openai = new OpenAI({ apiKey: "test-key", baseURL: `${setup.url}/v1`, maxRetries: 0 });
});
afterAll(() => setup.close());
afterEach(() => setup.simulator.faults.clear());

function post(body: unknown): Promise<Response> {
  return fetch(`${setup.url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: "Bearer test-key", "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

describe("OpenAI chat -> Claude errors", () => {
  it("turns an upstream 429 into the SDK's RateLimitError with retry-after", async () => {
    setup.simulator.faults.add({ kind: "http-error", status: 429, model: CLAUDE, times: 1 });
    const error = await openai.chat.completions
      .create({ model: CLAUDE, messages: [{ role: "user", content: "hi" }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as InstanceType<typeof OpenAI.APIError>).headers?.get("retry-after")).toBe("2");
  });

  it("answers HTTP 429 when the stream opens with a throttling exception", async () => {
    setup.simulator.faults.add({ kind: "stream-error", model: CLAUDE, times: 1 });
    const response = await post({ model: CLAUDE, messages: [{ role: "user", content: "hi" }], stream: true });
    expect(response.status).toBe(429);
    expect(response.headers.get("content-type")).toContain("application/json");
    const body = (await response.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe("rate_limit_error");
    expect(body.error.message).toContain("Too many requests");
  });

  it("ends a stream dropped mid-way with an OpenAI error frame and no [DONE]", async () => {
    setup.simulator.faults.add({ kind: "drop", model: CLAUDE, afterEvents: 4, times: 1 });
    const response = await post({
      model: CLAUDE,
      messages: [{ role: "user", content: "count to 200" }],
      stream: true,
    });
    expect(response.status).toBe(200);
    const frames = (await response.text()).split("\n\n").filter(Boolean);
    expect(frames).not.toContain("data: [DONE]");
    const last = JSON.parse(frames.at(-1)!.slice("data: ".length)) as { error: { type: string } };
    expect(last.error.type).toBe("api_error");
    const first = JSON.parse(
      frames[0]!.slice("data: ".length),
    ) as OpenAI.Chat.Completions.ChatCompletionChunk;
    expect(first.choices[0]!.delta.role).toBe("assistant");
  });

  it("the SDK surfaces a mid-stream error frame as an error", async () => {
    setup.simulator.faults.add({ kind: "drop", model: CLAUDE, afterEvents: 5, times: 1 });
    const stream = openai.chat.completions.stream({
      model: CLAUDE,
      messages: [{ role: "user", content: "count to 200" }],
    });
    await expect(stream.finalChatCompletion()).rejects.toThrow(/broke off|ended before/);
  });

  it("rejects fields of the wrong type or range before calling upstream", async () => {
    const error = await openai.chat.completions
      .create({ model: CLAUDE, messages: [{ role: "user", content: "hi" }], top_k: -1 } as never)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.APIError>).param).toBe("top_k");
  });

  it("keeps an upstream 400 with Bedrock's message", async () => {
    const error = await openai.chat.completions
      .create({
        model: CLAUDE,
        messages: [
          {
            role: "user",
            content: [{ type: "image_url", image_url: { url: "data:image/bmp;base64,Qk0=" } }],
          },
        ],
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.APIError>).message).toContain("media_type");
  });
});

describe("OpenAI chat -> Claude with the text stream framing", () => {
  let textSetup: TestGateway;
  let client: OpenAI;
  beforeAll(async () => {
    textSetup = await startTestGateway({
      subAccounts: tenantA,
      simulator: { behaviour: { bedrockStreamFraming: "text" } },
    });
    client = new OpenAI({ apiKey: "test-key", baseURL: `${textSetup.url}/v1`, maxRetries: 0 });
  });
  afterAll(() => textSetup.close());

  it("streams text and tool calls from data: lines", async () => {
    const text = await client.chat.completions
      .stream({ model: CLAUDE, messages: [{ role: "user", content: "reply with exactly: größer ✓" }] })
      .finalChatCompletion();
    expect(text.choices[0]!.message.content).toBe("größer ✓");
    const tool = await client.chat.completions
      .stream({
        model: CLAUDE,
        messages: [{ role: "user", content: "call get_weather city=Kyiv" }],
        tools: [weatherTool],
      })
      .finalChatCompletion();
    const call = tool.choices[0]!.message.tool_calls![0]!;
    expect(call.type === "function" && JSON.parse(call.function.arguments)).toEqual({ city: "Kyiv" });
  });

  it("answers HTTP 429 for a throttling line as the first event", async () => {
    textSetup.simulator.faults.add({ kind: "stream-error", model: CLAUDE, times: 1 });
    const error = await client.chat.completions
      .stream({ model: CLAUDE, messages: [{ role: "user", content: "hi" }] })
      .finalChatCompletion()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
  });
});
