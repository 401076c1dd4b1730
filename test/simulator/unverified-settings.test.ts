// The points reference section 8 marks as unverified are behaviour settings; this runs the
// simulator with the other plausible choice for each of them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_BEHAVIOUR } from "../../src/simulator/behaviour.js";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";
import { tenantClient, type TenantClient } from "../helpers/simulator-client.js";
import { CLAUDE, converseBody, invokeBody } from "./aws-bedrock-helpers.js";

let simulator: Simulator;
let client: TenantClient;

beforeAll(async () => {
  simulator = await startSimulator({
    behaviour: {
      bedrockTextStreamContentType: "application/json",
      converseTextPayload: "json",
      sseEventTerminator: "\r\n\r\n",
      doneAfterBedrockAndGeminiStreams: true,
      gatewayUnauthorizedBody: "json",
      bedrockErrorBody: "message-and-type",
    },
  });
  client = await tenantClient(simulator, "tenant-a");
});
afterAll(() => simulator.close());

const gemini = { contents: [{ role: "user", parts: [{ text: "Say exactly: hi" }] }] };

describe("unverified points as settings", () => {
  it("keeps today's behaviour by default", () => {
    expect(DEFAULT_BEHAVIOUR).toMatchObject({
      bedrockTextStreamContentType: "text/event-stream",
      converseTextPayload: "repr",
      sseEventTerminator: "\n\n",
      doneAfterBedrockAndGeminiStreams: false,
      gatewayUnauthorizedBody: "text",
      bedrockErrorBody: "message",
    });
  });

  it("bedrockTextStreamContentType, converseTextPayload json, \\r\\n\\r\\n and [DONE] on converse-stream", async () => {
    const response = await client.infer(CLAUDE, "/converse-stream", converseBody("Say exactly: hi"));
    expect(response.headers.get("content-type")).toBe("application/json");
    const text = await response.text();
    expect(text.endsWith("data: [DONE]\r\n\r\n")).toBe(true);
    const events = text.split("\r\n\r\n").filter(Boolean);
    expect(events.every((event) => event.startsWith("data: ") && !event.includes("\n"))).toBe(true);
    expect(JSON.parse(events[0]!.slice(6))).toHaveProperty("messageStart");
  });

  it("[DONE] on invoke streams and Gemini SSE, never on Azure twice", async () => {
    const invoke = await client.infer(CLAUDE, "/invoke-with-response-stream", invokeBody("Say exactly: hi"));
    expect((await invoke.text()).endsWith("data: [DONE]\r\n\r\n")).toBe(true);
    const google = await client.infer(
      "gemini-2.5-flash",
      "/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
      gemini,
    );
    expect((await google.text()).endsWith("data: [DONE]\r\n\r\n")).toBe(true);
    const azure = await client.infer("gpt-4o", "/chat/completions?api-version=1", {
      messages: [{ role: "user", content: "hi" }],
      stream: true,
    });
    expect((await azure.text()).match(/\[DONE\]/g)).toHaveLength(1);
  });

  it("gatewayUnauthorizedBody json: the AI API error shape", async () => {
    const response = await fetch(`${client.apiUrl}/v2/lm/deployments`, {
      headers: { authorization: "Bearer nonsense", "ai-resource-group": "default" },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toMatchObject({
      error: { code: "Unauthorized", message: "Jwt verification fails" },
    });
  });

  it("bedrockErrorBody message-and-type: validation and injected errors name the exception", async () => {
    const invalid = await client.infer(CLAUDE, "/invoke", { messages: [] });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ type: "ValidationException", message: expect.any(String) });
    simulator.faults.add({ kind: "http-error", status: 429, model: CLAUDE, times: 1 });
    const throttled = await client.infer(CLAUDE, "/invoke", invokeBody("hi"));
    expect(throttled.status).toBe(429);
    expect(await throttled.json()).toMatchObject({ type: "ThrottlingException" });
  });
});
