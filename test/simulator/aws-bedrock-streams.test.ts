// aws-bedrock executable of the simulator, streams: `/invoke-with-response-stream` and
// `/converse-stream` in both framings of reference section 4.2.5. Binary frames are decoded with
// @smithy/eventstream-codec (an independent implementation that checks the CRCs); converse text
// lines are judged by python3 itself (`ast.literal_eval` and `repr`). Stream faults are in
// aws-bedrock-stream-faults.test.ts.
import type Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";
import { tenantClient, type TenantClient } from "../helpers/simulator-client.js";
import {
  CLAUDE,
  converseBody,
  dataLines,
  decodeEventStream,
  EVENT_STREAM,
  invokeBody,
  NOVA,
  pythonJudge,
  weatherTool,
  weatherToolSpec,
} from "./aws-bedrock-helpers.js";

type StreamEvent = Anthropic.RawMessageStreamEvent;

let simulator: Simulator;
let client: TenantClient;

beforeAll(async () => {
  simulator = await startSimulator();
  client = await tenantClient(simulator, "tenant-a");
});
afterAll(() => simulator.close());

const binary = { accept: EVENT_STREAM };
const thinkingOn = { thinking: { type: "enabled", budget_tokens: 2048 }, max_tokens: 4096 };

async function invokeStreamText(body: unknown): Promise<StreamEvent[]> {
  const response = await client.infer(CLAUDE, "/invoke-with-response-stream", body);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/event-stream");
  const lines = dataLines(await response.text());
  expect(lines).not.toContain("[DONE]");
  return lines.map((line) => JSON.parse(line) as StreamEvent);
}

async function invokeStreamBinary(body: unknown): Promise<StreamEvent[]> {
  const response = await client.infer(CLAUDE, "/invoke-with-response-stream", body, binary);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe(EVENT_STREAM);
  const frames = decodeEventStream(new Uint8Array(await response.arrayBuffer()));
  return frames.map((frame) => {
    expect(frame.headers).toEqual({
      ":event-type": "chunk",
      ":content-type": "application/json",
      ":message-type": "event",
    });
    const chunk = JSON.parse(frame.payload) as { bytes: string };
    expect(Object.keys(chunk)).toEqual(["bytes"]);
    return JSON.parse(Buffer.from(chunk.bytes, "base64").toString("utf8")) as StreamEvent;
  });
}

/** Event types with runs of deltas collapsed, e.g. `content_block_delta*`. */
function outline(types: string[]): string[] {
  return types.reduce<string[]>((out, type) => {
    const last = out[out.length - 1];
    if (last === type || last === `${type}*`) out[out.length - 1] = `${type}*`;
    else out.push(type);
    return out;
  }, []);
}

/** Rebuilds the assistant content blocks from Anthropic stream events. */
function assemble(events: StreamEvent[]): Record<string, unknown>[] {
  const blocks: Record<string, unknown>[] = [];
  const json: string[] = [];
  for (const event of events) {
    if (event.type === "content_block_start") blocks[event.index] = { ...event.content_block };
    if (event.type !== "content_block_delta") continue;
    const block = blocks[event.index]!;
    const delta = event.delta;
    if (delta.type === "text_delta") block.text = `${block.text as string}${delta.text}`;
    if (delta.type === "thinking_delta") block.thinking = `${block.thinking as string}${delta.thinking}`;
    if (delta.type === "signature_delta") block.signature = delta.signature;
    if (delta.type === "input_json_delta") json[event.index] = (json[event.index] ?? "") + delta.partial_json;
  }
  json.forEach((text, index) => {
    if (text !== undefined) blocks[index]!.input = JSON.parse(text);
  });
  return blocks;
}

