// gcp-vertexai executable of the simulator, non-streaming: generateContent replies derived from
// the prompt, system instructions in both spellings, function calling and its response round
// trip, Gemini 3 thought signatures, thoughts, truncation, JSON output, and the model path check.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";
import { tenantClient, type TenantClient } from "../helpers/simulator-client.js";
import {
  answerText,
  generate,
  generatePath,
  rejected,
  userText,
  type GeminiPart,
} from "./gcp-vertexai-helpers.js";

let simulator: Simulator;
let a: TenantClient;
let b: TenantClient;

beforeAll(async () => {
  simulator = await startSimulator();
  a = await tenantClient(simulator, "tenant-a");
  b = await tenantClient(simulator, "tenant-b");
});
afterAll(() => simulator.close());

const weatherTool = {
  functionDeclarations: [
    {
      name: "get_weather",
      description: "Current weather of a city",
      parameters: { type: "OBJECT", properties: { city: { type: "STRING" } }, required: ["city"] },
    },
  ],
};

describe("generateContent", () => {
  it("answers a prompt with a GenerateContentResponse", async () => {
    const { status, body, contentType } = await generate(a, "gemini-2.5-flash", {
      contents: [userText("reply with exactly: Hello from Vertex")],
    });
    expect(status).toBe(200);
    expect(contentType).toMatch(/^application\/json/);
    expect(answerText(body)).toBe("Hello from Vertex");
    const [candidate] = body.candidates;
    expect(candidate?.content.role).toBe("model");
    expect(candidate?.finishReason).toBe("STOP");
    expect(body.modelVersion).toBe("gemini-2.5-flash");
    expect(new Date(body.createTime).toISOString()).toBe(body.createTime);
    expect(body.responseId).toMatch(/^\w{10,}$/);
    const usage = body.usageMetadata;
    expect(usage.promptTokenCount).toBeGreaterThan(0);
    expect(usage.candidatesTokenCount).toBeGreaterThan(0);
    expect(usage.promptTokensDetails).toEqual([{ modality: "TEXT", tokenCount: usage.promptTokenCount }]);
    // Gemini 2.5 thinks even when thoughts are not returned: counted, not shown.
    expect(usage.thoughtsTokenCount).toBeGreaterThan(0);
    expect(candidate?.content.parts?.some((part) => part.thought)).toBe(false);
    expect(usage.totalTokenCount).toBe(
      usage.promptTokenCount + (usage.candidatesTokenCount ?? 0) + (usage.thoughtsTokenCount ?? 0),
    );
  });

  it("counts as asked, from the last user turn of a multi-turn history", async () => {
    const { body } = await generate(a, "gemini-2.5-pro", {
      contents: [userText("hi"), { role: "model", parts: [{ text: "Hello!" }] }, userText("count to 5")],
    });
    expect(answerText(body)).toBe("1 2 3 4 5");
  });

  it("accepts a system instruction in camelCase and snake_case, and a single contents object", async () => {
    const camel = await generate(a, "gemini-2.5-flash", {
      systemInstruction: { parts: [{ text: "Be brief." }] },
      generationConfig: { maxOutputTokens: 200, temperature: 0 },
      contents: [userText("say exactly: camel")],
    });
    expect(camel.status).toBe(200);
    expect(answerText(camel.body)).toBe("camel");
    const snake = await generate(a, "gemini-2.5-flash", {
      system_instruction: { parts: [{ text: "Be brief." }] },
      generation_config: { max_output_tokens: 200, top_p: 0.9 },
      safety_settings: [{ category: "HARM_CATEGORY_HARASSMENT", threshold: "BLOCK_NONE" }],
      contents: { role: "user", parts: [{ text: "say exactly: snake" }] },
    });
    expect(snake.status).toBe(200);
    expect(answerText(snake.body)).toBe("snake");
  });

  it("counts attachments by modality", async () => {
    const { body } = await generate(a, "gemini-2.5-flash", {
      contents: [
        {
          role: "user",
          parts: [
            { text: "What is this?" },
            { inlineData: { mimeType: "image/png", data: "iVBORw0KGgo=" } },
            { fileData: { mimeType: "application/pdf", fileUri: "gs://bucket/doc.pdf" } },
          ],
        },
      ],
    });
    expect(answerText(body)).toBe("Echo: What is this? (2 attachments)");
    const modalities = body.usageMetadata.promptTokensDetails?.map((detail) => detail.modality);
    expect(modalities).toEqual(["TEXT", "IMAGE", "DOCUMENT"]);
  });
});

