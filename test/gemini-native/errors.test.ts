// Errors on the Gemini routes in Google's shape `{"error":{code,message,status}}`: unknown and
// non-Gemini models, malformed bodies, upstream errors with their status (429 with retry-after),
// Vertex's RESOURCE_EXHAUSTED as the first event of SAP's 200 stream (commit late: an HTTP 429),
// and streams that break before and after their first chunk.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../helpers/gateway.js";
import { jsonOf } from "../helpers/simulator-client.js";
import {
  FLASH,
  generatePath,
  inferences,
  parseSseEvents,
  post,
  streamPath,
  userText,
  type GeminiResponse,
  type GoogleError,
} from "./helpers.js";

let setup: TestGateway;
const simple = { contents: [userText("count to 30")] };

beforeAll(async () => {
  // paced, so that the events before a `drop` fault leave the simulator before the connection dies
  setup = await startTestGateway({
    simulator: { behaviour: { streamIntervalMs: 5, tokensPerStreamDelta: 3 } },
  });
});
afterAll(() => setup.close());
beforeEach(() => {
  setup.simulator.faults.clear();
  setup.simulator.requestLog.clear();
  // Both tenants serve the model: each test starts with fresh deployments (no cooldowns).
  setup.gateway.context.routing.reset();
});

async function googleError(response: Response): Promise<GoogleError["error"]> {
  expect(response.headers.get("content-type")).toContain("application/json");
  const body = (await jsonOf(response)) as GoogleError;
  expect(Object.keys(body)).toEqual(["error"]);
  expect(body.error.code).toBe(response.status);
  expect(typeof body.error.message).toBe("string");
  return body.error;
}

describe("errors before anything reaches SAP", () => {
  it("answers an unknown model with 404 NOT_FOUND", async () => {
    const response = await post(setup, generatePath("gemini-9-ultra"), simple);
    expect(response.status).toBe(404);
    const error = await googleError(response);
    expect(error.status).toBe("NOT_FOUND");
    expect(error.message).toContain("gemini-9-ultra");
  });

  it("answers a model that is not Gemini with 400 INVALID_ARGUMENT", async () => {
    for (const model of ["gpt-4o", "anthropic--claude-4.5-sonnet"]) {
      const response = await post(setup, generatePath(model), simple);
      expect(response.status).toBe(400);
      const error = await googleError(response);
      expect(error.status).toBe("INVALID_ARGUMENT");
      expect(error.message).toContain(model);
    }
    expect(inferences(setup)).toHaveLength(0);
  });

  it("answers malformed JSON and non-object bodies with 400 INVALID_ARGUMENT", async () => {
    const malformed = await post(setup, generatePath(), '{"contents": [');
    expect(malformed.status).toBe(400);
    const error = await googleError(malformed);
    expect(error.status).toBe("INVALID_ARGUMENT");
    expect(error.message).toContain("not valid JSON");
    const array = await post(setup, streamPath(), "[]");
    expect(array.status).toBe(400);
    expect((await googleError(array)).status).toBe("INVALID_ARGUMENT");
  });
});

describe("upstream errors", () => {
  it("keeps Vertex's 400 with its status and field violations", async () => {
    const response = await post(setup, generatePath(), { ...simple, generationConfig: { temprature: 1 } });
    expect(response.status).toBe(400);
    const error = await googleError(response);
    expect(error.status).toBe("INVALID_ARGUMENT");
    expect(error.message).toContain('Unknown name "temprature"');
    expect(error.details?.[0]).toMatchObject({ "@type": "type.googleapis.com/google.rpc.BadRequest" });
  });

  it("turns SAP's 429 into RESOURCE_EXHAUSTED with retry-after, streamed or not", async () => {
    // on every deployment of the model: failover finds none that serves
    setup.simulator.faults.add({ kind: "http-error", status: 429, retryAfter: 7 });
    for (const path of [generatePath(), streamPath(), streamPath(FLASH, "")]) {
      const response = await post(setup, path, simple);
      expect(response.status).toBe(429);
      expect(response.headers.get("retry-after")).toBe("7");
      const error = await googleError(response);
      expect(error.status).toBe("RESOURCE_EXHAUSTED");
    }
  });

  it("answers SAP's 503 with 503 UNAVAILABLE and other 5xx with 502", async () => {
    setup.simulator.faults.add({ kind: "http-error", status: 503 });
    const unavailable = await post(setup, generatePath(), simple);
    expect(unavailable.status).toBe(503);
    expect((await googleError(unavailable)).status).toBe("UNAVAILABLE");
    setup.simulator.faults.clear();
    setup.gateway.context.routing.reset();
    setup.simulator.faults.add({ kind: "http-error", status: 500 });
    const failed = await post(setup, generatePath(), simple);
    expect(failed.status).toBe(502);
    expect((await googleError(failed)).status).toBe("UNAVAILABLE");
  });

  it("answers RESOURCE_EXHAUSTED as the first event of SAP's 200 stream with an HTTP 429", async () => {
    setup.simulator.faults.add({ kind: "stream-error", path: ":streamGenerateContent" });
    for (const query of ["?alt=sse", ""]) {
      const response = await post(setup, streamPath(FLASH, query), simple);
      expect(response.status).toBe(429);
      const error = await googleError(response);
      expect(error.status).toBe("RESOURCE_EXHAUSTED");
      expect(error.message).toContain("Resource exhausted");
    }
  });

  it("answers a stream that breaks before its first event with a 502", async () => {
    setup.simulator.faults.add({ kind: "drop", afterEvents: 0, path: ":streamGenerateContent" });
    const response = await post(setup, streamPath(), simple);
    expect(response.status).toBe(502);
    expect((await googleError(response)).status).toBe("UNAVAILABLE");
  });

  it("ends a stream that breaks mid-way with a Google error object in its framing", async () => {
    setup.simulator.faults.add({ kind: "drop", afterEvents: 3, path: ":streamGenerateContent", times: 1 });
    const sse = await post(setup, streamPath(), simple);
    expect(sse.status).toBe(200);
    // The last events before the drop may be lost with the connection.
    const events = parseSseEvents(await sse.text());
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(events.length).toBeLessThanOrEqual(4);
    for (const event of events.slice(0, -1)) expect((event as GeminiResponse).candidates).toBeDefined();
    expect(events.at(-1)).toMatchObject({ error: { code: 502, status: "UNAVAILABLE" } });

    setup.simulator.faults.add({ kind: "drop", afterEvents: 3, path: ":streamGenerateContent", times: 1 });
    const array = await post(setup, streamPath(FLASH, ""), simple);
    expect(array.status).toBe(200);
    const chunks = JSON.parse(await array.text()) as unknown[];
    expect(chunks.length).toBeGreaterThanOrEqual(2);
    expect(chunks.length).toBeLessThanOrEqual(4);
    expect(chunks.at(-1)).toMatchObject({ error: { code: 502, status: "UNAVAILABLE" } });
  });
});
