// Streams are written one event per write, with the configured pause between events, so
// clients see them arrive incrementally rather than in one buffered block. Even without a pause
// the simulator yields to the event loop between events (reference 7.7).
import { afterAll, beforeAll, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";
import { tenantClient } from "../helpers/simulator-client.js";

let simulator: Simulator;
let unpaced: Simulator;
beforeAll(async () => {
  simulator = await startSimulator({ behaviour: { streamIntervalMs: 40 } });
  unpaced = await startSimulator();
});
afterAll(async () => {
  await simulator.close();
  await unpaced.close();
});

async function readStream(target: Simulator): Promise<{ arrivals: number[]; events: string[] }> {
  const client = await tenantClient(target, "tenant-a");
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
  return { arrivals, events: text.split("\n\n").filter(Boolean) };
}

it("delivers streamed events separately, spaced by streamIntervalMs", async () => {
  const { arrivals, events } = await readStream(simulator);
  expect(events.length).toBeGreaterThanOrEqual(5);
  expect(arrivals.length).toBeGreaterThanOrEqual(events.length - 1);
  expect(arrivals.at(-1)! - arrivals[0]!).toBeGreaterThanOrEqual(40 * (events.length - 2));
});

it("delivers streamed events separately with the default streamIntervalMs 0", async () => {
  expect(unpaced.behaviour.streamIntervalMs).toBe(0);
  const { arrivals, events } = await readStream(unpaced);
  expect(events.length).toBeGreaterThanOrEqual(5);
  expect(arrivals.length).toBeGreaterThanOrEqual(events.length - 1);
});
