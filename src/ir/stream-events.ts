/**
 * Canonical stream events (`<noun>-<verb>` lifecycle, after Vercel's LanguageModel stream parts).
 * Blocks are numbered in output order; every `*-start` is closed by its `*-end` before
 * `message-end`. Tool-call arguments arrive as JSON text fragments that concatenate to the whole
 * arguments object.
 */
import type { IrFinish } from "./finish-reason.js";
import type { IrUsage } from "./usage.js";

export interface IrStreamError {
  /** HTTP-like status: 429 rate limit, 529/503 overloaded, 500 upstream failure, 400 invalid. */
  status: number;
  message: string;
}

export type IrStreamEvent =
  | { type: "message-start"; id: string; model: string; usage: IrUsage }
  | { type: "text-start"; index: number }
  | { type: "text-delta"; index: number; text: string }
  | { type: "text-end"; index: number }
  | { type: "reasoning-start"; index: number }
  | { type: "reasoning-delta"; index: number; text: string }
  | { type: "reasoning-signature"; index: number; signature: string }
  | { type: "reasoning-end"; index: number }
  | { type: "redacted-reasoning"; index: number; data: string }
  | { type: "tool-call-start"; index: number; id: string; name: string }
  | { type: "tool-call-delta"; index: number; argumentsDelta: string }
  | { type: "tool-call-end"; index: number }
  | { type: "usage"; usage: Partial<IrUsage> }
  | { type: "message-end"; finish: IrFinish; stopSequence: string | null; usage: IrUsage }
  | { type: "error"; error: IrStreamError };
