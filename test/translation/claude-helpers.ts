// Shared fixtures of the OpenAI chat -> Claude translation tests.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type OpenAI from "openai";
import type { SubAccountsFor } from "../helpers/gateway.js";

export const CLAUDE = "anthropic--claude-4.5-sonnet";

/** Only tenant-a, so every request reaches the same deployment (prompt caching is per deployment). */
export const tenantA: SubAccountsFor = (simulator, directory) => {
  writeFileSync(join(directory, "tenant-a.json"), JSON.stringify(simulator.serviceKey("tenant-a")));
  return { "tenant-a": { resource_group: "default", service_key_json: "tenant-a.json" } };
};

export const weatherTool: OpenAI.Chat.Completions.ChatCompletionTool = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Current weather for a city",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  },
};
