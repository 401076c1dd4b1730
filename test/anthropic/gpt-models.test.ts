// Anthropic clients on GPT deployments: the official @anthropic-ai/sdk against the gateway, whose
// /v1/messages translates through the IR to SAP's azure-openai chat completions.
import Anthropic from "@anthropic-ai/sdk";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../helpers/gateway.js";
import { parseFrames, post } from "./helpers.js";

let setup: TestGateway;
let client: Anthropic;

beforeAll(async () => {
  setup = await startTestGateway();
  client = new Anthropic({ apiKey: "test-key", baseURL: setup.url, maxRetries: 0 });
});
afterAll(() => setup.close());
afterEach(() => setup.simulator.faults.clear());

function lastChatBody() {
  return setup.simulator.requestLog
    .all()
    .filter((entry) => entry.path.endsWith("/chat/completions"))
    .at(-1)!;
}

const weather = {
  name: "get_weather",
  description: "Weather for a city",
  input_schema: { type: "object" as const, properties: { city: { type: "string" } }, required: ["city"] },
};

describe("POST /v1/messages on gpt-4o", () => {
  it("answers text, without and with streaming", async () => {
    const message = await client.messages.create({
      model: "gpt-4o",
      max_tokens: 200,
      system: [{ type: "text", text: "Be brief.", cache_control: { type: "ephemeral" } }],
      messages: [{ role: "user", content: "reply with exactly: hello Claude client" }],
    });
    expect(message.content).toEqual([{ type: "text", text: "hello Claude client" }]);
    expect(message.stop_reason).toBe("end_turn");
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    const sent = lastChatBody();
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({
      model: "gpt-4o",
      messages: [{ role: "system", content: "Be brief." }, { role: "user" }],
    });

    const streamed = await client.messages
      .stream({ model: "gpt-4o", max_tokens: 200, messages: [{ role: "user", content: "count to 9" }] })
      .finalMessage();
    expect(streamed.content).toEqual([{ type: "text", text: "1 2 3 4 5 6 7 8 9" }]);
    expect(streamed.usage.output_tokens).toBe(9);
  });

  it("runs a tool round trip with tool_use and tool_result", async () => {
    const first = await client.messages
      .stream({
        model: "gpt-4.1",
        max_tokens: 300,
        tools: [weather],
        messages: [{ role: "user", content: "get_weather city=Oslo" }],
      })
      .finalMessage();
    expect(first.stop_reason).toBe("tool_use");
    const call = first.content.find((block) => block.type === "tool_use")!;
    expect(call).toMatchObject({ name: "get_weather", input: { city: "Oslo" } });
    const second = await client.messages.create({
      model: "gpt-4.1",
      max_tokens: 300,
      tools: [weather],
      messages: [
        { role: "user", content: "get_weather city=Oslo" },
        { role: "assistant", content: first.content },
        {
          role: "user",
          content: [
            {
              type: "tool_result",
              tool_use_id: call.type === "tool_use" ? call.id : "",
              content: "4 degrees, snow",
            },
          ],
        },
      ],
    });
    expect(second.content).toEqual([{ type: "text", text: "The get_weather result is: 4 degrees, snow" }]);
  });

  it("maps thinking to reasoning_effort on reasoning models", async () => {
    const message = await client.messages.create({
      model: "gpt-5",
      max_tokens: 3000,
      thinking: { type: "enabled", budget_tokens: 2048 },
      messages: [{ role: "user", content: "say exactly: thought" }],
    });
    expect(message.content.at(-1)).toEqual({ type: "text", text: "thought" });
    expect(lastChatBody().body).toMatchObject({ reasoning_effort: "low", max_completion_tokens: 3000 });
  });

  it("frames the stream as Claude Code needs it", async () => {
    const response = await post(
      setup,
      "/v1/messages?beta=true",
      { model: "gpt-4o", max_tokens: 100, stream: true, messages: [{ role: "user", content: "count to 5" }] },
      { origin: "http://localhost:5173" },
    );
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    expect(response.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    const frames = parseFrames(await response.text());
    expect(frames[0]!.event).toBe("message_start");
    expect(frames[0]!.data.message.usage.input_tokens).toBeGreaterThan(0);
    expect(frames.map((frame) => frame.event)).toContain("message_delta");
    expect(frames.at(-1)!.event).toBe("message_stop");
  });

  it("turns Azure's in-stream throttling into an Anthropic 429 before the stream starts", async () => {
    // on both tenants' gpt-4o, so that failover finds no deployment that serves
    setup.simulator.faults.add({ kind: "stream-error", model: "gpt-4o" });
    const error = await client.messages
      .stream({ model: "gpt-4o", max_tokens: 50, messages: [{ role: "user", content: "hi" }] })
      .finalMessage()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
  });

  it("lists GPT models in the Anthropic model list, and counts tokens for them", async () => {
    const models = await client.models.list();
    expect(models.data.map((model) => model.id)).toContain("gpt-4o");
    const counted = await client.messages.countTokens({
      model: "gpt-4o",
      messages: [{ role: "user", content: "hello there" }],
    });
    expect(counted.input_tokens).toBeGreaterThan(0);
  });
});
