/**
 * The deployment families `/v1/messages` serves: Claude by passthrough, GPT and Gemini through
 * the IR (routes.ts). The Anthropic model list shows only these, so every id it lists can be
 * used on `/v1/messages`.
 */
import type { ModelFamily } from "../../sap/model-family.js";

export const MESSAGES_FAMILIES: ReadonlySet<ModelFamily> = new Set<ModelFamily>([
  "bedrock-claude",
  "azure-openai-chat",
  "vertex-gemini",
]);