describe("function calling", () => {
  it("calls a declared tool named in the prompt, then answers from its response", async () => {
    const question = userText("use get_weather with city=Paris");
    const first = await generate(a, "gemini-2.5-flash", { contents: [question], tools: [weatherTool] });
    expect(first.status).toBe(200);
    const [candidate] = first.body.candidates;
    expect(candidate?.finishReason).toBe("STOP");
    const call = candidate?.content.parts?.find((part) => part.functionCall);
    expect(call?.functionCall).toEqual({ name: "get_weather", args: { city: "Paris" } });

    const second = await generate(a, "gemini-2.5-flash", {
      tools: [weatherTool],
      contents: [
        question,
        candidate?.content,
        {
          role: "user",
          parts: [{ functionResponse: { name: "get_weather", response: { temperature: "21C" } } }],
        },
      ],
    });
    expect(second.status).toBe(200);
    expect(answerText(second.body)).toBe('The get_weather result is: {"temperature":"21C"}');
  });

  it("follows functionCallingConfig: ANY forces a call, NONE forbids it", async () => {
    const forced = await generate(a, "gemini-2.5-flash", {
      contents: [userText("what now?")],
      tools: [weatherTool],
      toolConfig: { functionCallingConfig: { mode: "ANY", allowedFunctionNames: ["get_weather"] } },
    });
    expect(forced.body.candidates[0]?.content.parts?.some((part) => part.functionCall)).toBe(true);
    const none = await generate(a, "gemini-2.5-flash", {
      contents: [userText("use get_weather with city=Rome")],
      tools: [weatherTool],
      tool_config: { function_calling_config: { mode: "NONE" } },
    });
    expect(answerText(none.body)).toBe("Echo: use get_weather with city=Rome");
  });
});

describe("Gemini 3 thought signatures", () => {
  const question = userText("call get_weather with city=Berlin");
  const reply = (callPart: GeminiPart) => ({
    tools: [weatherTool],
    contents: [
      question,
      { role: "model", parts: [callPart] },
      { role: "user", parts: [{ functionResponse: { name: "get_weather", response: { sky: "clear" } } }] },
    ],
  });

  it("signs function calls and accepts them back unchanged", async () => {
    const first = await generate(b, "gemini-3.5-flash", { contents: [question], tools: [weatherTool] });
    const callPart = first.body.candidates[0]?.content.parts?.find((part) => part.functionCall);
    expect(callPart?.thoughtSignature).toEqual(expect.any(String));
    const second = await generate(b, "gemini-3.5-flash", reply(callPart ?? {}));
    expect(second.status).toBe(200);
    expect(answerText(second.body)).toContain("get_weather result");
  });

  it("rejects a function call sent back without its signature", async () => {
    const { status, error } = await rejected(
      b,
      "gemini-3.5-flash",
      reply({ functionCall: { name: "get_weather", args: { city: "Berlin" } } }),
    );
    expect(status).toBe(400);
    expect(error.status).toBe("INVALID_ARGUMENT");
    expect(error.message).toMatch(/^Function call is missing a thought_signature in functionCall parts\./);
    expect(error.message).toContain("`default_api:get_weather` , position 2");
  });

  it("rejects a tampered signature, and accepts Google's documented placeholder", async () => {
    const first = await generate(b, "gemini-3.5-flash", { contents: [question], tools: [weatherTool] });
    const callPart = first.body.candidates[0]?.content.parts?.find((part) => part.functionCall) ?? {};
    const edited = { ...callPart, functionCall: { name: "get_weather", args: { city: "Munich" } } };
    const tampered = await rejected(b, "gemini-3.5-flash", reply(edited));
    expect(tampered).toMatchObject({ status: 400, error: { message: "Corrupted thought signature." } });
    const placeholder = await generate(
      b,
      "gemini-3.5-flash",
      reply({ ...edited, thoughtSignature: "skip_thought_signature_validator" }),
    );
    expect(placeholder.status).toBe(200);
  });

  it("does not require signatures from Gemini 2.5 models", async () => {
    const { status } = await generate(
      a,
      "gemini-2.5-pro",
      reply({ functionCall: { name: "get_weather", args: {} } }),
    );
    expect(status).toBe(200);
  });
});

