// Contract test: the official `@google/genai` SDK (Gemini API mode, as Cherry Studio and the
// Gemini CLI use it) pointed at the gateway with `httpOptions.baseUrl`: text with a system
// instruction, streaming, a function-calling round trip, the model list, a throttled stream and
// a rejected key.
import { ApiError, GoogleGenAI, type Content } from "@google/genai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../helpers/gateway.js";
import { FLASH, lastInference } from "./helpers.js";

let setup: TestGateway;
let ai: GoogleGenAI;

beforeAll(async () => {
  setup = await startTestGateway();
  ai = new GoogleGenAI({ apiKey: "test-key", httpOptions: { baseUrl: setup.url } });
});
afterAll(() => setup.close());

describe("@google/genai against the gateway", () => {
  it("generates text with a system instruction", async () => {
    const response = await ai.models.generateContent({
      model: FLASH,
      contents: "reply with exactly: Hello SDK",
      config: { systemInstruction: "Be brief.", maxOutputTokens: 100, temperature: 0 },
    });
    expect(response.text).toBe("Hello SDK");
    expect(response.usageMetadata?.totalTokenCount).toBeGreaterThan(0);
    const upstream = lastInference(setup);
    expect(upstream.path).toMatch(/\/models\/gemini-2\.5-flash:generateContent$/);
    expect(upstream.body.systemInstruction).toMatchObject({ parts: [{ text: "Be brief." }] });
    expect(upstream.body.generationConfig).toMatchObject({ maxOutputTokens: 100, temperature: 0 });
  });

  it("streams, and the chunks add up to the non-streamed text", async () => {
    const whole = await ai.models.generateContent({ model: FLASH, contents: "count to 25" });
    const stream = await ai.models.generateContentStream({ model: FLASH, contents: "count to 25" });
    let text = "";
    let chunks = 0;
    let finishReason: string | undefined;
    for await (const chunk of stream) {
      chunks += 1;
      text += chunk.text ?? "";
      finishReason = chunk.candidates?.[0]?.finishReason ?? finishReason;
    }
    expect(chunks).toBeGreaterThan(1);
    expect(text).toBe(whole.text);
    expect(finishReason).toBe("STOP");
    expect(lastInference(setup).query).toEqual({ alt: "sse" });
  });

  it("runs a function-calling round trip", async () => {
    const config = {
      tools: [
        {
          functionDeclarations: [
            {
              name: "lookup_order",
              description: "Find an order",
              parametersJsonSchema: {
                type: "object",
                properties: { order_id: { type: "string" } },
                required: ["order_id"],
              },
            },
          ],
        },
      ],
    };
    const question: Content = { role: "user", parts: [{ text: "Please lookup_order order_id=A-17" }] };
    const first = await ai.models.generateContent({ model: FLASH, contents: [question], config });
    const call = first.functionCalls?.[0];
    expect(call).toMatchObject({ name: "lookup_order", args: { order_id: "A-17" } });

    const second = await ai.models.generateContent({
      model: FLASH,
      contents: [
        question,
        { role: "model", parts: [{ functionCall: { ...call, id: "fc-1" } }] },
        {
          role: "user",
          parts: [
            { functionResponse: { id: "fc-1", name: "lookup_order", response: { status: "shipped" } } },
          ],
        },
      ],
      config,
    });
    expect(second.text).toContain("shipped");
    const parts = lastInference(setup).body.contents.flatMap((content: { parts: object[] }) => content.parts);
    expect(JSON.stringify(parts)).not.toContain("fc-1");
  });

  it("lists the Gemini models", async () => {
    const names: string[] = [];
    for await (const model of await ai.models.list()) names.push(model.name ?? "");
    expect(names).toContain("models/gemini-2.5-flash");
    expect(names).toContain("models/gemini-2.5-pro");
  });

  it("sees RESOURCE_EXHAUSTED inside SAP's 200 stream as an ApiError with status 429", async () => {
    // on both tenants' deployments of the model, so that failover finds none that serves
    setup.simulator.faults.add({ kind: "stream-error", path: ":streamGenerateContent" });
    const error = await ai.models
      .generateContentStream({ model: FLASH, contents: "hi" })
      .catch((reason: unknown) => reason);
    setup.simulator.faults.clear();
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(429);
  });

  it("reports a wrong key as an ApiError with status 401", async () => {
    const wrong = new GoogleGenAI({ apiKey: "wrong", httpOptions: { baseUrl: setup.url } });
    const error = await wrong.models
      .generateContent({ model: FLASH, contents: "hi" })
      .catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect((error as ApiError).message).toContain("UNAUTHENTICATED");
  });
});
