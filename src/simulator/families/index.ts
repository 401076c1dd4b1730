/**
 * Registry of simulated executables: one line per family.
 */
import type { Executable } from "../catalog.js";
import { azureOpenAiFamily } from "./azure-openai/index.js";
import type { InferenceFamily } from "./types.js";

const FAMILIES: Partial<Record<Executable, InferenceFamily>> = {
  "azure-openai": azureOpenAiFamily,
};

export function familyFor(executable: Executable): InferenceFamily | undefined {
  return FAMILIES[executable];
}
