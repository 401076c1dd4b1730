// Streams are written one event per write, with the configured pause between events, so
// clients see them arrive incrementally rather than in one buffered block.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";
import { tenantClient } from "../helpers/simulator-client.js";

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator({ behaviour: { streamIntervalMs: 40 } });
});
afterAll(() => simulator.close());

it("delivers streamed events separately, spaced by streamIntervalMs", async () => {
  const client = await tenantClient(simulator, "tenant-a");
  const response = await client.infer("gpt-4o", "/chat/completions?api-version=1", {
    messages: [{ role: "user", content: "count to 6" }],
    stream: true,
  });
  const reader = response.body!.getReader();
  const arrivals: number[] = [];
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    arrivals.push(performance.now());
    text += decoder.decode(value, { stream: true });
  }
  const events = text.split("\n\n").filter(Boolean);
  expect(events.length).toBeGreaterThanOrEqual(5);
  expect(arrivals.length).toBeGreaterThanOrEqual(events.length - 1);
  expect(arrivals.at(-1)! - arrivals[0]!).toBeGreaterThanOrEqual(40 * (events.length - 2));
});
