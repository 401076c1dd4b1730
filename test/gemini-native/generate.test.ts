// POST /v1beta/models/{model}:generateContent over raw HTTP, the way Gemini clients call it:
// text answers, system instructions, a function-calling round trip (with the Gemini API's
// function ids stripped before SAP), client keys in every accepted place, the path spellings of
// Gemini and Vertex clients, and the Gemini-shaped model list.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../helpers/gateway.js";
import { jsonOf } from "../helpers/simulator-client.js";
import {
  FLASH,
  answerText,
  generatePath,
  inferences,
  lastInference,
  post,
  userText,
  type GeminiResponse,
} from "./helpers.js";

let setup: TestGateway;

beforeAll(async () => {
  setup = await startTestGateway({ extra: { model_aliases: { "gemini-flash-latest": FLASH } } });
});
afterAll(() => setup.close());
beforeEach(() => setup.simulator.requestLog.clear());

describe("generateContent", () => {
  it("answers text derived from the prompt, in Vertex's response shape", async () => {
    const response = await post(setup, generatePath(), {
      contents: [userText("reply with exactly: Hello from Gemini")],
      generationConfig: { maxOutputTokens: 200, temperature: 0 },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(response.headers.get("x-request-id")).toBeTruthy();
    const body = (await response.json()) as GeminiResponse;
    expect(answerText(body)).toBe("Hello from Gemini");
    expect(body.candidates[0]).toMatchObject({ content: { role: "model" }, finishReason: "STOP" });
    expect(body.usageMetadata).toMatchObject({ promptTokenCount: expect.any(Number) });

    const upstream = lastInference(setup);
    expect(upstream.path).toMatch(
      /\/v2\/inference\/deployments\/[^/]+\/models\/gemini-2\.5-flash:generateContent$/,
    );
    expect(upstream.query).toEqual({});
    expect(upstream.headers["ai-resource-group"]).toBeTruthy();
    expect(upstream.body).toEqual({
      contents: [userText("reply with exactly: Hello from Gemini")],
      generationConfig: { maxOutputTokens: 200, temperature: 0 },
    });
  });

  it("passes the system instruction and generation settings through unchanged", async () => {
    const request = {
      systemInstruction: { parts: [{ text: "You are terse." }] },
      contents: [userText("reply with exactly: ok")],
      generationConfig: { maxOutputTokens: 64, topP: 0.9, topK: 20, stopSequences: ["STOP"] },
      safetySettings: [{ category: "HARM_CATEGORY_HARASSMENT", threshold: "BLOCK_ONLY_HIGH" }],
    };
    const response = await post(setup, generatePath(), request);
    expect(response.status).toBe(200);
    expect(answerText((await response.json()) as GeminiResponse)).toBe("ok");
    expect(lastInference(setup).body).toEqual(request);
  });

  it("routes aliases and both tenants' deployments of the model (round robin)", async () => {
    for (let index = 0; index < 4; index += 1) {
      const response = await post(setup, generatePath("gemini-flash-latest"), {
        contents: [userText("reply with exactly: hi")],
      });
      expect(response.status).toBe(200);
    }
    const tenants = new Set(inferences(setup).map((entry) => entry.tenant));
    expect(tenants).toEqual(new Set(["tenant-a", "tenant-b"]));
    expect(
      inferences(setup).every((entry) => entry.path.endsWith("/models/gemini-2.5-flash:generateContent")),
    ).toBe(true);
  });

  it("runs a function-calling round trip and strips the Gemini API's function ids upstream", async () => {
    const tools = [
      {
        functionDeclarations: [
          {
            name: "get_weather",
            description: "Weather for a city",
            parameters: { type: "OBJECT", properties: { city: { type: "STRING" } }, required: ["city"] },
          },
        ],
      },
    ];
    const question = userText("Use get_weather for city=Paris");
    const first = await post(setup, generatePath(), { contents: [question], tools });
    expect(first.status).toBe(200);
    const call = (await first.json()) as GeminiResponse;
    expect(call.candidates[0]?.finishReason).toBe("STOP");
    const callPart = call.candidates[0]?.content.parts?.find((part) => part.functionCall);
    expect(callPart?.functionCall).toMatchObject({ name: "get_weather", args: { city: "Paris" } });

    // The client echoes the call with an id (as Gemini API clients do) and answers it with the same id.
    const followUp = {
      contents: [
        question,
        {
          role: "model",
          parts: [{ ...callPart, functionCall: { ...callPart!.functionCall, id: "call-1" } }],
        },
        {
          role: "user",
          parts: [
            { functionResponse: { id: "call-1", name: "get_weather", response: { temperature: "21C" } } },
          ],
        },
      ],
      tools,
    };
    const second = await post(setup, generatePath(), followUp);
    expect(second.status).toBe(200);
    expect(answerText((await second.json()) as GeminiResponse)).toContain("21C");

    const sent = lastInference(setup).body;
    expect(sent.contents[1].parts[0].functionCall).toEqual({ name: "get_weather", args: { city: "Paris" } });
    expect(sent.contents[2].parts[0].functionResponse).toEqual({
      name: "get_weather",
      response: { temperature: "21C" },
    });
    expect(sent.tools).toEqual(tools);
  });

  it("drops Gemini-API-only fields and the body's model, and keeps the rest", async () => {
    const response = await post(setup, generatePath(), {
      model: "models/gemini-2.5-flash",
      contents: [userText("reply with exactly: fine")],
      generationConfig: { enableEnhancedCivicAnswers: true, temperature: 0.5 },
      toolConfig: { functionCallingConfig: { mode: "AUTO" }, includeServerSideToolInvocations: true },
      store: false,
    });
    expect(response.status).toBe(200);
    expect(answerText((await response.json()) as GeminiResponse)).toBe("fine");
    expect(lastInference(setup).body).toEqual({
      contents: [userText("reply with exactly: fine")],
      generationConfig: { temperature: 0.5 },
      toolConfig: { functionCallingConfig: { mode: "AUTO" } },
    });
  });
});

describe("paths", () => {
  it.each([
    ["/v1beta/models/gemini-2.5-flash:generateContent"],
    ["/v1/models/gemini-2.5-flash:generateContent"],
    ["/models/gemini-2.5-flash:generateContent"],
    ["/v1beta1/publishers/google/models/gemini-2.5-flash:generateContent"],
    [
      "/v1/projects/my-project/locations/europe-west1/publishers/google/models/gemini-2.5-flash:generateContent",
    ],
    ["/v1beta/models/gemini-2.5-flash%3AgenerateContent"],
  ])("serves %s", async (path) => {
    const response = await post(setup, path, { contents: [userText("reply with exactly: path ok")] });
    expect(response.status).toBe(200);
    expect(answerText((await response.json()) as GeminiResponse)).toBe("path ok");
  });

  it("answers other methods and unknown /v1beta paths with 404 NOT_FOUND in Google's shape", async () => {
    for (const path of ["/v1beta/models/gemini-2.5-flash:embedContent", "/v1beta/cachedContents"]) {
      const response = await post(setup, path, { content: {} });
      expect(response.status).toBe(404);
      expect((await jsonOf(response)).error).toMatchObject({ code: 404, status: "NOT_FOUND" });
    }
  });
});

describe("client keys", () => {
  const body = { contents: [userText("reply with exactly: authorised")] };

  it.each([
    ["x-goog-api-key", generatePath(), { "x-goog-api-key": "test-key" }],
    ["?key=", `${generatePath()}?key=test-key`, {}],
    ["Bearer", generatePath(), { authorization: "Bearer test-key" }],
    ["x-api-key", generatePath(), { "x-api-key": "test-key" }],
  ])("accepts the key as %s", async (_name, path, headers) => {
    const response = await post(setup, path, body, headers);
    expect(response.status).toBe(200);
    expect(answerText((await response.json()) as GeminiResponse)).toBe("authorised");
    const upstream = lastInference(setup);
    expect(upstream.query).toEqual({});
    expect(JSON.stringify(upstream.headers)).not.toContain("test-key");
  });

  it.each([
    ["no key", generatePath(), {}],
    ["a wrong x-goog-api-key", generatePath(), { "x-goog-api-key": "wrong" }],
    ["a wrong ?key=", `${generatePath()}?key=wrong`, {}],
    ["a wrong Bearer", generatePath(), { authorization: "Bearer wrong" }],
  ])("rejects %s with 401 UNAUTHENTICATED", async (_name, path, headers) => {
    const response = await post(setup, path, body, headers);
    expect(response.status).toBe(401);
    const error = (await jsonOf(response)).error;
    expect(error).toMatchObject({ code: 401, status: "UNAUTHENTICATED" });
    expect(error.message).toContain("x-goog-api-key");
    expect(inferences(setup)).toHaveLength(0);
  });

  it("does not take ?key= on the other protocols' routes", async () => {
    const response = await fetch(`${setup.url}/v1/chat/completions?key=test-key`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] }),
    });
    expect(response.status).toBe(401);
  });
});

describe("model list", () => {
  it("lists the Gemini models (and aliases of them) in the Gemini API's shape", async () => {
    const response = await fetch(`${setup.url}/v1beta/models`, { headers: { "x-goog-api-key": "test-key" } });
    expect(response.status).toBe(200);
    const { models } = (await response.json()) as {
      models: { name: string; supportedGenerationMethods: string[] }[];
    };
    const names = models.map((model) => model.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "models/gemini-2.5-flash",
        "models/gemini-2.5-pro",
        "models/gemini-flash-latest",
      ]),
    );
    expect(names.some((name) => /gpt|claude/.test(name))).toBe(false);
    expect(models[0]?.supportedGenerationMethods).toEqual(["generateContent", "streamGenerateContent"]);

    const one = await fetch(`${setup.url}/v1beta/models/gemini-2.5-pro?key=test-key`);
    expect(await one.json()).toMatchObject({ name: "models/gemini-2.5-pro", displayName: "gemini-2.5-pro" });
    const missing = await fetch(`${setup.url}/v1beta/models/gpt-4o?key=test-key`);
    expect(missing.status).toBe(404);
    expect((await jsonOf(missing)).error.status).toBe("NOT_FOUND");
  });
});