describe("invoke-with-response-stream", () => {
  it("text mode: strict JSON Anthropic events on data: lines, no [DONE]", async () => {
    const events = await invokeStreamText(invokeBody("Say exactly: one two three four five six seven"));
    expect(outline(events.map((event) => event.type))).toEqual([
      "message_start",
      "content_block_start",
      "content_block_delta*",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    expect(events[0]).toMatchObject({
      type: "message_start",
      message: {
        type: "message",
        role: "assistant",
        model: "claude-sonnet-4-5-20250929",
        content: [],
        stop_reason: null,
        usage: { cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1 },
      },
    });
    expect(events.filter((event) => event.type === "content_block_delta").length).toBeGreaterThan(1);
    expect(assemble(events)).toEqual([{ type: "text", text: "one two three four five six seven" }]);
    expect(events.at(-2)).toMatchObject({
      type: "message_delta",
      delta: { stop_reason: "end_turn", stop_sequence: null },
    });
    const stop = events.at(-1) as unknown as Record<string, Record<string, number>>;
    expect(Object.keys(stop["amazon-bedrock-invocationMetrics"]!)).toEqual([
      "inputTokenCount",
      "outputTokenCount",
      "invocationLatency",
      "firstByteLatency",
    ]);
  });

  it("binary mode: one chunk frame per event, payload bytes decode to the same events", async () => {
    const body = invokeBody("Say exactly: alpha beta gamma delta");
    const text = await invokeStreamText(body);
    const frames = await invokeStreamBinary(body);
    const strip = (events: StreamEvent[]) =>
      events.map((event) => (event.type === "message_start" ? event.type : event));
    expect(strip(frames)).toEqual(strip(text));
    expect(assemble(frames)).toEqual([{ type: "text", text: "alpha beta gamma delta" }]);
  });

  it("binary mode: the decoder really checks the CRCs", async () => {
    const response = await client.infer(CLAUDE, "/invoke-with-response-stream", invokeBody("hi"), binary);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(decodeEventStream(bytes).length).toBeGreaterThan(3);
    const corrupted = bytes.slice();
    corrupted[20] = corrupted[20]! ^ 0xff;
    expect(() => decodeEventStream(corrupted)).toThrow(/checksum/);
  });

  it("streams thinking, its signature and tool input; the rebuilt turn is accepted back", async () => {
    const prompt = "Use get_weather for city=Oslo";
    const events = await invokeStreamBinary(invokeBody(prompt, { ...thinkingOn, tools: [weatherTool] }));
    const deltas = events.flatMap((event) =>
      event.type === "content_block_delta" ? [event.delta.type] : [],
    );
    expect(outline(deltas)).toEqual(["thinking_delta*", "signature_delta", "input_json_delta*"]);
    const content = assemble(events);
    expect(content[1]).toMatchObject({ type: "tool_use", name: "get_weather", input: { city: "Oslo" } });
    expect(events.at(-2)).toMatchObject({ type: "message_delta", delta: { stop_reason: "tool_use" } });

    const next = await client.infer(
      CLAUDE,
      "/invoke",
      invokeBody(prompt, {
        ...thinkingOn,
        tools: [weatherTool],
        messages: [
          { role: "user", content: prompt },
          { role: "assistant", content },
          { role: "user", content: [{ type: "tool_result", tool_use_id: content[1]!.id, content: "cold" }] },
        ],
      }),
    );
    expect(next.status).toBe(200);
  });

  it("answers validation errors as JSON before any streaming", async () => {
    const response = await client.infer(
      CLAUDE,
      "/invoke-with-response-stream",
      invokeBody("hi", { stream: true }),
      binary,
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message: "stream: Extra inputs are not permitted" });
  });
});

interface ConverseEvent {
  [name: string]: Record<string, unknown>;
}

async function converseStreamText(
  model: string,
  body: unknown,
): Promise<{ lines: string[]; events: ConverseEvent[] }> {
  const response = await client.infer(model, "/converse-stream", body);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/event-stream");
  const lines = dataLines(await response.text());
  expect(lines).not.toContain("[DONE]");
  const verdicts = pythonJudge(lines);
  verdicts.forEach((verdict, index) => expect(verdict.roundTrips, lines[index]).toBe(true));
  return { lines, events: verdicts.map((verdict) => verdict.value as ConverseEvent) };
}

async function converseStreamBinary(model: string, body: unknown): Promise<ConverseEvent[]> {
  const response = await client.infer(model, "/converse-stream", body, binary);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe(EVENT_STREAM);
  return decodeEventStream(new Uint8Array(await response.arrayBuffer())).map((frame) => {
    expect(frame.headers[":message-type"]).toBe("event");
    expect(frame.headers[":content-type"]).toBe("application/json");
    return { [frame.headers[":event-type"]!]: JSON.parse(frame.payload) as Record<string, unknown> };
  });
}

const nameOf = (event: ConverseEvent) => Object.keys(event)[0]!;
const textOf = (events: ConverseEvent[]) =>
  events
    .filter((event) => nameOf(event) === "contentBlockDelta")
    .map((event) => (event.contentBlockDelta!.delta as { text?: string }).text ?? "")
    .join("");

describe("converse-stream", () => {
  const tricky = `it's "quoted"\nnew\tline \\ back ünïcödé 日本語 🙂`;

  it("text mode: Python repr dicts that Python parses and re-prints identically", async () => {
    const { lines, events } = await converseStreamText(CLAUDE, converseBody(`Say exactly: ${tricky}`));
    expect(outline(events.map(nameOf))).toEqual([
      "messageStart",
      "contentBlockDelta*",
      "contentBlockStop",
      "messageStop",
      "metadata",
    ]);
    expect(lines[0]).toBe("{'messageStart': {'role': 'assistant'}}");
    expect(textOf(events)).toBe(tricky);
    expect(lines.some((line) => line.includes(`"it's"`))).toBe(true);
    expect(lines.join("")).toContain("\\n");
    expect(lines.join("")).toContain("日本語");
    const delta = events.find((event) => nameOf(event) === "contentBlockDelta")!;
    expect(Object.keys(delta.contentBlockDelta!)).toEqual(["delta", "contentBlockIndex"]);
    expect(events.at(-2)).toEqual({ messageStop: { stopReason: "end_turn" } });
    const metadata = events.at(-1)!.metadata!;
    expect(Object.keys(metadata)).toEqual(["usage", "metrics"]);
    const usage = metadata.usage as Record<string, number>;
    expect(Object.keys(usage)).toEqual(["inputTokens", "outputTokens", "totalTokens"]);
    expect(usage.totalTokens).toBe(usage.inputTokens! + usage.outputTokens!);
  });

  it("binary mode: frames named after the events, inner objects as payload", async () => {
    const body = converseBody("Say exactly: red green blue yellow");
    const events = await converseStreamBinary(CLAUDE, body);
    const { events: textEvents } = await converseStreamText(CLAUDE, body);
    const withoutMetrics = (list: ConverseEvent[]) => list.filter((event) => nameOf(event) !== "metadata");
    expect(withoutMetrics(events)).toEqual(withoutMetrics(textEvents));
    expect(textOf(events)).toBe("red green blue yellow");
  });

  it("streams reasoning, then a tool call opened by contentBlockStart", async () => {
    const body = converseBody("Use get_weather for city=Lima", {
      toolConfig: { tools: [weatherToolSpec] },
      additionalModelRequestFields: { thinking: { type: "enabled", budget_tokens: 2048 } },
      inferenceConfig: { maxTokens: 4096 },
    });
    for (const events of [
      await converseStreamBinary(CLAUDE, body),
      (await converseStreamText(CLAUDE, body)).events,
    ]) {
      expect(outline(events.map(nameOf))).toEqual([
        "messageStart",
        "contentBlockDelta*",
        "contentBlockStop",
        "contentBlockStart",
        "contentBlockDelta*",
        "contentBlockStop",
        "messageStop",
        "metadata",
      ]);
      const start = events.find((event) => nameOf(event) === "contentBlockStart")!.contentBlockStart!;
      expect(Object.keys(start)).toEqual(["start", "contentBlockIndex"]);
      expect(start).toMatchObject({ start: { toolUse: { name: "get_weather" } }, contentBlockIndex: 1 });
      const deltas = events.flatMap((event) =>
        nameOf(event) === "contentBlockDelta"
          ? [event.contentBlockDelta!.delta as Record<string, Record<string, string>>]
          : [],
      );
      expect(deltas.filter((delta) => delta.reasoningContent?.signature !== undefined)).toHaveLength(1);
      const input = deltas.map((delta) => delta.toolUse?.input ?? "").join("");
      expect(JSON.parse(input)).toEqual({ city: "Lima" });
      expect(events.at(-2)).toEqual({ messageStop: { stopReason: "tool_use" } });
    }
  });

  it("streams Nova through converse", async () => {
    const { events } = await converseStreamText(NOVA, converseBody("Say exactly: Nova here"));
    expect(textOf(events)).toBe("Nova here");
  });
});
