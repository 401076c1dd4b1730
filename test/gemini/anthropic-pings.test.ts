// Anthropic streams served by Gemini send `ping` frames while the upstream is silent (here: a
// simulator that paces its Gemini chunks), so idle timeouts between client and gateway do not fire.
import { afterAll, beforeAll, expect, it } from "vitest";
import { expectWellFormedBlocks, parseFrames, post } from "../anthropic/helpers.js";
import { startTestGateway, type TestGateway } from "../helpers/gateway.js";

let setup: TestGateway;

beforeAll(async () => {
  setup = await startTestGateway({
    simulator: { behaviour: { streamIntervalMs: 80 } },
    extra: { stream_ping_interval_ms: 20 },
  });
});
afterAll(() => setup.close());

it("pings between paced Gemini chunks", async () => {
  const response = await post(setup, "/v1/messages", {
    model: "gemini-2.5-flash",
    max_tokens: 200,
    stream: true,
    thinking: { type: "disabled" },
    messages: [{ role: "user", content: "count to 6" }],
  });
  expect(response.status).toBe(200);
  const frames = parseFrames(await response.text());
  expect(frames.filter((frame) => frame.event === "ping").length).toBeGreaterThan(0);
  expectWellFormedBlocks(frames);
  const text = frames
    .filter((frame) => frame.data.delta?.type === "text_delta")
    .map((frame) => frame.data.delta.text)
    .join("");
  expect(text).toBe("1 2 3 4 5 6");
});
