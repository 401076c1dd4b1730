/**
 * The `{model}:{method}` tail of a Gemini-native path, in the spellings Gemini and Vertex clients
 * use: `models/{model}:generateContent` (Gemini API, after `/v1beta` or `/v1`),
 * `publishers/google/models/{model}:...` (Vertex express mode) and
 * `projects/{project}/locations/{location}/publishers/google/models/{model}:...` (Vertex).
 * Project, location and publisher are ignored: the gateway routes by model name.
 */

export type GeminiMethod = "generateContent" | "streamGenerateContent";

export interface GeminiTarget {
  model: string;
  method: GeminiMethod;
}

const TAIL =
  /^(?:projects\/[^/]+\/locations\/[^/]+\/)?(?:publishers\/[^/]+\/)?models\/([^/].*):(generateContent|streamGenerateContent)$/;

/** Parses a path tail such as `models/gemini-2.5-flash:generateContent`; undefined otherwise. */
export function parseGeminiTarget(tail: string): GeminiTarget | undefined {
  const match = TAIL.exec(tail);
  const model = match?.[1];
  const method = match?.[2];
  if (!model || (method !== "generateContent" && method !== "streamGenerateContent")) return undefined;
  return { model, method };
}
