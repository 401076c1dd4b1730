// Anthropic Messages -> GPT against the simulator's azure-openai deployments: every translated
// body is accepted (gpt-4o and the reasoning model gpt-5), and the simulator's real JSON and SSE
// answers come back as exact Anthropic output, byte-split invariant, and as the official
// @anthropic-ai/sdk stream accumulator reads it.
import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeAzureChatCompletion } from "../../src/backends/azure-openai/ir-response.js";
import {
  encodeAnthropicMessage,
  type AnthropicMessage,
} from "../../src/frontends/anthropic-messages/ir-response.js";
import { estimateInputTokens } from "../../src/frontends/anthropic-messages/count-tokens.js";
import { SYNTHETIC_THINKING_SIGNATURE } from "../../src/frontends/anthropic-messages/ir-wire.js";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";
import { jsonOf, tenantClient, type AnyJson, type TenantClient } from "../helpers/simulator-client.js";
import {
  anthropicSse,
  gptBody,
  parseFrames,
  sampleRequests,
  weatherTool,
} from "./anthropic-to-gpt-helpers.js";

const CHAT = "/chat/completions?api-version=2024-12-01-preview";
// The name the client sends; the Anthropic SDK warns about retired Claude names, so not one of those.
const MODEL = "gpt-via-anthropic";
const MODELS = ["gpt-4o", "gpt-5"] as const;
const encoder = new TextEncoder();

let simulator: Simulator;
let client: TenantClient;

beforeAll(async () => {
  simulator = await startSimulator();
  client = await tenantClient(simulator, "tenant-a");
});
afterAll(() => simulator.close());

async function post(sapModel: string, anthropic: AnyJson): Promise<Response> {
  const response = await client.infer(sapModel, CHAT, gptBody(anthropic, sapModel));
  if (response.status !== 200)
    throw new Error(`${sapModel} answered ${response.status}: ${await response.text()}`);
  return response;
}

/** The non-streamed answer, encoded for the Anthropic client. */
async function message(
  sapModel: string,
  anthropic: AnyJson,
): Promise<{ upstream: AnyJson; message: AnthropicMessage }> {
  const upstream = await jsonOf(await post(sapModel, { ...anthropic, stream: false }));
  return { upstream, message: encodeAnthropicMessage(decodeAzureChatCompletion(upstream), { model: MODEL }) };
}

/** The raw SSE bytes of the streamed answer. */
async function streamBytes(sapModel: string, anthropic: AnyJson): Promise<Uint8Array> {
  return new Uint8Array(await (await post(sapModel, { ...anthropic, stream: true })).arrayBuffer());
}

function estimateOf(anthropic: AnyJson): number {
  return estimateInputTokens(anthropic);
}

/** Message ids and tool ids differ between two upstream calls; everything else must not. */
function withoutIds(message: AnthropicMessage): unknown {
  return {
    ...message,
    id: "msg_",
    content: message.content.map((block) => (block.type === "tool_use" ? { ...block, id: "call_" } : block)),
  };
}

async function sdkFinalMessage(sse: string, request: AnyJson) {
  const anthropic = new Anthropic({
    apiKey: "test",
    maxRetries: 0,
    fetch: () =>
      Promise.resolve(new Response(sse, { status: 200, headers: { "content-type": "text/event-stream" } })),
  });
  return anthropic.messages
    .stream({ model: MODEL, max_tokens: request.max_tokens, messages: request.messages })
    .finalMessage();
}

const hello = {
  model: MODEL,
  max_tokens: 1024,
  system: [{ type: "text", text: "Be brief.", cache_control: { type: "ephemeral" } }],
  messages: [{ role: "user", content: "reply with exactly: Hello, world!" }],
};
const toolRequest = {
  model: MODEL,
  max_tokens: 1024,
  tools: [weatherTool],
  messages: [{ role: "user", content: "use get_weather with city=Rome days=3" }],
};

describe("translated bodies are accepted", () => {
  const cases = Object.entries(sampleRequests()).flatMap(([name, body]) =>
    MODELS.map((model) => [name, model, body] as const),
  );
  it.each(cases)("%s on %s", async (_name, model, body) => {
    const response = await post(model, body);
    expect(response.status).toBe(200);
    await response.arrayBuffer();
  });
});

