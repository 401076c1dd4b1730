// POST /v1beta/models/{model}:streamGenerateContent over raw HTTP: with `alt=sse` every event is
// a `data:` GenerateContentResponse ended by `\r\n\r\n` (as Google writes them), without it the
// body is Google's JSON-array stream; either way the gateway asks SAP for SSE, the text matches
// the non-streamed answer, and the last chunk carries the finish reason and usage.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../helpers/gateway.js";
import {
  answerText,
  generatePath,
  lastInference,
  parseSseEvents,
  post,
  streamPath,
  userText,
  type GeminiResponse,
} from "./helpers.js";

let setup: TestGateway;
const request = {
  contents: [userText("count to 40")],
  generationConfig: { maxOutputTokens: 400 },
};

beforeAll(async () => {
  setup = await startTestGateway({ simulator: { behaviour: { tokensPerStreamDelta: 4 } } });
});
afterAll(() => setup.close());
beforeEach(() => setup.simulator.requestLog.clear());

async function nonStreamText(): Promise<string> {
  const response = await post(setup, generatePath(), request);
  expect(response.status).toBe(200);
  return answerText((await response.json()) as GeminiResponse);
}

describe("streamGenerateContent?alt=sse", () => {
  it("relays every chunk as a data: event with Google's framing", async () => {
    const expected = await nonStreamText();
    expect(expected).toMatch(/^1 2 3 .* 40$/);
    const response = await post(setup, streamPath(), request);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    expect(response.headers.get("x-request-id")).toBeTruthy();
    const events = parseSseEvents(await response.text()) as GeminiResponse[];
    expect(events.length).toBeGreaterThan(3);
    expect(events.map(answerText).join("")).toBe(expected);
    for (const event of events.slice(0, -1)) expect(event.candidates[0]?.finishReason).toBeUndefined();
    const last = events.at(-1)!;
    expect(last.candidates[0]?.finishReason).toBe("STOP");
    expect(last.usageMetadata).toMatchObject({
      promptTokenCount: expect.any(Number),
      candidatesTokenCount: expect.any(Number),
      totalTokenCount: expect.any(Number),
    });
  });

  it("asks SAP for :streamGenerateContent with alt=sse", async () => {
    await (await post(setup, streamPath(), request)).text();
    const upstream = lastInference(setup);
    expect(upstream.path).toMatch(/\/models\/gemini-2\.5-flash:streamGenerateContent$/);
    expect(upstream.query).toEqual({ alt: "sse" });
    expect(upstream.headers.accept).toBe("text/event-stream");
    expect(upstream.body).toEqual(request);
  });
});

describe("streamGenerateContent without alt=sse", () => {
  it("answers Google's JSON-array stream, still asking SAP for SSE", async () => {
    const expected = await nonStreamText();
    const response = await post(setup, streamPath(undefined, ""), request);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    const text = await response.text();
    expect(text.startsWith("[{")).toBe(true);
    expect(text).toContain("\n,\r\n{");
    const chunks = JSON.parse(text) as GeminiResponse[];
    expect(Array.isArray(chunks)).toBe(true);
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.map(answerText).join("")).toBe(expected);
    expect(chunks.at(-1)?.candidates[0]?.finishReason).toBe("STOP");
    expect(lastInference(setup).query).toEqual({ alt: "sse" });
  });

  it("treats alt=json as the JSON-array stream too", async () => {
    const response = await post(setup, streamPath(undefined, "?alt=json"), request);
    expect(Array.isArray(JSON.parse(await response.text()))).toBe(true);
  });
});
