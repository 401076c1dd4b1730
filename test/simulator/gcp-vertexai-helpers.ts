// Shared helpers of the gcp-vertexai simulator tests: typed Gemini bodies and request shortcuts.
import type { TenantClient } from "../helpers/simulator-client.js";

export interface GeminiPart {
  text?: string;
  thought?: boolean;
  thoughtSignature?: string;
  functionCall?: { name: string; args: Record<string, unknown> };
  functionResponse?: { name: string; response: Record<string, unknown> };
}

export interface GeminiCandidate {
  content: { role: string; parts?: GeminiPart[] };
  finishReason?: string;
  index?: number;
}

export interface GeminiUsage {
  promptTokenCount: number;
  candidatesTokenCount?: number;
  totalTokenCount?: number;
  thoughtsTokenCount?: number;
  promptTokensDetails?: { modality: string; tokenCount: number }[];
}

export interface GeminiResponse {
  candidates: GeminiCandidate[];
  usageMetadata: GeminiUsage;
  modelVersion: string;
  createTime: string;
  responseId: string;
}

export interface GoogleError {
  error: {
    code: number;
    message: string;
    status: string;
    details?: { "@type": string; fieldViolations: { field?: string; description: string }[] }[];
  };
}

export const generatePath = (model: string) => `/models/${model}:generateContent`;
export const streamPath = (model: string, query = "?alt=sse") =>
  `/models/${model}:streamGenerateContent${query}`;

export function userText(text: string) {
  return { role: "user", parts: [{ text }] };
}

export async function generate(
  client: TenantClient,
  model: string,
  body: unknown,
): Promise<{ status: number; body: GeminiResponse; contentType: string | null }> {
  const response = await client.infer(model, generatePath(model), body);
  return {
    status: response.status,
    body: (await response.json()) as GeminiResponse,
    contentType: response.headers.get("content-type"),
  };
}

export async function rejected(
  client: TenantClient,
  model: string,
  body: unknown,
  suffix = generatePath(model),
): Promise<{ status: number; error: GoogleError["error"] }> {
  const response = await client.infer(model, suffix, body);
  return { status: response.status, error: ((await response.json()) as GoogleError).error };
}

/** Text of the non-thought parts of the first candidate. */
export function answerText(body: GeminiResponse): string {
  return (body.candidates[0]?.content.parts ?? [])
    .filter((part) => part.thought !== true && typeof part.text === "string")
    .map((part) => part.text)
    .join("");
}
