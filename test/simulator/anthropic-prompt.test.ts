// The simulator reads an Anthropic user turn's prompt from its last text block, skipping Claude
// Code's <system-reminder> blocks, so a reminder that names a tool does not trigger a call.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";
import { jsonOf, tenantClient } from "../helpers/simulator-client.js";

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator();
});
afterAll(() => simulator.close());

it("answers the last text block and ignores tool names in system reminders", async () => {
  const client = await tenantClient(simulator, "tenant-a");
  const response = await client.infer("anthropic--claude-4.5-sonnet", "/invoke", {
    anthropic_version: "bedrock-2023-05-31",
    max_tokens: 200,
    tools: [
      { name: "Agent", description: "spawn an agent", input_schema: { type: "object", properties: {} } },
    ],
    messages: [
      {
        role: "user",
        content: [
          {
            type: "text",
            text: "<system-reminder>\nAvailable agent types for the Agent tool: ...\n</system-reminder>",
          },
          { type: "text", text: "reply with exactly: plain answer" },
        ],
      },
    ],
  });
  const message = await jsonOf(response);
  expect(message.stop_reason).toBe("end_turn");
  expect(message.content).toEqual([{ type: "text", text: "plain answer" }]);
});