describe("JSON answers", () => {
  it("encodes a text answer exactly", async () => {
    const { upstream, message: encoded } = await message("gpt-4o", hello);
    expect(encoded).toEqual({
      id: `msg_${(upstream.id as string).replace(/^chatcmpl-/, "")}`,
      type: "message",
      role: "assistant",
      model: MODEL,
      content: [{ type: "text", text: "Hello, world!" }],
      stop_reason: "end_turn",
      stop_sequence: null,
      usage: {
        input_tokens: upstream.usage.prompt_tokens,
        output_tokens: upstream.usage.completion_tokens,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
      },
    });
  });

  it.each(MODELS)("completes a tool round trip on %s, keeping the upstream tool id", async (model) => {
    const first = await message(model, toolRequest);
    const call = first.upstream.choices[0].message.tool_calls[0];
    expect(first.message.stop_reason).toBe("tool_use");
    expect(first.message.content).toEqual([
      { type: "tool_use", id: call.id, name: "get_weather", input: JSON.parse(call.function.arguments) },
    ]);
    expect(first.message.content[0]).toMatchObject({ input: { city: "Rome" } });

    const second = await message(model, {
      ...toolRequest,
      messages: [
        ...toolRequest.messages,
        { role: "assistant", content: first.message.content },
        {
          role: "user",
          content: [
            { type: "tool_result", tool_use_id: call.id, content: [{ type: "text", text: "sunny" }] },
          ],
        },
      ],
    });
    expect(second.message.content).toEqual([{ type: "text", text: "The get_weather result is: sunny" }]);
    expect(second.message.stop_reason).toBe("end_turn");
  });

  it("reports max_tokens when the answer is cut", async () => {
    const { message: encoded } = await message("gpt-4o", {
      ...hello,
      max_tokens: 3,
      messages: [{ role: "user", content: "count to 100" }],
    });
    expect(encoded.stop_reason).toBe("max_tokens");
  });
});

describe("streamed answers", () => {
  it("encodes a text stream exactly, with the estimate first and the real input count last", async () => {
    const estimate = estimateOf(hello);
    const { upstream } = await message("gpt-4o", hello);
    const bytes = await streamBytes("gpt-4o", hello);
    const frames = parseFrames(await anthropicSse([bytes], { model: MODEL, estimatedInputTokens: estimate }));
    const deltas = frames.slice(2, -3);
    expect(frames[0]!.data.message).toMatchObject({
      id: expect.stringMatching(/^msg_/),
      model: MODEL,
      content: [],
      usage: {
        input_tokens: estimate,
        output_tokens: 0,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
      },
    });
    expect(estimate).toBeGreaterThanOrEqual(upstream.usage.prompt_tokens);
    expect(frames[1]!.data).toEqual({
      type: "content_block_start",
      index: 0,
      content_block: { type: "text", text: "" },
    });
    for (const frame of deltas) {
      expect(frame.event).toBe("content_block_delta");
      expect(frame.data.index).toBe(0);
      expect(frame.data.delta.type).toBe("text_delta");
    }
    expect(deltas.map((frame) => frame.data.delta.text).join("")).toBe("Hello, world!");
    expect(frames.slice(-3).map((frame) => frame.data)).toEqual([
      { type: "content_block_stop", index: 0 },
      {
        type: "message_delta",
        delta: { stop_reason: "end_turn", stop_sequence: null },
        usage: {
          input_tokens: upstream.usage.prompt_tokens,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
          output_tokens: upstream.usage.completion_tokens,
        },
      },
      { type: "message_stop" },
    ]);
  });

  it.each(MODELS)(
    "streams a tool call on %s as input_json_delta fragments of the arguments",
    async (model) => {
      const { upstream } = await message(model, toolRequest);
      const expected = JSON.parse(upstream.choices[0].message.tool_calls[0].function.arguments);
      const frames = parseFrames(
        await anthropicSse([await streamBytes(model, toolRequest)], { model: MODEL }),
      );
      const events = frames.map((frame) => frame.event);
      expect(events[0]).toBe("message_start");
      expect(events.slice(-3)).toEqual(["content_block_stop", "message_delta", "message_stop"]);
      expect(frames[1]!.data).toEqual({
        type: "content_block_start",
        index: 0,
        content_block: {
          type: "tool_use",
          id: expect.stringMatching(/^call_/),
          name: "get_weather",
          input: {},
        },
      });
      const fragments = frames.slice(2, -3);
      expect(fragments.length).toBeGreaterThan(1);
      for (const frame of fragments)
        expect(frame.data).toMatchObject({ index: 0, delta: { type: "input_json_delta" } });
      expect(JSON.parse(fragments.map((frame) => frame.data.delta.partial_json).join(""))).toEqual(expected);
      expect(frames.at(-2)!.data).toEqual({
        type: "message_delta",
        delta: { stop_reason: "tool_use", stop_sequence: null },
        usage: {
          input_tokens: upstream.usage.prompt_tokens,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
          output_tokens: upstream.usage.completion_tokens,
        },
      });
    },
  );

  it("turns the simulator's in-stream throttling into an Anthropic error event", async () => {
    simulator.faults.add({
      kind: "stream-error",
      model: "gpt-4o",
      times: 1,
      message: "exceeded token rate limit",
    });
    const text = await anthropicSse([await streamBytes("gpt-4o", hello)], { model: MODEL });
    expect(parseFrames(text).map((frame) => frame.data)).toEqual([
      { type: "error", error: { type: "rate_limit_error", message: "exceeded token rate limit" } },
    ]);
  });

  it.each([
    ["text", hello],
    ["tool call", toolRequest],
  ])("gives identical output for the raw %s stream split at every byte offset", async (_name, request) => {
    const bytes = await streamBytes("gpt-4o", request);
    const options = { model: MODEL, estimatedInputTokens: 42 };
    const whole = await anthropicSse([bytes], options);
    expect(whole).toContain("message_stop");
    for (let offset = 1; offset < bytes.length; offset += 1) {
      const split = await anthropicSse([bytes.subarray(0, offset), bytes.subarray(offset)], options);
      if (split !== whole) expect.fail(`output differs when split at byte ${offset}`);
    }
  });
});

