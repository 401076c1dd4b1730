// gcp-vertexai executable of the simulator, streaming: SSE with and without alt=sse, Google's
// JSON-array stream (behaviour geminiStreamWithoutAltSse "json-array"), thoughts and function
// calls in chunks, and injected faults (throttling inside a 200 stream, 429 and 503 bodies).
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";
import { sseDataPayloads, tenantClient, type TenantClient } from "../helpers/simulator-client.js";
import {
  answerText,
  generate,
  streamPath,
  userText,
  type GeminiResponse,
  type GoogleError,
} from "./gcp-vertexai-helpers.js";

let simulator: Simulator;
let arraySimulator: Simulator;
let a: TenantClient;
let arrayClient: TenantClient;
const MODEL = "gemini-2.5-flash";
const counting = { contents: [userText("count to 30")] };

beforeAll(async () => {
  simulator = await startSimulator();
  arraySimulator = await startSimulator({ behaviour: { geminiStreamWithoutAltSse: "json-array" } });
  a = await tenantClient(simulator, "tenant-a");
  arrayClient = await tenantClient(arraySimulator, "tenant-a");
});
afterAll(async () => {
  await simulator.close();
  await arraySimulator.close();
});
afterEach(() => simulator.faults.clear());

async function sseChunks(client: TenantClient, body: unknown, query = "?alt=sse") {
  const response = await client.infer(MODEL, streamPath(MODEL, query), body);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
  const text = await response.text();
  const payloads = sseDataPayloads(text);
  expect(payloads).not.toContain("[DONE]");
  return payloads.map((payload) => JSON.parse(payload) as GeminiResponse);
}

function streamedText(chunks: GeminiResponse[], thoughts = false): string {
  return chunks
    .flatMap((chunk) => chunk.candidates[0]?.content.parts ?? [])
    .filter((part) => (part.thought === true) === thoughts)
    .map((part) => part.text ?? "")
    .join("");
}

describe("streamGenerateContent with alt=sse", () => {
  it("streams GenerateContentResponse chunks whose text adds up to the non-stream answer", async () => {
    const chunks = await sseChunks(a, counting);
    expect(chunks.length).toBeGreaterThan(3);
    const whole = await generate(a, MODEL, counting);
    expect(streamedText(chunks)).toBe(answerText(whole.body));
    const last = chunks[chunks.length - 1];
    expect(last?.candidates[0]?.finishReason).toBe("STOP");
    expect(last?.usageMetadata).toMatchObject({
      promptTokenCount: whole.body.usageMetadata.promptTokenCount,
      candidatesTokenCount: whole.body.usageMetadata.candidatesTokenCount,
      thoughtsTokenCount: whole.body.usageMetadata.thoughtsTokenCount,
    });
    for (const chunk of chunks.slice(0, -1)) {
      expect(chunk.candidates[0]?.finishReason).toBeUndefined();
      expect(chunk.usageMetadata.candidatesTokenCount).toBeUndefined();
      expect(chunk.modelVersion).toBe(MODEL);
      expect(chunk.responseId).toBe(last?.responseId);
    }
  });

  it("sends thoughts before the answer, and a function call whole in one chunk", async () => {
    const thinking = await sseChunks(a, {
      ...counting,
      generationConfig: { thinkingConfig: { includeThoughts: true } },
    });
    const firstAnswer = thinking.findIndex(
      (chunk) => chunk.candidates[0]?.content.parts?.[0]?.thought !== true,
    );
    expect(firstAnswer).toBeGreaterThan(0);
    expect(streamedText(thinking.slice(firstAnswer), true)).toBe("");
    expect(streamedText(thinking, true)).toContain("count to 30");

    const calling = await sseChunks(a, {
      contents: [userText("lookup city=Oslo")],
      tools: [
        {
          functionDeclarations: [
            { name: "lookup", parameters: { type: "OBJECT", properties: { city: { type: "STRING" } } } },
          ],
        },
      ],
    });
    const callChunks = calling.filter((chunk) =>
      chunk.candidates[0]?.content.parts?.some((part) => part.functionCall),
    );
    expect(callChunks).toHaveLength(1);
    expect(callChunks[0]?.candidates[0]?.content.parts?.[0]?.functionCall).toEqual({
      name: "lookup",
      args: { city: "Oslo" },
    });
    expect(calling[calling.length - 1]?.candidates[0]?.finishReason).toBe("STOP");
  });

  it("ends a truncated stream with MAX_TOKENS", async () => {
    const chunks = await sseChunks(a, {
      contents: [userText("count to 500")],
      generationConfig: { maxOutputTokens: 20, thinkingConfig: { thinkingBudget: 0 } },
    });
    expect(chunks[chunks.length - 1]?.candidates[0]?.finishReason).toBe("MAX_TOKENS");
    expect(streamedText(chunks)).toMatch(/^1 2 3/);
  });
});

