// aws-bedrock executable of the simulator under non-default settings: framing forced to binary
// whatever the `Accept` header says, `context_management` let through, and a custom list of
// accepted `anthropic_beta` flags (the unverified points of reference section 8 are settings).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";
import { tenantClient, type TenantClient } from "../helpers/simulator-client.js";
import { CLAUDE, converseBody, decodeEventStream, EVENT_STREAM, invokeBody } from "./aws-bedrock-helpers.js";

let simulator: Simulator;
let client: TenantClient;

beforeAll(async () => {
  simulator = await startSimulator({
    behaviour: {
      bedrockStreamFraming: "binary",
      bedrockRejectedFields: [],
      bedrockAcceptedBetas: ["my-beta"],
    },
  });
  client = await tenantClient(simulator, "tenant-a");
});
afterAll(() => simulator.close());

describe("aws-bedrock settings", () => {
  it("bedrockStreamFraming binary: event-stream frames without an Accept header", async () => {
    const response = await client.infer(CLAUDE, "/converse-stream", converseBody("Say exactly: hi"));
    expect(response.headers.get("content-type")).toBe(EVENT_STREAM);
    const frames = decodeEventStream(new Uint8Array(await response.arrayBuffer()));
    expect(frames.map((frame) => frame.headers[":event-type"])).toEqual([
      "messageStart",
      "contentBlockDelta",
      "contentBlockStop",
      "messageStop",
      "metadata",
    ]);
  });

  it("bedrockRejectedFields empty: context_management is accepted", async () => {
    const response = await client.infer(
      CLAUDE,
      "/invoke",
      invokeBody("hi", { context_management: { edits: [{ type: "clear_tool_uses_20250919" }] } }),
    );
    expect(response.status).toBe(200);
  });

  it("bedrockAcceptedBetas: only the listed flags pass", async () => {
    const accepted = await client.infer(CLAUDE, "/invoke", invokeBody("hi", { anthropic_beta: ["my-beta"] }));
    expect(accepted.status).toBe(200);
    const refused = await client.infer(
      CLAUDE,
      "/invoke",
      invokeBody("hi", { anthropic_beta: ["interleaved-thinking-2025-05-14"] }),
    );
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ message: "invalid beta flag" });
  });
});
