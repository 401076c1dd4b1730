// OpenAI chat with reasoning on a Claude deployment: reasoning_effort -> thinking budget below
// max_tokens, thinking streamed as reasoning_content, and the signed thinking recovered when a
// client sends reasoning_content back in a tool loop (streamed and not).
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

describe("OpenAI chat -> Claude with reasoning", () => {
  it("maps reasoning_effort to a thinking budget below max_tokens and streams reasoning_content", async () => {
    const response = await fetch(`${setup.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: "Bearer test-key", "content-type": "application/json" },
      body: JSON.stringify({
        model: CLAUDE,
        messages: [{ role: "user", content: "reply with exactly: thought through" }],
        reasoning_effort: "high",
        max_tokens: 1000,
        temperature: 0.5,
        stream: true,
      }),
    });
    expect(response.status).toBe(200);
    const frames = (await response.text()).split("\n\n").filter(Boolean);
    expect(frames.at(-1)).toBe("data: [DONE]");
    const chunks = frames.slice(0, -1).map((frame) => JSON.parse(frame.slice("data: ".length)));
    const reasoning = chunks.map((chunk) => chunk.choices[0]?.delta.reasoning_content ?? "").join("");
    const content = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("");
    expect(reasoning).toContain("The user wrote");
    expect(content).toBe("thought through");
    const sent = invokes()[0]!.body;
    expect(sent.thinking).toEqual({ type: "enabled", budget_tokens: 24_576 });
    expect(sent.max_tokens).toBe(25_576);
    expect(sent).not.toHaveProperty("temperature");
  });

  it("keeps thinking on across a tool loop by recovering the signed thinking it returned", async () => {
    const messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[] = [
      { role: "user", content: "call get_weather city=Oslo" },
    ];
    const first = await openai.chat.completions.create({
      model: CLAUDE,
      messages,
      tools: [weatherTool],
      reasoning_effort: "low",
    });
    const message = first.choices[0]!.message as AnyJson;
    expect(message.reasoning_content).toContain("get_weather");
    const call = message.tool_calls[0];
    messages.push(message, { role: "tool", tool_call_id: call.id, content: "snow" });
    const second = await openai.chat.completions.create({
      model: CLAUDE,
      messages,
      tools: [weatherTool],
      reasoning_effort: "low",
    });
    expect(second.choices[0]!.message.content).toBe("The get_weather result is: snow");
    const sent = invokes()[1]!.body;
    expect(sent.thinking).toEqual({ type: "enabled", budget_tokens: 2048 });
    expect(sent.messages[1].content[0]).toMatchObject({
      type: "thinking",
      thinking: message.reasoning_content,
    });
    // A client that lost the reasoning text still gets an answer: thinking is off for that turn.
    const stripped = { ...message, reasoning_content: undefined };
    const third = await openai.chat.completions.create({
      model: CLAUDE,
      messages: [messages[0]!, stripped, messages[2]!],
      tools: [weatherTool],
      reasoning_effort: "low",
    });
    expect(third.choices[0]!.message.content).toBe("The get_weather result is: snow");
    expect(invokes()[2]!.body).not.toHaveProperty("thinking");
  });

  it("recovers signed thinking streamed as reasoning_content deltas", async () => {
    const ask = { role: "user", content: "call get_weather city=Lima" };
    const response = await fetch(`${setup.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: "Bearer test-key", "content-type": "application/json" },
      body: JSON.stringify({
        model: CLAUDE,
        messages: [ask],
        tools: [weatherTool],
        reasoning_effort: "low",
        stream: true,
      }),
    });
    const deltas = (await response.text())
      .split("\n\n")
      .filter((frame) => frame.startsWith("data: {"))
      .map((frame) => JSON.parse(frame.slice("data: ".length)).choices[0]?.delta ?? {});
    const reasoning = deltas.map((delta) => delta.reasoning_content ?? "").join("");
    const start = deltas.flatMap((delta) => delta.tool_calls ?? []).find((call) => call.id);
    const args = deltas
      .flatMap((delta) => delta.tool_calls ?? [])
      .map((call) => call.function.arguments)
      .join("");
    expect(reasoning).toContain("get_weather");
    const second = await openai.chat.completions.create({
      model: CLAUDE,
      tools: [weatherTool],
      reasoning_effort: "low",
      messages: [
        ask as OpenAI.Chat.Completions.ChatCompletionMessageParam,
        {
          role: "assistant",
          content: null,
          reasoning_content: reasoning,
          tool_calls: [
            { id: start.id, type: "function", function: { name: "get_weather", arguments: args } },
          ],
        } as OpenAI.Chat.Completions.ChatCompletionAssistantMessageParam,
        { role: "tool", tool_call_id: start.id, content: "mild" },
      ],
    });
    expect(second.choices[0]!.message.content).toBe("The get_weather result is: mild");
    const sent = invokes()[1]!.body;
    expect(sent.thinking).toEqual({ type: "enabled", budget_tokens: 2048 });
    expect(sent.messages[1].content[0]).toMatchObject({ type: "thinking", thinking: reasoning });
  });
});
