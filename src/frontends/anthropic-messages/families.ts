/**
 * The deployment families `/v1/messages` serves: Claude by passthrough today; GPT and Gemini
 * join when their IR translation is wired into routes.ts. The Anthropic model list shows only
 * these, so every id it lists can be used on `/v1/messages`.
 */
import type { ModelFamily } from "../../sap/model-family.js";

export const MESSAGES_FAMILIES: ReadonlySet<ModelFamily> = new Set<ModelFamily>([
  "bedrock-claude",
  "azure-openai-chat",
]);
