// gcp-vertexai executable of the simulator: the requests Vertex rejects, with Google's error
// shape, status and wording (payload-parse errors, Vertex's own checks, function-turn order).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";
import { tenantClient, type TenantClient } from "../helpers/simulator-client.js";
import { rejected, streamPath, userText } from "./gcp-vertexai-helpers.js";

let simulator: Simulator;
let a: TenantClient;
const MODEL = "gemini-2.5-flash";

beforeAll(async () => {
  simulator = await startSimulator();
  a = await tenantClient(simulator, "tenant-a");
});
afterAll(() => simulator.close());

const hello = [userText("hi")];

async function expectInvalid(body: unknown, message: string | RegExp): Promise<void> {
  const { status, error } = await rejected(a, MODEL, body);
  expect(status).toBe(400);
  expect(error.code).toBe(400);
  expect(error.status).toBe("INVALID_ARGUMENT");
  if (typeof message === "string") expect(error.message).toBe(message);
  else expect(error.message).toMatch(message);
}

describe("payload parsing", () => {
  it("rejects a body that is not a JSON object", async () => {
    await expectInvalid("{not json", "Invalid JSON payload received. Unexpected token.");
    await expectInvalid(
      "[]",
      'Invalid JSON payload received. Unknown name "": Root element must be a message.',
    );
  });

  it("rejects unknown top-level fields, listing each in the BadRequest details", async () => {
    const { error } = await rejected(a, MODEL, { contents: hello, stream: true, max_tokens: 5 });
    expect(error.message).toBe(
      'Invalid JSON payload received. Unknown name "stream": Cannot find field.\n' +
        'Invalid JSON payload received. Unknown name "max_tokens": Cannot find field.',
    );
    expect(error.details).toEqual([
      {
        "@type": "type.googleapis.com/google.rpc.BadRequest",
        fieldViolations: [
          { description: 'Invalid JSON payload received. Unknown name "stream": Cannot find field.' },
          { description: 'Invalid JSON payload received. Unknown name "max_tokens": Cannot find field.' },
        ],
      },
    ]);
  });

  it("rejects unknown part and generationConfig fields with their path", async () => {
    await expectInvalid(
      { contents: [{ role: "user", parts: [{ text: "hi", cache_control: { type: "ephemeral" } }] }] },
      `Invalid JSON payload received. Unknown name "cache_control" at 'contents[0].parts[0]': Cannot find field.`,
    );
    await expectInvalid(
      { contents: hello, generationConfig: { max_tokens: 10 } },
      `Invalid JSON payload received. Unknown name "max_tokens" at 'generation_config': Cannot find field.`,
    );
    await expectInvalid(
      { contents: hello, generationConfig: { thinkingConfig: { reasoningEffort: "high" } } },
      `Invalid JSON payload received. Unknown name "reasoningEffort" at 'generation_config.thinking_config': Cannot find field.`,
    );
  });

  it("rejects JSON-Schema keywords Vertex's Schema does not know, at any depth", async () => {
    const parameters = {
      $schema: "http://json-schema.org/draft-07/schema#",
      type: "object",
      additionalProperties: false,
      properties: {
        city: { type: "string" },
        tags: { type: "array", items: { type: "string", const: "x" } },
        range: { anyOf: [{ type: "integer", exclusiveMinimum: 0 }] },
      },
    };
    const { status, error } = await rejected(a, MODEL, {
      contents: hello,
      tools: [{ functionDeclarations: [{ name: "lookup", parameters }] }],
    });
    expect(status).toBe(400);
    expect(error.message.split("\n")).toEqual([
      `Invalid JSON payload received. Unknown name "$schema" at 'tools[0].function_declarations[0].parameters': Cannot find field.`,
      `Invalid JSON payload received. Unknown name "additionalProperties" at 'tools[0].function_declarations[0].parameters': Cannot find field.`,
      `Invalid JSON payload received. Unknown name "const" at 'tools[0].function_declarations[0].parameters.properties[1].value.items': Cannot find field.`,
      `Invalid JSON payload received. Unknown name "exclusiveMinimum" at 'tools[0].function_declarations[0].parameters.properties[2].value.any_of[0]': Cannot find field.`,
    ]);
    expect(error.details?.[0]?.fieldViolations[1]?.field).toBe(
      "tools[0].function_declarations[0].parameters",
    );
  });

  it("accepts the JSON Schema it knows, and any schema in parametersJsonSchema", async () => {
    const { status } = await rejected(a, MODEL, {
      contents: hello,
      tools: [
        {
          functionDeclarations: [
            {
              name: "a",
              parameters: {
                type: "object",
                properties: { n: { type: "integer", minimum: 0, nullable: true, format: "int32" } },
                required: ["n"],
                propertyOrdering: ["n"],
              },
            },
            { name: "b", parametersJsonSchema: { type: "object", additionalProperties: false } },
          ],
        },
      ],
    });
    expect(status).toBe(200);
  });

  it("rejects values of the wrong type", async () => {
    await expectInvalid(
      { contents: hello, generationConfig: { maxOutputTokens: "many" } },
      `Invalid value at 'generation_config.max_output_tokens' (TYPE_INT32), "many"`,
    );
    await expectInvalid(
      { contents: "hi" },
      `Invalid value at 'contents' (type.googleapis.com/google.cloud.aiplatform.v1.Content), "hi"`,
    );
    await expectInvalid(
      { contents: hello, toolConfig: { functionCallingConfig: { mode: "SOMETIMES" } } },
      `Invalid value at 'tool_config.function_calling_config.mode' (type.googleapis.com/google.cloud.aiplatform.v1.FunctionCallingConfig.Mode), "SOMETIMES"`,
    );
    await expectInvalid(
      {
        contents: [{ role: "user", parts: [{ inlineData: { mimeType: "image/png", data: "not base64!" } }] }],
      },
      `Invalid value at 'contents[0].parts[0].inline_data.data' (TYPE_BYTES), Base64 decoding failed for "not base64!"`,
    );
    await expectInvalid(
      { contents: hello, systemInstruction: [{ parts: [{ text: "x" }] }] },
      `Invalid JSON payload received. Unknown name "systemInstruction": Proto field is not repeating, cannot start list.`,
    );
  });
});

