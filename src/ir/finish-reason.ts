/**
 * Why generation stopped, normalised, with the upstream's own value kept (`raw`).
 */

export type IrFinishReason =
  | "stop"
  | "length"
  | "tool-calls"
  | "stop-sequence"
  | "content-filter"
  | "refusal"
  | "pause"
  | "error"
  | "other";

export interface IrFinish {
  unified: IrFinishReason;
  raw: string | null;
}
