// Review item 6: a client that sends several credentials (Claude Code with ANTHROPIC_API_KEY and
// ANTHROPIC_AUTH_TOKEN) is accepted when any of them is a valid key.
import { describe, expect, it } from "vitest";
import { ClientKeys } from "../../src/server/client-auth.js";

const keys = new ClientKeys(["good-key"]);

describe("ClientKeys.accepts", () => {
  it("accepts the valid key in the Bearer next to a wrong x-api-key", () => {
    expect(keys.accepts({ "x-api-key": "stale-key", authorization: "Bearer good-key" })).toBe(true);
  });
  it("accepts the valid key in x-api-key next to a wrong Bearer", () => {
    expect(keys.accepts({ "x-api-key": "good-key", authorization: "Bearer stale-key" })).toBe(true);
  });
  it("accepts a valid ?key= next to a wrong header, and rejects when none matches", () => {
    expect(keys.accepts({ "x-goog-api-key": "stale-key" }, "good-key")).toBe(true);
    expect(keys.accepts({ "x-api-key": "a", authorization: "Bearer b" }, "c")).toBe(false);
    expect(keys.accepts({})).toBe(false);
  });
});