describe("Vertex request checks", () => {
  const learnMore =
    " Learn more: https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/gemini";

  it("requires contents", async () => {
    await expectInvalid(
      {},
      `Unable to submit request because at least one contents field is required.${learnMore}`,
    );
    await expectInvalid(
      { contents: [] },
      `Unable to submit request because at least one contents field is required.${learnMore}`,
    );
  });

  it("requires parts and non-empty text", async () => {
    await expectInvalid(
      { contents: [{ role: "user", parts: [] }] },
      `Unable to submit request because it must include at least one parts field, which describes the prompt input.${learnMore}`,
    );
    await expectInvalid(
      { contents: [userText("")] },
      `Unable to submit request because it has an empty text parameter. Add a value to the parameter and try again.${learnMore}`,
    );
  });

  it("accepts only the user and model roles", async () => {
    await expectInvalid(
      { contents: [{ role: "assistant", parts: [{ text: "hi" }] }] },
      /Please use a valid role: user, model\./,
    );
    await expectInvalid({ contents: [{ role: "system", parts: [{ text: "hi" }] }] }, /valid role/);
  });

  it("checks the order and count of function-call and function-response turns", async () => {
    const call = { role: "model", parts: [{ functionCall: { name: "f", args: {} } }] };
    const answer = (count: number) => ({
      role: "user",
      parts: Array.from({ length: count }, () => ({ functionResponse: { name: "f", response: {} } })),
    });
    await expectInvalid(
      { contents: [userText("go"), answer(1)] },
      "Please ensure that function response turn comes immediately after a function call turn.",
    );
    await expectInvalid(
      { contents: [userText("go"), call, answer(2)] },
      "Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn.",
    );
    await expectInvalid(
      { contents: [userText("go"), { role: "model", parts: [{ text: "Let me check." }] }, call, answer(1)] },
      "Please ensure that function call turn comes immediately after a user turn or after a function response turn.",
    );
  });

  it("reports errors of a stream request as a plain JSON body before any event", async () => {
    const { status, error } = await rejected(a, MODEL, { contents: [] }, streamPath(MODEL));
    expect(status).toBe(400);
    expect(error.message).toMatch(/at least one contents field is required/);
  });
});
