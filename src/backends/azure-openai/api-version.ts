/**
 * `api-version` for azure-openai calls (reference section 4.1): SAP's docs use
 * `2024-12-01-preview` for reasoning models and accept many values; config `api_versions`
 * overrides per public or SAP model name.
 */
import { isOpenAiReasoningModel } from "../../sap/model-family.js";

export const DEFAULT_API_VERSION = "2024-10-21";
export const REASONING_API_VERSION = "2024-12-01-preview";

export function apiVersionFor(
  publicName: string,
  sapModel: string | null,
  overrides: Readonly<Record<string, string>>,
): string {
  const model = sapModel ?? publicName;
  return (
    overrides[publicName] ??
    overrides[model] ??
    (isOpenAiReasoningModel(model) ? REASONING_API_VERSION : DEFAULT_API_VERSION)
  );
}