describe("streamGenerateContent without alt=sse", () => {
  it("answers the same SSE by default", async () => {
    const chunks = await sseChunks(a, counting, "");
    expect(streamedText(chunks)).toBe(answerText((await generate(a, MODEL, counting)).body));
  });

  it("answers one JSON array written piecewise with behaviour json-array", async () => {
    const response = await arrayClient.infer(MODEL, streamPath(MODEL, ""), counting);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const text = await response.text();
    expect(text.startsWith("[{")).toBe(true);
    expect(text).toContain("}\n,\r\n{");
    expect(text.endsWith("}\n]")).toBe(true);
    const chunks = JSON.parse(text) as GeminiResponse[];
    expect(chunks.length).toBeGreaterThan(3);
    expect(streamedText(chunks)).toBe(answerText((await generate(arrayClient, MODEL, counting)).body));
    expect(chunks[chunks.length - 1]?.candidates[0]?.finishReason).toBe("STOP");
  });

  it("still answers SSE when alt=sse is given, whatever the behaviour", async () => {
    const chunks = await sseChunks(arrayClient, counting);
    expect(chunks[chunks.length - 1]?.usageMetadata.totalTokenCount).toBeGreaterThan(0);
  });

  it("wraps errors in an array in the JSON-array framing", async () => {
    const response = await arrayClient.infer(MODEL, streamPath(MODEL, ""), { contents: [] });
    expect(response.status).toBe(400);
    const [body] = (await response.json()) as GoogleError[];
    expect(body?.error.status).toBe("INVALID_ARGUMENT");
  });
});

describe("faults", () => {
  it("throttles inside a 200 stream with a RESOURCE_EXHAUSTED error event", async () => {
    simulator.faults.add({ kind: "stream-error", model: MODEL });
    const response = await a.infer(MODEL, streamPath(MODEL), counting);
    expect(response.status).toBe(200);
    const payloads = sseDataPayloads(await response.text()).map(
      (payload) => JSON.parse(payload) as GoogleError,
    );
    expect(payloads).toHaveLength(1);
    expect(payloads[0]?.error).toEqual({
      code: 429,
      message: expect.stringMatching(/^Resource exhausted\. Please try again later\./),
      status: "RESOURCE_EXHAUSTED",
    });
    // Non-stream requests are not affected by a stream fault.
    expect((await generate(a, MODEL, counting)).status).toBe(200);
  });

  it("answers 429 RESOURCE_EXHAUSTED with Retry-After, and 503 UNAVAILABLE", async () => {
    simulator.faults.add({ kind: "http-error", status: 429, model: MODEL, times: 1 });
    const limited = await a.infer(MODEL, streamPath(MODEL), counting);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("2");
    expect(((await limited.json()) as GoogleError).error).toMatchObject({
      code: 429,
      status: "RESOURCE_EXHAUSTED",
      message: expect.stringMatching(/^Resource exhausted/),
    });

    simulator.faults.add({
      kind: "http-error",
      status: 503,
      model: MODEL,
      times: 1,
      message: "Model overloaded",
    });
    const unavailable = await a.infer(MODEL, "/models/gemini-2.5-flash:generateContent", counting);
    expect(unavailable.status).toBe(503);
    expect(((await unavailable.json()) as GoogleError).error).toEqual({
      code: 503,
      message: "Model overloaded",
      status: "UNAVAILABLE",
    });
  });
});
