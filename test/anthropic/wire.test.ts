// The SSE contract Claude Code relies on, checked on the wire: `event:` equal to the data's
// type on every frame, contiguous block indices, thinking and signature deltas, input_json_delta
// fragments that concatenate to JSON, message_delta with stop reason and usage, message_stop
// without Bedrock's metrics, `event: ping` during upstream silences, both Bedrock framings, and
// client disconnects aborting the upstream request.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../helpers/gateway.js";
import { jsonOf } from "../helpers/simulator-client.js";
import { expectWellFormedBlocks, parseFrames, post, type Frame } from "./helpers.js";

const tool = {
  name: "get_weather",
  description: "Weather",
  input_schema: {
    type: "object",
    properties: { city: { type: "string" }, unit: { type: "string" } },
    required: ["city", "unit"],
  },
};
const thinkingToolRequest = {
  model: "anthropic--claude-4.5-sonnet",
  max_tokens: 4000,
  stream: true,
  thinking: { type: "enabled", budget_tokens: 1024 },
  tools: [tool],
  messages: [{ role: "user", content: "please get_weather for city=Lisbon unit=celsius" }],
};

function deltas(frames: Frame[], type: string): AnyDelta[] {
  return frames
    .filter((frame) => frame.event === "content_block_delta" && frame.data.delta.type === type)
    .map((frame) => frame.data.delta);
}
type AnyDelta = Record<string, string>;

describe("with the binary event stream and pings", () => {
  let setup: TestGateway;
  const lines: string[] = [];
  beforeAll(async () => {
    setup = await startTestGateway({
      simulator: { behaviour: { streamIntervalMs: 60 }, onRequestLine: (line) => lines.push(line) },
      extra: { stream_ping_interval_ms: 20 },
    });
  });
  afterAll(() => setup.close());

  it("relays thinking, signature and tool input faithfully, with pings in the silences", async () => {
    const response = await post(setup, "/v1/messages?beta=true", thinkingToolRequest);
    expect(response.status).toBe(200);
    const frames = parseFrames(await response.text());
    expectWellFormedBlocks(frames);
    expect(frames.filter((frame) => frame.event === "ping").length).toBeGreaterThan(3);
    expect(frames.find((frame) => frame.event === "ping")!.data).toEqual({ type: "ping" });

    const events = frames.filter((frame) => frame.event !== "ping");
    const starts = events.filter((frame) => frame.event === "content_block_start");
    expect(starts.map((frame) => [frame.data.index, frame.data.content_block.type])).toEqual([
      [0, "thinking"],
      [1, "tool_use"],
    ]);
    expect(starts[1]!.data.content_block).toMatchObject({ name: "get_weather", input: {} });

    const start = events[0]!.data.message;
    expect(start).toMatchObject({ type: "message", role: "assistant", content: [], stop_reason: null });
    expect(start.usage.input_tokens).toBeGreaterThan(0);
    expect(start.usage).toHaveProperty("cache_read_input_tokens", 0);
    expect(start.usage).toHaveProperty("cache_creation_input_tokens", 0);

    expect(deltas(events, "thinking_delta").length).toBeGreaterThan(1);
    const [signature] = deltas(events, "signature_delta");
    expect(signature?.signature?.length).toBeGreaterThan(20);
    const json = deltas(events, "input_json_delta").map((delta) => delta.partial_json);
    expect(json.length).toBeGreaterThan(1);
    expect(JSON.parse(json.join(""))).toEqual({ city: "Lisbon", unit: "celsius" });

    const messageDelta = events.at(-2)!.data;
    expect(messageDelta.delta.stop_reason).toBe("tool_use");
    expect(messageDelta.usage.output_tokens).toBeGreaterThan(0);
    expect(events.at(-1)!.data).toEqual({ type: "message_stop" });
  });

  it("aborts the upstream request when the client goes away", async () => {
    lines.length = 0;
    const controller = new AbortController();
    const response = await post(
      setup,
      "/v1/messages",
      { ...thinkingToolRequest, tools: undefined, messages: [{ role: "user", content: "count to 500" }] },
      {},
      controller.signal,
    );
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    await expect(reader.read()).rejects.toThrow();
    await expect
      .poll(
        () =>
          lines.some(
            (line) => line.includes("/invoke-with-response-stream") && line.includes("closed early"),
          ),
        { timeout: 3000 },
      )
      .toBe(true);
  });

  it("aborts the upstream request when the client goes away before the first event", async () => {
    lines.length = 0;
    setup.simulator.faults.add({ kind: "latency", ms: 3000, times: 1 });
    const controller = new AbortController();
    const pending = post(setup, "/v1/messages", thinkingToolRequest, {}, controller.signal);
    await new Promise((resolve) => setTimeout(resolve, 200));
    controller.abort();
    await expect(pending).rejects.toThrow();
    await expect
      .poll(
        () =>
          lines.some(
            (line) => line.includes("/invoke-with-response-stream") && line.includes("closed early"),
          ),
        { timeout: 1500 },
      )
      .toBe(true);
  });
});

describe("with the data: text framing", () => {
  let setup: TestGateway;
  beforeAll(async () => {
    setup = await startTestGateway({ simulator: { behaviour: { bedrockStreamFraming: "text" } } });
  });
  afterAll(() => setup.close());

  it("relays the same events", async () => {
    const response = await post(setup, "/v1/messages", thinkingToolRequest);
    expect(response.status).toBe(200);
    const frames = parseFrames(await response.text());
    expectWellFormedBlocks(frames);
    expect(frames.some((frame) => frame.event === "ping")).toBe(false);
    const json = deltas(frames, "input_json_delta").map((delta) => delta.partial_json);
    expect(JSON.parse(json.join(""))).toEqual({ city: "Lisbon", unit: "celsius" });
    expect(frames.at(-1)!.data).toEqual({ type: "message_stop" });
  });

  it("still turns a throttling exception in the first event into a 429", async () => {
    // on both tenants' deployments, so that failover finds none that serves
    setup.simulator.faults.add({ kind: "stream-error" });
    const response = await post(setup, "/v1/messages", thinkingToolRequest);
    setup.simulator.faults.clear();
    expect(response.status).toBe(429);
    expect((await jsonOf(response)).error.type).toBe("rate_limit_error");
  });
});
