// Startup name checks (family, version, variant), the version heuristic, model families from the
// AI API's executable and model name, and the cache's "expires in" text.
import { describe, expect, it } from "vitest";
import { formatRemaining } from "../../src/sap/deployment-cache.js";
import { modelFamily } from "../../src/sap/model-family.js";
import { nameMismatch, versionOf } from "../../src/sap/name-check.js";

describe("versionOf", () => {
  it.each([
    ["anthropic--claude-4.5-sonnet", "4.5"],
    ["claude-sonnet-4-5-20250929", "4.5"],
    ["claude-3-5-sonnet-20241022", "3.5"],
    ["claude-3-haiku-20240307", "3"],
    ["4.5-sonnet", "4.5"],
    ["gpt-4o", "4o"],
    ["gpt-4o-2024-08-06", "4o"],
    ["gpt-4.1", "4.1"],
    ["gpt-4-0613", "4"],
    ["gpt-4-32k", "4"],
    ["gpt-3.5-turbo", "3.5"],
    ["gemini-2.5-pro", "2.5"],
    ["gemini-1.5-pro-002", "1.5"],
    ["text-embedding-3-small", "3"],
    ["o4-mini", "4"],
  ])("%s -> %s", (name, version) => {
    expect(versionOf(name)).toBe(version);
  });

  it.each(["claude-sonnet", "gpt", "amazon--nova-pro", "orchestration"])("%s has no version", (name) => {
    expect(versionOf(name)).toBeUndefined();
  });
});

describe("nameMismatch", () => {
  it.each([
    ["4.5-sonnet", "anthropic--claude-4.5-sonnet"],
    ["claude-sonnet", "anthropic--claude-4.5-sonnet"],
    ["claude-sonnet-4-5-20250929", "anthropic--claude-4.5-sonnet"],
    ["claude-4.5-haiku", "anthropic--claude-4.5-haiku"],
    ["gpt-4o", "gpt-4o"],
    ["gpt-4", "gpt-4-32k"],
    ["my-model", "gemini-2.5-pro"],
    ["gemini", "gemini-2.5-flash"],
    ["embeddings", "text-embedding-3-small"],
    ["nova-pro", "amazon--nova-pro"],
  ])("%s on %s is fine", (configured, deployed) => {
    expect(nameMismatch(configured, deployed)).toBeUndefined();
  });

  it.each([
    ["gpt-4", "gemini-2.5-pro", "Family mismatch"],
    ["gpt-4", "gemini-1.5-pro", "Family mismatch"],
    ["claude-sonnet", "gpt-4o", "Family mismatch"],
    ["gpt-4o", "text-embedding-3-small", "Family mismatch"],
    ["gpt-4o", "gpt-4.1", "Version mismatch"],
    ["gpt-4", "gpt-3.5-turbo", "Version mismatch"],
    ["claude-4.5-sonnet", "anthropic--claude-4.6-sonnet", "Version mismatch"],
    ["claude-sonnet-4-5-20250929", "anthropic--claude-4.6-sonnet", "Version mismatch"],
    ["claude-sonnet", "anthropic--claude-4.5-haiku", "Variant mismatch"],
    ["claude-3-sonnet", "claude-3-haiku", "Variant mismatch"],
    ["gemini-2.5-pro", "gemini-2.5-flash", "Variant mismatch"],
    ["text-embedding-3-small", "text-embedding-3-large", "Variant mismatch"],
  ])("%s on %s: %s", (configured, deployed, reason) => {
    expect(nameMismatch(configured, deployed)).toBe(reason);
  });
});

describe("modelFamily", () => {
  it("follows the executable and the backend model, not the configured name", () => {
    expect(modelFamily("aws-bedrock", "anthropic--claude-4.5-sonnet", "4.5-sonnet")).toBe("bedrock-claude");
    expect(modelFamily("aws-bedrock", "anthropic--claude-4.5-sonnet", "gpt-4o")).toBe("bedrock-claude");
    expect(modelFamily("aws-bedrock", "amazon--nova-pro", "claude-sonnet")).toBe("bedrock-other");
    expect(modelFamily("gcp-vertexai", "gemini-2.5-pro", "gpt-4")).toBe("vertex-gemini");
    expect(modelFamily("azure-openai", "text-embedding-3-small", "my-embedder")).toBe(
      "azure-openai-embedding",
    );
    expect(modelFamily("azure-openai", "gpt-4o", "claude-sonnet")).toBe("azure-openai-chat");
  });

  it("guesses from names only when the AI API says nothing", () => {
    expect(modelFamily(null, null, "claude-sonnet")).toBe("bedrock-claude");
    expect(modelFamily(null, null, "4.5-sonnet")).toBe("bedrock-claude");
    expect(modelFamily(null, null, "gemini-2.5-flash")).toBe("vertex-gemini");
    expect(modelFamily(null, null, "gpt-4o")).toBe("azure-openai-chat");
    expect(modelFamily(null, null, "text-embedding-3-small")).toBe("azure-openai-embedding");
    expect(modelFamily(null, null, "amazon--nova-pro")).toBe("bedrock-other");
    expect(modelFamily(null, null, "mystery")).toBe("unknown");
    expect(modelFamily(null, "anthropic--claude-4.5-haiku", "fast")).toBe("bedrock-claude");
  });
});

describe("formatRemaining", () => {
  const minute = 60_000;
  const hour = 60 * minute;
  const day = 24 * hour;
  it.each([
    [7 * day - hour, "6d 23h"],
    [7 * day - 1, "6d 23h"],
    [7 * day, "7d 0h"],
    [day, "1d 0h"],
    [5 * hour + 12 * minute + 59_999, "5h 12m"],
    [hour, "1h 0m"],
    [3 * minute, "3m"],
    [59_999, "0m"],
    [-5, "0m"],
  ])("%d ms -> %s", (ms, text) => {
    expect(formatRemaining(ms)).toBe(text);
  });
});
