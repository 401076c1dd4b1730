/**
 * Canonical non-streaming response.
 */
import type { IrFinish } from "./finish-reason.js";
import type { IrRedactedThinkingBlock, IrTextBlock, IrThinkingBlock, IrToolCallBlock } from "./request.js";
import type { IrUsage } from "./usage.js";

export type IrOutputBlock = IrTextBlock | IrThinkingBlock | IrRedactedThinkingBlock | IrToolCallBlock;

export interface IrResponse {
  id: string;
  model: string;
  content: IrOutputBlock[];
  finish: IrFinish;
  stopSequence: string | null;
  usage: IrUsage;
}
