// aws-bedrock executable of the simulator, stream faults (reference section 7 item 8): a 200
// stream that opens with Bedrock's throttlingException in both framings (the text-mode shape is
// unverified, section 8 item 9), injected HTTP errors in Bedrock's flat shape, and a connection
// dropped mid-stream.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";
import { tenantClient, type TenantClient } from "../helpers/simulator-client.js";
import {
  CLAUDE,
  converseBody,
  dataLines,
  decodeEventStream,
  EVENT_STREAM,
  invokeBody,
  pythonJudge,
} from "./aws-bedrock-helpers.js";

let simulator: Simulator;
let client: TenantClient;

beforeAll(async () => {
  simulator = await startSimulator();
  client = await tenantClient(simulator, "tenant-a");
});
afterAll(() => simulator.close());
afterEach(() => simulator.faults.clear());

const binary = { accept: EVENT_STREAM };

describe("stream faults", () => {
  const throttled = "Too many requests, please wait before trying again.";

  it("throttles inside a 200 binary stream with an exception frame", async () => {
    simulator.faults.add({ kind: "stream-error", model: CLAUDE, times: 2 });
    for (const suffix of ["/invoke-with-response-stream", "/converse-stream"]) {
      const body = suffix.startsWith("/invoke") ? invokeBody("hi") : converseBody("hi");
      const response = await client.infer(CLAUDE, suffix, body, binary);
      expect(response.status).toBe(200);
      const frames = decodeEventStream(new Uint8Array(await response.arrayBuffer()));
      expect(frames).toEqual([
        {
          headers: {
            ":exception-type": "throttlingException",
            ":content-type": "application/json",
            ":message-type": "exception",
          },
          payload: JSON.stringify({ message: throttled }),
        },
      ]);
    }
  });

  it("throttles inside a 200 text stream: JSON for invoke, Python repr for converse", async () => {
    simulator.faults.add({ kind: "stream-error", model: CLAUDE, times: 2 });
    const invoke = await client.infer(CLAUDE, "/invoke-with-response-stream", invokeBody("hi"));
    expect(invoke.status).toBe(200);
    expect(dataLines(await invoke.text()).map((line) => JSON.parse(line))).toEqual([
      { throttlingException: { message: throttled } },
    ]);
    const converse = await client.infer(CLAUDE, "/converse-stream", converseBody("hi"));
    const lines = dataLines(await converse.text());
    expect(lines).toEqual([`{'throttlingException': {'message': '${throttled}'}}`]);
    expect(pythonJudge(lines)[0]).toEqual({
      roundTrips: true,
      value: { throttlingException: { message: throttled } },
    });
  });

  it("answers injected HTTP errors with Bedrock's flat message body", async () => {
    simulator.faults.add({ kind: "http-error", status: 429, model: CLAUDE, times: 1 });
    const limited = await client.infer(CLAUDE, "/converse-stream", converseBody("hi"), binary);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("2");
    expect(await limited.json()).toEqual({ message: throttled });

    simulator.faults.add({ kind: "http-error", status: 503, model: CLAUDE, times: 1, message: "overloaded" });
    const unavailable = await client.infer(CLAUDE, "/invoke", invokeBody("hi"));
    expect(unavailable.status).toBe(503);
    expect(await unavailable.json()).toEqual({ message: "overloaded" });
  });

  it("drops the connection mid-stream", async () => {
    simulator.faults.add({ kind: "drop", afterEvents: 2, model: CLAUDE, times: 1 });
    const response = await client.infer(CLAUDE, "/invoke-with-response-stream", invokeBody("count to 200"));
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const chunks: Uint8Array[] = [];
    let failure: unknown;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
      }
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeDefined();
    const received = Buffer.concat(chunks).toString("utf8");
    expect(received).not.toContain("message_stop");
    expect(received.split("\n\n").filter(Boolean).length).toBeLessThanOrEqual(2);
  });
});
