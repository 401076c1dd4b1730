// config.json's `routing` and `timeouts` sections: defaults when absent, per-model options over
// `default`, snake_case fields mapped, weights that name unknown subaccounts and invalid values
// rejected with the field's path; the environment-only setup gets the defaults too.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_ROUTING, DEFAULT_TIMEOUTS, modelRouting } from "../../src/routing/routing-config.js";
import { expectConfigError, loadIn, secretKey, useTempDir, writeJson } from "./helpers.js";

const tempDir = useTempDir();

function configWith(extra: Record<string, unknown>): { dir: string; file: string } {
  const dir = tempDir();
  writeJson(join(dir, "k.json"), secretKey());
  const file = writeJson(join(dir, "config.json"), {
    subAccounts: { "team-a": { service_key_json: "k.json" }, "team-b": { service_key_json: "k.json" } },
    ...extra,
  });
  return { dir, file };
}

describe("routing and timeouts", () => {
  it("default to round robin without affinity and the documented timeouts", () => {
    const { dir, file } = configWith({});
    const config = loadIn(dir, { configPath: file });
    expect(config.routing).toEqual(DEFAULT_ROUTING);
    expect(config.timeouts).toEqual(DEFAULT_TIMEOUTS);
    expect(DEFAULT_TIMEOUTS).toEqual({
      connectMs: 10_000,
      firstByteMs: 120_000,
      idleMs: 300_000,
      responseMs: 600_000,
    });
    expect(modelRouting(config.routing, "gpt-4o")).toEqual({
      strategy: "round-robin",
      weights: {},
      affinity: "none",
      busyThreshold: 8,
    });
  });

  it("reads every field, per-model options over the default", () => {
    const { dir, file } = configWith({
      routing: {
        default: { affinity: "session", busy_threshold: 3 },
        models: {
          "gpt-4o": { strategy: "weighted", weights: { "team-a": 3, "team-b/d123": 0 } },
          "4.5-sonnet": { strategy: "least-in-flight", affinity: "none" },
        },
        cooldown: { base_ms: 500, max_ms: 60_000 },
        circuit: { failures: 4, open_ms: 15_000 },
        retry_budget: { ratio: 0.5, min_per_second: 2 },
      },
      timeouts: { connect_ms: 2000, first_byte_ms: 30_000, idle_ms: 90_000, response_ms: 120_000 },
    });
    const config = loadIn(dir, { configPath: file });
    expect(config.routing.cooldown).toEqual({ baseMs: 500, maxMs: 60_000 });
    expect(config.routing.circuit).toEqual({ failures: 4, openMs: 15_000 });
    expect(config.routing.retryBudget).toEqual({ ratio: 0.5, minPerSecond: 2 });
    expect(modelRouting(config.routing, "gpt-4o")).toEqual({
      strategy: "weighted",
      weights: { "team-a": 3, "team-b/d123": 0 },
      affinity: "session",
      busyThreshold: 3,
    });
    expect(modelRouting(config.routing, "4.5-sonnet")).toMatchObject({
      strategy: "least-in-flight",
      affinity: "none",
    });
    expect(modelRouting(config.routing, "other")).toMatchObject({
      strategy: "round-robin",
      affinity: "session",
    });
    expect(config.timeouts).toEqual({
      connectMs: 2000,
      firstByteMs: 30_000,
      idleMs: 90_000,
      responseMs: 120_000,
    });
  });

  it("fills what a partial section leaves out", () => {
    const { dir, file } = configWith({ routing: { circuit: { failures: 2 } }, timeouts: { idle_ms: 1000 } });
    const config = loadIn(dir, { configPath: file });
    expect(config.routing.circuit).toEqual({ failures: 2, openMs: DEFAULT_ROUTING.circuit.openMs });
    expect(config.routing.cooldown).toEqual(DEFAULT_ROUTING.cooldown);
    expect(config.timeouts).toEqual({ ...DEFAULT_TIMEOUTS, idleMs: 1000 });
  });

  it("rejects weights of unknown subaccounts", () => {
    const { dir, file } = configWith({
      routing: { models: { "gpt-4o": { strategy: "weighted", weights: { "team-c": 2 } } } },
    });
    expectConfigError(
      () => loadIn(dir, { configPath: file }),
      "routing.models.gpt-4o.weights.team-c",
      "names no subaccount",
      "team-a, team-b",
    );
  });

  it("rejects unknown strategies, negative weights, unknown keys and zero timeouts", () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ routing: { default: { strategy: "random" } } }, "routing.default.strategy"],
      [{ routing: { models: { m: { weights: { "team-a": -1 } } } } }, "routing.models.m.weights.team-a"],
      [{ routing: { default: { affinity: "sticky" } } }, "routing.default.affinity"],
      [{ routing: { default: { busy_threshold: 0 } } }, "routing.default.busy_threshold"],
      [{ routing: { cooldown: { base: 5 } } }, "routing.cooldown"],
      [{ routing: { retry_budget: { ratio: -0.1 } } }, "routing.retry_budget.ratio"],
      [{ routing: { strategy: "weighted" } }, "routing"],
      [{ timeouts: { first_byte_ms: 0 } }, "timeouts.first_byte_ms"],
      [{ timeouts: { idle: 5 } }, "timeouts"],
    ];
    for (const [extra, field] of cases) {
      const { dir, file } = configWith(extra);
      expectConfigError(() => loadIn(dir, { configPath: file }), `${field}`);
    }
  });

  it("gives the environment-only setup the defaults", () => {
    const dir = tempDir();
    const config = loadIn(dir, { env: { AICORE_SERVICE_KEY: JSON.stringify(secretKey()) } });
    expect(config.routing).toEqual(DEFAULT_ROUTING);
    expect(config.timeouts).toEqual(DEFAULT_TIMEOUTS);
  });
});