describe("the official @anthropic-ai/sdk reads the stream", () => {
  it.each([
    ["text", "gpt-4o", hello],
    ["tool call", "gpt-4o", toolRequest],
    ["tool call", "gpt-5", toolRequest],
  ] as const)("%s on %s: finalMessage() equals the non-stream encoding", async (_name, model, request) => {
    const { message: expected } = await message(model, request);
    const sse = await anthropicSse([await streamBytes(model, request)], {
      model: MODEL,
      estimatedInputTokens: estimateOf(request),
    });
    // parsed_output is the SDK's own addition (structured outputs), not part of the wire message.
    const { parsed_output: parsed, ...final } = await sdkFinalMessage(sse, request);
    expect(parsed).toBeNull();
    expect(withoutIds(JSON.parse(JSON.stringify(final)) as AnthropicMessage)).toEqual(withoutIds(expected));
    expect(final.id).toMatch(/^msg_/);
  });

  it("raises the error event as an API error", async () => {
    const sse = `event: error\ndata: ${JSON.stringify({ type: "error", error: { type: "rate_limit_error", message: "slow" } })}\n\n`;
    await expect(sdkFinalMessage(sse, hello)).rejects.toThrow(/rate_limit_error/);
  });

  it("reads a synthesized thinking block with its signature", async () => {
    const chunk = (delta: object, finish: string | null = null) =>
      `data: ${JSON.stringify({ id: "chatcmpl-t", model: "m", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    const upstream = [
      chunk({ role: "assistant", reasoning_content: "Thinking it over." }),
      chunk({ content: "Done." }),
      chunk({}, "stop"),
      "data: [DONE]\n\n",
    ].join("");
    const sse = await anthropicSse([encoder.encode(upstream)], { model: MODEL, estimatedInputTokens: 5 });
    const final = await sdkFinalMessage(sse, hello);
    expect(final.content).toEqual([
      { type: "thinking", thinking: "Thinking it over.", signature: SYNTHETIC_THINKING_SIGNATURE },
      { type: "text", text: "Done." },
    ]);
    expect(final.usage.input_tokens).toBe(5);
  });
});
