// Review item 1: an upstream stream that closes cleanly before its terminator (Azure's `[DONE]`
// or a `finish_reason`, Vertex's `finishReason`) is a cut answer, not a success; and the SSE
// decoder drops a half-written last event instead of completing it.
import { describe, expect, it } from "vitest";
import { openChatStream } from "../../src/backends/azure-openai/stream-relay.js";
import { ProxyError } from "../../src/errors/proxy-error.js";
import { openGeminiStream, type GeminiStreamItem } from "../../src/frontends/gemini-native/stream.js";
import type { Candidate } from "../../src/routing/model-registry.js";
import { decodeSse } from "../../src/streaming/sse-decoder.js";

async function* bytes(...parts: string[]): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  for (const part of parts) {
    await Promise.resolve();
    yield encoder.encode(part);
  }
}

async function collect<T>(items: AsyncIterable<T>): Promise<{ items: T[]; error?: unknown }> {
  const out: T[] = [];
  try {
    for await (const item of items) out.push(item);
  } catch (error) {
    return { items: out, error };
  }
  return { items: out };
}

const delta = (content: string, finish: string | null = null) =>
  `data: {"choices":[{"delta":{"content":${JSON.stringify(content)}},"finish_reason":${
    finish === null ? "null" : JSON.stringify(finish)
  },"index":0}],"id":"c1","object":"chat.completion.chunk"}\n\n`;

describe("azure-openai stream relay", () => {
  it("throws a retryable 502 ProxyError when the stream ends without [DONE] or finish_reason", async () => {
    const relay = await openChatStream(bytes(delta("Hel")), { clientWantsUsage: false });
    const { items, error } = await collect(relay);
    expect(items).toHaveLength(1);
    expect(error).toBeInstanceOf(ProxyError);
    expect((error as ProxyError).status).toBe(502);
  });

  it("accepts a stream that ends with [DONE], or with a finish_reason", async () => {
    const done = await collect(
      await openChatStream(bytes(delta("Hi"), delta("", "stop"), "data: [DONE]\n\n"), {
        clientWantsUsage: false,
      }),
    );
    expect(done.error).toBeUndefined();
    expect(done.items.at(-1)).toBe("data: [DONE]\n\n");
    const finished = await collect(
      await openChatStream(bytes(delta("Hi"), delta("", "stop")), { clientWantsUsage: false }),
    );
    expect(finished.error).toBeUndefined();
  });

  it("does not take a finish_reason quoted inside the content for the real one", async () => {
    const { error } = await collect(
      await openChatStream(bytes(delta('say "finish_reason":"stop"')), { clientWantsUsage: false }),
    );
    expect(error).toBeInstanceOf(ProxyError);
  });
});

const candidate: Candidate = {
  subAccount: "tenant-a",
  resourceGroup: "default",
  deploymentId: "d1",
  deploymentUrl: "http://localhost/v2/inference/deployments/d1",
  family: "vertex-gemini",
  sapModel: "gemini-2.5-flash",
};

const gemini = (chunk: Record<string, unknown>) => `data: ${JSON.stringify(chunk)}\r\n\r\n`;
const part = (text: string, finishReason?: string) => ({
  candidates: [{ content: { role: "model", parts: [{ text }] }, ...(finishReason ? { finishReason } : {}) }],
});

describe("gemini-native stream relay", () => {
  it("ends a stream that closes before a finishReason with a Google error item", async () => {
    const items = await openGeminiStream(bytes(gemini(part("Hel"))), candidate, () => undefined);
    const { items: out, error } = await collect<GeminiStreamItem>(items);
    expect(error).toBeUndefined();
    expect(out.map((item) => item.kind)).toEqual(["chunk", "error"]);
    const last = out.at(-1)!;
    expect(JSON.parse(last.data)).toMatchObject({ error: { code: 502, status: "UNAVAILABLE" } });
    expect(last.kind === "error" && last.failure).toBeInstanceOf(ProxyError);
  });

  it("accepts a finishReason, or a blocked prompt, as the end", async () => {
    const finished = await collect(
      await openGeminiStream(
        bytes(gemini(part("Hi")), gemini(part("!", "STOP"))),
        candidate,
        () => undefined,
      ),
    );
    expect(finished.items.map((item) => item.kind)).toEqual(["chunk", "chunk"]);
    const blocked = await collect(
      await openGeminiStream(
        bytes(gemini({ promptFeedback: { blockReason: "SAFETY" } })),
        candidate,
        () => undefined,
      ),
    );
    expect(blocked.items.map((item) => item.kind)).toEqual(["chunk"]);
  });
});

describe("decodeSse", () => {
  it("drops a half-written last event instead of parsing it", async () => {
    const events = await collect(decodeSse(bytes("data: one\n\n", 'data: {"cut":')));
    expect(events.items).toEqual([{ data: "one" }]);
  });
});