describe("thinking, limits and JSON output", () => {
  it("returns thoughts first when includeThoughts is set", async () => {
    const { body } = await generate(a, "gemini-2.5-pro", {
      contents: [userText("say exactly: done")],
      generationConfig: { thinkingConfig: { includeThoughts: true, thinkingBudget: 1024 } },
    });
    const parts = body.candidates[0]?.content.parts ?? [];
    expect(parts[0]).toMatchObject({ thought: true, text: expect.stringContaining("say exactly: done") });
    expect(answerText(body)).toBe("done");
    expect(body.usageMetadata.thoughtsTokenCount).toBeGreaterThan(0);
  });

  it("does not think on a flash model with thinkingBudget 0", async () => {
    const { body } = await generate(a, "gemini-2.5-flash", {
      contents: [userText("say exactly: quick")],
      generationConfig: { thinkingConfig: { thinkingBudget: 0, includeThoughts: true } },
    });
    expect(body.candidates[0]?.content.parts).toEqual([{ text: "quick" }]);
    expect(body.usageMetadata.thoughtsTokenCount).toBeUndefined();
  });

  it("stops at maxOutputTokens with MAX_TOKENS", async () => {
    const { body } = await generate(a, "gemini-2.5-flash", {
      contents: [userText("count to 500")],
      generationConfig: { maxOutputTokens: 20, thinkingConfig: { thinkingBudget: 0 } },
    });
    expect(body.candidates[0]?.finishReason).toBe("MAX_TOKENS");
    const text = answerText(body);
    expect(text.length).toBeGreaterThan(0);
    expect("1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21".startsWith(text.trim())).toBe(true);
    expect(body.usageMetadata.candidatesTokenCount).toBeLessThanOrEqual(20);
  });

  it("can spend the whole budget on thinking, leaving a content without parts", async () => {
    const { body } = await generate(a, "gemini-2.5-pro", {
      contents: [userText("count to 500")],
      generationConfig: { maxOutputTokens: 5 },
    });
    expect(body.candidates[0]).toEqual({ content: { role: "model" }, finishReason: "MAX_TOKENS" });
    expect(body.usageMetadata.thoughtsTokenCount).toBe(5);
  });

  it("ends at a stop sequence with STOP", async () => {
    const { body } = await generate(a, "gemini-2.5-flash", {
      contents: [userText("count to 10")],
      generationConfig: { stopSequences: [" 4"] },
    });
    expect(answerText(body)).toBe("1 2 3");
    expect(body.candidates[0]?.finishReason).toBe("STOP");
  });

  it("answers JSON that follows responseSchema", async () => {
    const { body } = await generate(a, "gemini-2.5-flash", {
      contents: [userText("describe city=Lyon, population=500000")],
      generationConfig: {
        responseMimeType: "application/json",
        responseSchema: {
          type: "OBJECT",
          properties: { city: { type: "STRING" }, population: { type: "INTEGER" } },
          required: ["city", "population"],
        },
      },
    });
    expect(JSON.parse(answerText(body))).toEqual({ city: "Lyon", population: 500000 });
  });
});

describe("model path", () => {
  it("answers NOT_FOUND when the path names another model than the deployment's", async () => {
    const { status, error } = await rejected(
      a,
      "gemini-2.5-flash",
      { contents: [userText("hi")] },
      generatePath("gemini-2.5-pro"),
    );
    expect(status).toBe(404);
    expect(error.status).toBe("NOT_FOUND");
    expect(error.message).toMatch(
      /^Publisher Model `.*\/publishers\/google\/models\/gemini-2\.5-pro` was not found/,
    );
  });

  it("does not serve other methods", async () => {
    const response = await a.infer("gemini-2.5-flash", "/models/gemini-2.5-flash:countTokens", {
      contents: [userText("hi")],
    });
    expect(response.status).toBe(404);
  });
});
