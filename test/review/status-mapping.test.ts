// Review item 7: one mapping from upstream status to client status (401/403 -> 502
// upstream_auth_failed, 5xx other than 502/503/504 -> 502) and one Bedrock exception table,
// the same on every path: HTTP answers, Azure and Vertex in-stream errors, IR errors, Bedrock.
import { describe, expect, it } from "vitest";
import { azureInStreamError } from "../../src/backends/azure-openai/stream-relay.js";
import { bedrockStreamTranslator } from "../../src/backends/bedrock-anthropic/ir-stream.js";
import { bedrockExceptionError } from "../../src/backends/bedrock-anthropic/stream-relay.js";
import { clientStatusFor } from "../../src/errors/upstream-status.js";
import { inStreamError } from "../../src/frontends/gemini-native/stream.js";
import { translateAll } from "../../src/ir/stream-translator.js";
import { irErrorAsHttp } from "../../src/server/ir-upstream.js";
import { A1 } from "../routing/fakes.js";

describe("clientStatusFor", () => {
  it.each([
    [400, 400],
    [401, 502],
    [403, 502],
    [404, 404],
    [429, 429],
    [500, 502],
    [501, 502],
    [502, 502],
    [503, 503],
    [504, 504],
  ])("%i -> %i", (upstream, client) => expect(clientStatusFor(upstream)).toBe(client));
});

describe("every path maps the same way", () => {
  it.each([401, 403, 500])("an in-stream or IR error with status %i", (status) => {
    const expected = { status: 502, code: status === 500 ? "upstream_error" : "upstream_auth_failed" };
    expect(
      azureInStreamError(JSON.stringify({ error: { code: String(status), message: "x" } })),
    ).toMatchObject(expected);
    expect(inStreamError(JSON.stringify({ error: { code: status, message: "x" } }), A1)).toMatchObject(
      expected,
    );
    expect(irErrorAsHttp({ type: "error", error: { status, message: "x" } })).toMatchObject(expected);
  });

  it("Bedrock exceptions: one table for the relay and the IR translator", () => {
    for (const [exceptionType, upstream, client] of [
      ["modelTimeoutException", 504, 504],
      ["modelNotReadyException", 503, 503],
      ["internalServerException", 500, 502],
      ["modelStreamErrorException", 500, 502],
      ["throttlingException", 429, 429],
    ] as const) {
      const exception = { type: "bedrock-exception" as const, exceptionType, message: "m" };
      expect(bedrockExceptionError(exception).status).toBe(client);
      const [event] = translateAll(bedrockStreamTranslator, [exception]);
      expect(event).toMatchObject({ type: "error", error: { status: upstream } });
      expect(irErrorAsHttp(event!)?.status).toBe(client);
    }
  });
});
