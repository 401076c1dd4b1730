/**
 * The contract between the simulator's HTTP layer and each executable's inference emulation.
 * A family validates the body exactly as the real upstream would, then answers with JSON, a
 * rejection in its own error shape, or a finite list of stream events that the server writes
 * one by one (pacing, drops and client disconnects are the server's business).
 */
import type { SimulatorBehaviour } from "../behaviour.js";
import type { SimDeployment, SimTenant } from "../landscape.js";
import type { PromptCache } from "../prompt-cache.js";
import type { ThinkingSigner } from "../thinking-signer.js";

export interface InferenceRequest {
  tenant: SimTenant;
  deployment: SimDeployment;
  /** Path after `/v2/inference/deployments/{id}`, e.g. `/chat/completions` or `/models/x:generateContent`. */
  suffix: string;
  query: Record<string, string>;
  /** Lower-case header names. */
  headers: Record<string, string>;
  rawBody: string;
  behaviour: SimulatorBehaviour;
  signer: ThinkingSigner;
  promptCache: PromptCache;
  nowMs: number;
}

export type InferenceResponse =
  | { type: "json"; status: number; body: unknown; headers?: Record<string, string> }
  | { type: "text"; status: number; body: string; contentType: string; headers?: Record<string, string> }
  | { type: "stream"; contentType: string; events: (string | Buffer)[]; headers?: Record<string, string> };

export interface ErrorShape {
  status: number;
  /** The fault's own message; when absent the family uses its upstream's wording. */
  message?: string;
  /** Machine-readable kind, used to pick codes such as `RESOURCE_EXHAUSTED`. */
  kind: "rate-limit" | "server" | "invalid" | "not-found";
}

export interface InferenceFamily {
  /** Whether this request asks for a stream (so that stream faults apply). */
  isStreaming(request: InferenceRequest): boolean;
  /** The answer; `undefined` when the suffix does not belong to this executable. */
  handle(request: InferenceRequest): InferenceResponse | undefined;
  /** A 200 stream whose first event is this family's throttling error (message: the fault's own, if any). */
  throttledStream(request: InferenceRequest, message?: string): InferenceResponse;
  /** This family's HTTP error body for an injected fault. */
  errorResponse(request: InferenceRequest, error: ErrorShape): InferenceResponse;
}

export function jsonResponse(
  status: number,
  body: unknown,
  headers?: Record<string, string>,
): InferenceResponse {
  return headers ? { type: "json", status, body, headers } : { type: "json", status, body };
}

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Parses a request body; `undefined` when it is not a JSON object. */
export function parseJsonObject(raw: string): JsonObject | undefined {
  try {
    const value: unknown = JSON.parse(raw);
    return isJsonObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
