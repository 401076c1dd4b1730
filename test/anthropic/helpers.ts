// Shared helpers for the Anthropic Messages tests: raw requests the way Claude Code sends them,
// a strict parser of Anthropic SSE frames, and the last inference request that reached the
// simulator.
import { expect } from "vitest";
import type { TestGateway } from "../helpers/gateway.js";
import type { AnyJson } from "../helpers/simulator-client.js";

export const ANTHROPIC_HEADERS = {
  "x-api-key": "test-key",
  "anthropic-version": "2023-06-01",
  "content-type": "application/json",
};

export function post(
  setup: TestGateway,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<Response> {
  return fetch(`${setup.url}${path}`, {
    method: "POST",
    headers: { ...ANTHROPIC_HEADERS, ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
}

export interface Frame {
  event: string;
  data: AnyJson;
  raw: string;
}

/** Splits an Anthropic SSE body into frames, asserting `event:` + `data:` and matching types. */
export function parseFrames(text: string): Frame[] {
  expect(text.endsWith("\n\n")).toBe(true);
  return text
    .split("\n\n")
    .filter((chunk) => chunk !== "")
    .map((chunk) => {
      const lines = chunk.split("\n");
      expect(lines).toHaveLength(2);
      const [eventLine = "", dataLine = ""] = lines;
      expect(eventLine.startsWith("event: ")).toBe(true);
      expect(dataLine.startsWith("data: ")).toBe(true);
      const event = eventLine.slice("event: ".length);
      const data = JSON.parse(dataLine.slice("data: ".length));
      expect(data.type).toBe(event);
      return { event, data, raw: chunk };
    });
}

/** Asserts Claude's block structure: contiguous indices from 0, each started, deltas, stopped. */
export function expectWellFormedBlocks(frames: Frame[]): void {
  const events = frames.filter((frame) => frame.event !== "ping");
  expect(events[0]?.event).toBe("message_start");
  expect(events.at(-1)?.event).toBe("message_stop");
  expect(events.at(-2)?.event).toBe("message_delta");
  let open: number | undefined;
  let next = 0;
  for (const { event, data } of events) {
    if (event === "content_block_start") {
      expect(open).toBeUndefined();
      expect(data.index).toBe(next);
      open = data.index;
    } else if (event === "content_block_delta") {
      expect(data.index).toBe(open);
    } else if (event === "content_block_stop") {
      expect(data.index).toBe(open);
      open = undefined;
      next += 1;
    }
  }
  expect(open).toBeUndefined();
}

/** The last inference request the simulator saw. */
export function lastInference(setup: TestGateway): AnyJson {
  return setup.simulator.requestLog
    .all()
    .filter((entry) => entry.path.includes("/inference/"))
    .at(-1)!;
}

/** A system prompt comfortably above the simulator's 1024-token cache minimum. */
export function longSystemText(label: string): string {
  return `${label}: ${Array.from({ length: 700 }, (_, index) => `rule${index} keep answers precise`).join(". ")}`;
}

/** A 1x1 PNG. */
export const PNG_1X1 =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
