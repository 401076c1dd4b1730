// Shared helpers for the Gemini-native surface tests: raw requests the way Gemini clients send
// them, Google's two stream framings parsed strictly, and the inference requests the simulator saw.
import { expect } from "vitest";
import type { TestGateway } from "../helpers/gateway.js";
import type { AnyJson } from "../helpers/simulator-client.js";

export const FLASH = "gemini-2.5-flash";

export interface GeminiPart {
  text?: string;
  thought?: boolean;
  thoughtSignature?: string;
  functionCall?: { id?: string; name: string; args: Record<string, unknown> };
  functionResponse?: { id?: string; name: string; response: Record<string, unknown> };
}

export interface GeminiResponse {
  candidates: { content: { role: string; parts?: GeminiPart[] }; finishReason?: string }[];
  usageMetadata?: { promptTokenCount?: number; candidatesTokenCount?: number; totalTokenCount?: number };
  modelVersion?: string;
}

export interface GoogleError {
  error: { code: number; message: string; status: string; details?: unknown[] };
}

export function userText(text: string) {
  return { role: "user", parts: [{ text }] };
}

export function post(
  setup: TestGateway,
  path: string,
  body: unknown,
  headers: Record<string, string> = { "x-goog-api-key": "test-key" },
): Promise<Response> {
  return fetch(`${setup.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

export const generatePath = (model = FLASH, prefix = "/v1beta") =>
  `${prefix}/models/${model}:generateContent`;
export const streamPath = (model = FLASH, query = "?alt=sse", prefix = "/v1beta") =>
  `${prefix}/models/${model}:streamGenerateContent${query}`;

/** Text of the non-thought parts of the first candidate. */
export function answerText(response: GeminiResponse): string {
  return (response.candidates[0]?.content.parts ?? [])
    .filter((part) => part.thought !== true && typeof part.text === "string")
    .map((part) => part.text)
    .join("");
}

/** Splits an SSE body as Google writes it: `data: <json>` events ended by `\r\n\r\n`. */
export function parseSseEvents(text: string): AnyJson[] {
  expect(text.endsWith("\r\n\r\n")).toBe(true);
  return text
    .split("\r\n\r\n")
    .filter((chunk) => chunk !== "")
    .map((chunk) => {
      expect(chunk.startsWith("data: ")).toBe(true);
      expect(chunk).not.toContain("\n");
      return JSON.parse(chunk.slice("data: ".length));
    });
}

/** The inference requests that reached the simulator, oldest first. */
export function inferences(setup: TestGateway): AnyJson[] {
  return setup.simulator.requestLog.all().filter((entry) => entry.path.includes("/inference/"));
}

export function lastInference(setup: TestGateway): AnyJson {
  return inferences(setup).at(-1)!;
}
