// The body fixes of the Gemini passthrough (src/frontends/gemini-native/request-body.ts) and the
// path forms it parses: only what SAP's Vertex rejects is touched, in both protobuf JSON
// spellings; everything else stays as the client sent it.
import { describe, expect, it } from "vitest";
import { alwaysThinks, toVertexBody } from "../../src/frontends/gemini-native/request-body.js";
import { parseGeminiTarget } from "../../src/frontends/gemini-native/request-path.js";

describe("toVertexBody", () => {
  it("keeps a plain Vertex body byte for byte", () => {
    const body = {
      contents: [
        { role: "user", parts: [{ text: "hi" }, { inlineData: { mimeType: "image/png", data: "AAAA" } }] },
      ],
      systemInstruction: { parts: [{ text: "sys" }] },
      generationConfig: { temperature: 0.2, thinkingConfig: { thinkingBudget: 0, includeThoughts: false } },
      tools: [{ functionDeclarations: [{ name: "f", parameters: { type: "OBJECT" } }] }],
      toolConfig: { functionCallingConfig: { mode: "ANY", allowedFunctionNames: ["f"] } },
      safetySettings: [{ category: "HARM_CATEGORY_HATE_SPEECH", threshold: "BLOCK_NONE" }],
      labels: { team: "a" },
    };
    const before = JSON.stringify(body);
    const result = toVertexBody(body, "gemini-2.5-flash");
    expect(JSON.stringify(result.body)).toBe(before);
    expect(result.dropped).toEqual([]);
    expect(result.adjusted).toEqual([]);
  });

  it("strips function ids and Gemini API fields in either spelling", () => {
    const result = toVertexBody(
      {
        model: "models/x",
        stream: true,
        contents: [
          { role: "user", parts: [{ text: "q", part_metadata: { a: 1 } }] },
          {
            role: "model",
            parts: [
              { toolCall: { id: "t1", toolType: "GOOGLE_SEARCH" } },
              { function_call: { id: "c1", name: "f", args: {} }, thought_signature: "c2ln" },
            ],
          },
          { role: "model", parts: [{ toolResponse: { id: "t1" } }] },
          {
            role: "user",
            parts: [
              {
                functionResponse: {
                  id: "c1",
                  name: "f",
                  response: { ok: true },
                  parts: [{ inlineData: { mimeType: "image/png", data: "AAAA" }, mediaProcessing: {} }],
                },
              },
            ],
          },
        ],
        generation_config: { enable_enhanced_civic_answers: true, max_output_tokens: 5 },
        tool_config: { include_server_side_tool_invocations: true },
        tools: [{ fileSearch: {} }, { functionDeclarations: [{ name: "f", behavior: "NON_BLOCKING" }] }],
      },
      "gemini-2.5-flash",
    );
    expect(result.body).toEqual({
      contents: [
        { role: "user", parts: [{ text: "q" }] },
        { role: "model", parts: [{ function_call: { name: "f", args: {} }, thought_signature: "c2ln" }] },
        {
          role: "user",
          parts: [
            {
              functionResponse: {
                name: "f",
                response: { ok: true },
                parts: [{ inlineData: { mimeType: "image/png", data: "AAAA" } }],
              },
            },
          ],
        },
      ],
      generation_config: { max_output_tokens: 5 },
      tool_config: {},
      tools: [{ functionDeclarations: [{ name: "f" }] }],
    });
    expect(result.dropped).toEqual([
      "model",
      "stream",
      "contents[0].parts[0].part_metadata",
      "contents[1].parts[0].toolCall",
      "contents[1].parts[1].functionCall.id",
      "contents[2].parts[0].toolResponse",
      "contents[3].parts[0].functionResponse.id",
      "contents[3].parts[0].functionResponse.parts[0].mediaProcessing",
      "generationConfig.enable_enhanced_civic_answers",
      "toolConfig.include_server_side_tool_invocations",
      "tools[0].fileSearch",
      "tools[1].functionDeclarations[0].behavior",
    ]);
  });

  it("turns thinkingBudget 0 into -1 only on models that cannot stop thinking", () => {
    const body = () => ({ contents: [], generationConfig: { thinkingConfig: { thinkingBudget: 0 } } });
    expect(toVertexBody(body(), "gemini-2.5-pro").body.generationConfig).toEqual({
      thinkingConfig: { thinkingBudget: -1 },
    });
    expect(toVertexBody(body(), "gemini-3.5-flash").adjusted).toEqual([
      "generationConfig.thinkingConfig.thinkingBudget",
    ]);
    expect(toVertexBody(body(), "gemini-2.5-flash").body.generationConfig).toEqual({
      thinkingConfig: { thinkingBudget: 0 },
    });
    expect(alwaysThinks("gemini-2.5-flash-lite")).toBe(false);
  });
});

describe("parseGeminiTarget", () => {
  it.each([
    ["models/gemini-2.5-pro:generateContent", "gemini-2.5-pro", "generateContent"],
    ["models/gemini-2.5-pro:streamGenerateContent", "gemini-2.5-pro", "streamGenerateContent"],
    ["publishers/google/models/gemini-2.5-flash:generateContent", "gemini-2.5-flash", "generateContent"],
    [
      "projects/p-1/locations/us-central1/publishers/google/models/my-alias:streamGenerateContent",
      "my-alias",
      "streamGenerateContent",
    ],
  ])("reads %s", (tail, model, method) => {
    expect(parseGeminiTarget(tail)).toEqual({ model, method });
  });

  it.each([
    "models/gemini-2.5-pro:countTokens",
    "models/:generateContent",
    "models/gemini-2.5-pro",
    "projects/p/models/x:generateContent",
  ])("refuses %s", (tail) => {
    expect(parseGeminiTarget(tail)).toBeUndefined();
  });
});
