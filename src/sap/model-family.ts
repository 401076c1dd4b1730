/**
 * Which upstream protocol serves a deployment: decided by the AI API's executable id and backend
 * model name; name heuristics only when those are unknown (architecture: backends per executable).
 */

export type ModelFamily =
  | "azure-openai-chat"
  | "azure-openai-embedding"
  | "bedrock-claude"
  | "bedrock-other"
  | "vertex-gemini"
  | "unknown";

function fromName(name: string): ModelFamily {
  const lower = name.toLowerCase();
  if (/embed/.test(lower) && !/gemini|titan/.test(lower)) return "azure-openai-embedding";
  if (/claude|sonnet|haiku|opus/.test(lower)) return "bedrock-claude";
  if (/gemini/.test(lower)) return "vertex-gemini";
  if (/nova|titan/.test(lower)) return "bedrock-other";
  if (/^(gpt|o\d|chatgpt)|[^a-z]gpt/.test(lower)) return "azure-openai-chat";
  return "unknown";
}

export function modelFamily(
  executableId: string | null,
  modelName: string | null,
  configuredName: string,
): ModelFamily {
  const name = modelName ?? configuredName;
  switch (executableId) {
    case "azure-openai":
      return /embedding/.test(name) ? "azure-openai-embedding" : "azure-openai-chat";
    case "aws-bedrock":
      return /anthropic|claude/.test(name) ? "bedrock-claude" : "bedrock-other";
    case "gcp-vertexai":
      return "vertex-gemini";
    default:
      return fromName(name);
  }
}

/** OpenAI reasoning models (o-series, gpt-5 family): `max_completion_tokens`, default sampling only. */
export function isOpenAiReasoningModel(modelName: string): boolean {
  return /^(o\d|gpt-5)/.test(modelName.toLowerCase());
}
