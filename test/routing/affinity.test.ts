// Session affinity keys (Claude Code's session header, metadata.user_id, a generic header; the
// agent id of subagents) and the pin table's expiry and size bound.
import { describe, expect, it } from "vitest";
import { AffinityTable, affinityKey, sessionOfUserId } from "../../src/routing/affinity.js";

const SESSION = "5a4f2c3e-1111-2222-3333-444455556666";

describe("affinityKey", () => {
  it("prefers X-Claude-Code-Session-Id", () => {
    expect(
      affinityKey(
        { "x-claude-code-session-id": "s-1", "x-session-affinity": "other" },
        {
          metadata: { user_id: `user_ab_account__session_${SESSION}` },
        },
      ),
    ).toBe("s-1");
  });

  it("falls back to the session in metadata.user_id, then to x-session-affinity", () => {
    expect(affinityKey({}, { metadata: { user_id: `user_0123abcd_account__session_${SESSION}` } })).toBe(
      SESSION,
    );
    expect(affinityKey({ "x-session-affinity": "conversation-7" }, { metadata: { user_id: "plain" } })).toBe(
      "conversation-7",
    );
    expect(affinityKey({}, { messages: [] })).toBeUndefined();
    expect(affinityKey({}, undefined)).toBeUndefined();
  });

  it("reads a JSON metadata.user_id with session_id", () => {
    expect(sessionOfUserId(JSON.stringify({ device_id: "d", session_id: SESSION }))).toBe(SESSION);
    expect(sessionOfUserId("{not json")).toBeUndefined();
    expect(sessionOfUserId(42)).toBeUndefined();
  });

  it("gives each subagent its own key", () => {
    const main = affinityKey({ "x-claude-code-session-id": "s-1" }, {});
    const agent = affinityKey({ "x-claude-code-session-id": "s-1", "x-claude-code-agent-id": "agent-2" }, {});
    expect(main).toBe("s-1");
    expect(agent).toBe("s-1#agent-2");
  });
});

describe("AffinityTable", () => {
  it("forgets pins unused for longer than the TTL", () => {
    const table = new AffinityTable({ ttlMs: 1000, limit: 10 });
    table.set("k", "a/d1", 0);
    expect(table.get("k", 1000)).toBe("a/d1");
    expect(table.get("k", 1001)).toBeUndefined();
    expect(table.size).toBe(0);
  });

  it("drops the least recently pinned keys beyond the limit", () => {
    const table = new AffinityTable({ ttlMs: 10_000, limit: 2 });
    table.set("one", "a/d1", 0);
    table.set("two", "a/d1", 1);
    table.set("one", "b/d2", 2);
    table.set("three", "a/d1", 3);
    expect(table.get("two", 4)).toBeUndefined();
    expect(table.get("one", 4)).toBe("b/d2");
    expect(table.get("three", 4)).toBe("a/d1");
  });
});
