// Shared pieces of the Gemini contract tests: what reached the simulator's gcp-vertexai
// deployments, and the tools the tests offer.
import type { TestGateway } from "../helpers/gateway.js";
import type { AnyJson } from "../helpers/simulator-client.js";

export { CLAUDE_CODE_SCHEMA } from "../ir/gemini-helpers.js";
export { PNG_1X1 } from "../anthropic/helpers.js";

export interface GeminiCall {
  path: string;
  query: Record<string, string>;
  status: number | null;
  body: AnyJson;
}

/** The generateContent calls the simulator saw, oldest first. */
export function geminiCalls(setup: TestGateway): GeminiCall[] {
  return setup.simulator.requestLog
    .all()
    .filter((entry) => /:(stream)?[gG]enerateContent$/.test(entry.path))
    .map((entry) => ({
      path: entry.path,
      query: entry.query,
      status: entry.status,
      body: entry.body as AnyJson,
    }));
}

export function lastGeminiCall(setup: TestGateway): GeminiCall {
  const calls = geminiCalls(setup);
  const last = calls.at(-1);
  if (!last) throw new Error("no generateContent call reached the simulator");
  return last;
}

export const WEATHER_SCHEMA = {
  type: "object" as const,
  properties: { city: { type: "string" }, days: { type: "integer" } },
  required: ["city"],
  additionalProperties: false,
};

export const TIME_SCHEMA = {
  type: "object" as const,
  properties: { zone: { type: "string" } },
  required: ["zone"],
};
