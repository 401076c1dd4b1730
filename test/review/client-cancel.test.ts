// Review item 4: a client that goes away before the first byte is a quiet outcome: logged at info
// as a 499, never at error level as a 500 internal error.
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createLogger } from "../../src/observability/logger.js";
import { startTestGateway, type TestGateway } from "../helpers/gateway.js";

const lines: string[] = [];
let setup: TestGateway;

beforeAll(async () => {
  setup = await startTestGateway({
    logger: createLogger({ destination: { write: (line: string) => void lines.push(line) } }),
  });
});
afterAll(() => setup.close());

it("logs a client cancel before the first byte at info level with status 499", async () => {
  setup.simulator.faults.add({ kind: "latency", ms: 1500, path: "/chat/completions" });
  const controller = new AbortController();
  const pending = fetch(`${setup.url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: "Bearer test-key", "content-type": "application/json" },
    body: JSON.stringify({ model: "gpt-4o", stream: true, messages: [{ role: "user", content: "hi" }] }),
    signal: controller.signal,
  }).catch((error: unknown) => error);
  await expect
    .poll(() => setup.simulator.requestLog.all().some((entry) => entry.path.includes("/chat/completions")), {
      timeout: 2000,
    })
    .toBe(true);
  controller.abort();
  await pending;
  await expect
    .poll(() => lines.map((line) => JSON.parse(line) as { status?: number }).some((e) => e.status === 499), {
      timeout: 3000,
    })
    .toBe(true);
  await sleep(50);
  const entries = lines.map((line) => JSON.parse(line) as { level: number; msg: string; status?: number });
  expect(entries.filter((entry) => entry.level >= 50)).toEqual([]);
  expect(entries.find((entry) => entry.status === 499)?.level).toBe(30);
});
