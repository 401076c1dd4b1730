/**
 * Registry of simulated executables: one line per family.
 */
import type { Executable } from "../catalog.js";
import { awsBedrockFamily } from "./aws-bedrock/index.js";
import { azureOpenAiFamily } from "./azure-openai/index.js";
import { gcpVertexAiFamily } from "./gcp-vertexai/index.js";
import type { InferenceFamily } from "./types.js";

const FAMILIES: Partial<Record<Executable, InferenceFamily>> = {
  "azure-openai": azureOpenAiFamily,
  "aws-bedrock": awsBedrockFamily,
  "gcp-vertexai": gcpVertexAiFamily,
};

export function familyFor(executable: Executable): InferenceFamily | undefined {
  return FAMILIES[executable];
}
