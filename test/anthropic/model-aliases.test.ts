// Unit tests of the model alias table: Anthropic ids (dated, undated, legacy order, -latest,
// [1m], Bedrock and Vertex spellings) to SAP names by rule, configured aliases first, and
// resolution to whatever public name serves the SAP model.
import { describe, expect, it } from "vitest";
import {
  anthropicIdOfSapName,
  claudeDisplayName,
  listedAliases,
  resolveModelName,
  sapNameOfAnthropicId,
} from "../../src/routing/model-aliases.js";
import { ModelRegistry, type Candidate } from "../../src/routing/model-registry.js";

function candidate(sapModel: string | null, id = "d1"): Candidate {
  return {
    subAccount: "a",
    resourceGroup: "default",
    deploymentId: id,
    deploymentUrl: `https://x/v2/inference/deployments/${id}`,
    family: "bedrock-claude",
    sapModel,
  };
}

describe("sapNameOfAnthropicId", () => {
  it.each([
    ["claude-sonnet-4-5", "anthropic--claude-4.5-sonnet"],
    ["claude-sonnet-4-5-20250929", "anthropic--claude-4.5-sonnet"],
    ["claude-opus-4-1-20250805", "anthropic--claude-4.1-opus"],
    ["claude-haiku-4-5", "anthropic--claude-4.5-haiku"],
    ["claude-opus-4-6", "anthropic--claude-4.6-opus"],
    ["claude-sonnet-4-6", "anthropic--claude-4.6-sonnet"],
    ["claude-sonnet-4-20250514", "anthropic--claude-4-sonnet"],
    ["claude-opus-4-20250514", "anthropic--claude-4-opus"],
    ["claude-3-7-sonnet-latest", "anthropic--claude-3.7-sonnet"],
    ["claude-3-5-sonnet-20241022", "anthropic--claude-3.5-sonnet"],
    ["claude-3-haiku-20240307", "anthropic--claude-3-haiku"],
    ["claude-sonnet-4-5[1m]", "anthropic--claude-4.5-sonnet"],
    ["claude-opus-4-6[1M]", "anthropic--claude-4.6-opus"],
    ["us.anthropic.claude-sonnet-4-5-20250929-v1:0", "anthropic--claude-4.5-sonnet"],
    ["anthropic.claude-3-5-sonnet-20241022-v2:0", "anthropic--claude-3.5-sonnet"],
    ["claude-sonnet-4-5@20250929", "anthropic--claude-4.5-sonnet"],
    ["anthropic--claude-4.5-sonnet[1m]", "anthropic--claude-4.5-sonnet"],
  ])("%s -> %s", (id, sap) => {
    expect(sapNameOfAnthropicId(id)).toBe(sap);
  });

  it("ignores names that are not Claude ids", () => {
    for (const id of ["gpt-4o", "claude", "claude-instant-1.2", "sonnet", "claude-sonnet"]) {
      expect(sapNameOfAnthropicId(id)).toBeUndefined();
    }
  });
});

describe("anthropicIdOfSapName and display names", () => {
  it("maps SAP names back to Anthropic's undated ids", () => {
    expect(anthropicIdOfSapName("anthropic--claude-4.5-sonnet")).toBe("claude-sonnet-4-5");
    expect(anthropicIdOfSapName("anthropic--claude-4-opus")).toBe("claude-opus-4");
    expect(anthropicIdOfSapName("anthropic--claude-3.7-sonnet")).toBe("claude-3-7-sonnet");
    expect(anthropicIdOfSapName("amazon--nova-pro")).toBeUndefined();
  });
  it("names Claude models the way Anthropic does", () => {
    expect(claudeDisplayName("anthropic--claude-4.6-opus")).toBe("Claude Opus 4.6");
    expect(claudeDisplayName("claude-3-7-sonnet")).toBe("Claude Sonnet 3.7");
    expect(claudeDisplayName("gpt-4o")).toBeUndefined();
  });
});

describe("resolveModelName", () => {
  const registry = new ModelRegistry();
  registry.add("4.5-sonnet", candidate("anthropic--claude-4.5-sonnet", "d1"));
  registry.add("anthropic--claude-4.6-opus", candidate("anthropic--claude-4.6-opus", "d2"));
  registry.add("my-haiku", candidate(null, "d3"));

  it("keeps public names and resolves Anthropic ids to the public name serving the SAP model", () => {
    expect(resolveModelName(registry, {}, "4.5-sonnet")).toBe("4.5-sonnet");
    expect(resolveModelName(registry, {}, "claude-sonnet-4-5-20250929")).toBe("4.5-sonnet");
    expect(resolveModelName(registry, {}, "anthropic--claude-4.5-sonnet")).toBe("4.5-sonnet");
    expect(resolveModelName(registry, {}, "claude-opus-4-6[1m]")).toBe("anthropic--claude-4.6-opus");
    expect(resolveModelName(registry, {}, "claude-opus-4-1")).toBeUndefined();
    expect(resolveModelName(registry, {}, "gpt-4o")).toBeUndefined();
  });

  it("prefers configured aliases, whose targets may be public, SAP or Anthropic names", () => {
    const configured = {
      "claude-sonnet-4-5": "anthropic--claude-4.6-opus",
      "claude-haiku-4-5": "my-haiku",
      fast: "claude-opus-4-6",
      broken: "nothing-like-this",
    };
    expect(resolveModelName(registry, configured, "claude-sonnet-4-5")).toBe("anthropic--claude-4.6-opus");
    expect(resolveModelName(registry, configured, "claude-sonnet-4-5[1m]")).toBe(
      "anthropic--claude-4.6-opus",
    );
    expect(resolveModelName(registry, configured, "claude-haiku-4-5")).toBe("my-haiku");
    expect(resolveModelName(registry, configured, "fast")).toBe("anthropic--claude-4.6-opus");
    expect(resolveModelName(registry, configured, "broken")).toBeUndefined();
  });

  it("lists Anthropic ids of the Claude models served and the configured aliases that resolve", () => {
    expect(listedAliases(registry, { fast: "claude-opus-4-6", broken: "nope" })).toEqual([
      { alias: "claude-sonnet-4-5", target: "4.5-sonnet" },
      { alias: "claude-opus-4-6", target: "anthropic--claude-4.6-opus" },
      { alias: "fast", target: "anthropic--claude-4.6-opus" },
    ]);
  });
});
