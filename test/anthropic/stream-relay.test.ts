// Unit tests of the Bedrock -> Anthropic stream relay (commit late, exceptions, truncation,
// Bedrock's metrics field, strings kept exact) and of the keep-alive merger that adds pings.
import { describe, expect, it } from "vitest";
import type { BedrockStreamItem } from "../../src/backends/bedrock-anthropic/stream-events.js";
import { openClaudeStream, type ClaudeRelayItem } from "../../src/backends/bedrock-anthropic/stream-relay.js";
import { ProxyError } from "../../src/errors/proxy-error.js";
import { withKeepAlive } from "../../src/streaming/keep-alive.js";

async function* items(list: BedrockStreamItem[], failAtEnd?: Error): AsyncGenerator<BedrockStreamItem> {
  for (const item of list) yield await Promise.resolve(item);
  if (failAtEnd) throw failAtEnd;
}

async function collect(iterable: AsyncIterable<ClaudeRelayItem>): Promise<ClaudeRelayItem[]> {
  const out: ClaudeRelayItem[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

const start: BedrockStreamItem = {
  type: "message_start",
  message: { id: "msg_1", usage: { input_tokens: 12, cache_read_input_tokens: 3, output_tokens: 1 } },
};
const signature = "EqQBCkYIBxgCKkB+/=\u2028é";
const events: BedrockStreamItem[] = [
  start,
  { type: "content_block_start", index: 0, content_block: { type: "thinking", thinking: "", signature: "" } },
  { type: "content_block_delta", index: 0, delta: { type: "signature_delta", signature } },
  { type: "content_block_stop", index: 0 },
  { type: "message_delta", delta: { stop_reason: "end_turn" }, usage: { output_tokens: 9 } },
  {
    type: "message_stop",
    "amazon-bedrock-invocationMetrics": { inputTokenCount: 12, outputTokenCount: 9 },
  },
];
const throttled: BedrockStreamItem = {
  type: "bedrock-exception",
  exceptionType: "throttlingException",
  message: "Too many requests",
};

describe("openClaudeStream", () => {
  it("relays events unchanged except Bedrock's invocation metrics, and reports usage", async () => {
    let usage: unknown;
    const relay = await openClaudeStream(items(events), { onUsage: (value) => (usage = value) });
    const out = await collect(relay);
    expect(out.map((item) => (item.kind === "event" ? item.event : "error"))).toEqual(
      events.map((event) => event.type),
    );
    const data = out.map((item) => (item.kind === "event" ? JSON.parse(item.data) : undefined));
    expect(data.slice(0, 5)).toEqual(events.slice(0, 5));
    expect(data[2].delta.signature).toBe(signature);
    expect(data[5]).toEqual({ type: "message_stop" });
    expect(usage).toEqual({ input_tokens: 12, cache_read_input_tokens: 3, output_tokens: 9 });
  });

  it("throws before committing when the first item is an exception, mapped to its status", async () => {
    const error = await openClaudeStream(items([throttled])).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ProxyError);
    expect((error as ProxyError).status).toBe(429);
    const unavailable = await openClaudeStream(
      items([{ type: "bedrock-exception", exceptionType: "serviceUnavailableException", message: "busy" }]),
    ).then(
      () => undefined,
      (reason: unknown) => reason as ProxyError,
    );
    expect(unavailable).toBeInstanceOf(ProxyError);
    expect(unavailable!.status).toBe(503);
  });

  it("throws before committing when the stream ends or breaks before its first event", async () => {
    await expect(openClaudeStream(items([]))).rejects.toMatchObject({ status: 502 });
    await expect(openClaudeStream(items([], new Error("reset")))).rejects.toMatchObject({
      status: 502,
      message: expect.stringContaining("reset"),
    });
  });

  it("ends with one error item on a later exception, break or truncation", async () => {
    const cases: [BedrockStreamItem[], Error | undefined, number][] = [
      [[start, throttled, ...events.slice(1)], undefined, 429],
      [[start], new Error("socket hang up"), 502],
      [events.slice(0, 3), undefined, 502],
    ];
    for (const [list, failure, status] of cases) {
      const out = await collect(await openClaudeStream(items(list, failure)));
      const last = out.at(-1)!;
      expect(last.kind).toBe("error");
      expect(last.kind === "error" && last.error.status).toBe(status);
      expect(out.filter((item) => item.kind === "error")).toHaveLength(1);
    }
  });

  it("ends quietly when the client went away", async () => {
    const controller = new AbortController();
    controller.abort();
    const out = await collect(
      await openClaudeStream(items([start], new Error("aborted")), { signal: controller.signal }),
    );
    expect(out.map((item) => item.kind)).toEqual(["event"]);
  });
});

describe("withKeepAlive", () => {
  async function* slow(): AsyncGenerator<string> {
    yield "a";
    await new Promise((resolve) => setTimeout(resolve, 120));
    yield "b";
  }

  it("adds keep-alive items during silences only", async () => {
    const out: string[] = [];
    for await (const item of withKeepAlive(slow(), 25, () => "ping")) out.push(item);
    expect(out[0]).toBe("a");
    expect(out.at(-1)).toBe("b");
    expect(out.filter((item) => item === "ping").length).toBeGreaterThanOrEqual(2);
  });

  it("passes through when disabled, and stops the source when the consumer stops", async () => {
    const out: string[] = [];
    for await (const item of withKeepAlive(slow(), 0, () => "ping")) out.push(item);
    expect(out).toEqual(["a", "b"]);
    let finished = false;
    async function* endless(): AsyncGenerator<number> {
      try {
        for (let index = 0; ; index += 1) yield await Promise.resolve(index);
      } finally {
        finished = true;
      }
    }
    for await (const item of withKeepAlive(endless(), 1000, () => -1)) if (item === 3) break;
    await expect.poll(() => finished).toBe(true);
  });
});
