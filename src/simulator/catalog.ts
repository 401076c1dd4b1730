/**
 * The simulator's foundation-model catalog: SAP model names, the executable that serves each,
 * and the traits that change how the simulated upstream behaves (reasoning, limits, embeddings).
 *
 * Names and versions follow SAP Note 3437766 as snapshotted in
 * `reference/sap-ai-core-wire-formats.md` section 6.
 */

export type Executable = "azure-openai" | "aws-bedrock" | "gcp-vertexai" | "orchestration";

export type ModelKind = "chat" | "embedding" | "orchestration";

export interface CatalogModel {
  /** SAP model name, e.g. `anthropic--claude-4.5-sonnet`. */
  readonly name: string;
  readonly executableId: Executable;
  readonly version: string;
  readonly kind: ModelKind;
  readonly provider: string;
  readonly displayName: string;
  readonly contextLength: number;
  /** Default and maximum output tokens when the request sets none. */
  readonly maxOutputTokens: number;
  /** OpenAI reasoning model: rejects `max_tokens` and non-default sampling (o-series, gpt-5). */
  readonly reasoning?: boolean;
  /** Claude / Gemini extended thinking support. */
  readonly thinking?: boolean;
  /** Embedding vector size. */
  readonly dimensions?: number;
  readonly deprecated?: boolean;
  readonly inputTypes: readonly string[];
}

function gpt(name: string, version: string, extra: Partial<CatalogModel> = {}): CatalogModel {
  return {
    name,
    executableId: "azure-openai",
    version,
    kind: "chat",
    provider: "Azure OpenAI",
    displayName: name.toUpperCase(),
    contextLength: 128_000,
    maxOutputTokens: 16_384,
    inputTypes: ["text", "image"],
    ...extra,
  };
}

function claude(name: string, extra: Partial<CatalogModel> = {}): CatalogModel {
  return {
    name,
    executableId: "aws-bedrock",
    version: "1",
    kind: "chat",
    provider: "Anthropic",
    displayName: name.replace("anthropic--", "").replace(/-/g, " "),
    contextLength: 200_000,
    maxOutputTokens: 64_000,
    thinking: true,
    inputTypes: ["text", "image"],
    ...extra,
  };
}

function gemini(name: string, extra: Partial<CatalogModel> = {}): CatalogModel {
  return {
    name,
    executableId: "gcp-vertexai",
    version: "001",
    kind: "chat",
    provider: "Google",
    displayName: name,
    contextLength: 1_048_576,
    maxOutputTokens: 65_535,
    thinking: true,
    inputTypes: ["text", "image"],
    ...extra,
  };
}

export const MODEL_CATALOG: readonly CatalogModel[] = [
  gpt("gpt-4o", "2024-11-20"),
  gpt("gpt-4o-mini", "2024-07-18", { deprecated: true }),
  gpt("gpt-4.1", "2025-04-14", { contextLength: 1_047_576, maxOutputTokens: 32_768 }),
  gpt("gpt-4.1-mini", "2025-04-14", { contextLength: 1_047_576, maxOutputTokens: 32_768 }),
  gpt("gpt-4.1-nano", "2025-04-14", { contextLength: 1_047_576, maxOutputTokens: 32_768 }),
  gpt("gpt-5", "2025-08-07", { reasoning: true, contextLength: 400_000, maxOutputTokens: 128_000 }),
  gpt("gpt-5-mini", "2025-08-07", { reasoning: true, contextLength: 400_000, maxOutputTokens: 128_000 }),
  gpt("gpt-5-nano", "2025-08-07", { reasoning: true, contextLength: 400_000, maxOutputTokens: 128_000 }),
  gpt("gpt-5.1", "2025-11-13", { reasoning: true, contextLength: 400_000, maxOutputTokens: 128_000 }),
  gpt("gpt-5.2", "2025-12-11", { reasoning: true, contextLength: 400_000, maxOutputTokens: 128_000 }),
  gpt("gpt-5.4", "2026-03-05", { reasoning: true, contextLength: 400_000, maxOutputTokens: 128_000 }),
  gpt("gpt-5.4-nano", "2026-03-17", { reasoning: true, contextLength: 400_000, maxOutputTokens: 128_000 }),
  gpt("gpt-5.5", "2026-04-24", { reasoning: true, contextLength: 400_000, maxOutputTokens: 128_000 }),
  gpt("o1", "2024-12-17", { reasoning: true, contextLength: 200_000, maxOutputTokens: 100_000 }),
  gpt("o3-mini", "2025-01-31", { reasoning: true, contextLength: 200_000, maxOutputTokens: 100_000 }),
  gpt("o3", "2025-04-16", { reasoning: true, contextLength: 200_000, maxOutputTokens: 100_000 }),
  gpt("o4-mini", "2025-04-16", { reasoning: true, contextLength: 200_000, maxOutputTokens: 100_000 }),
  gpt("text-embedding-3-small", "1", { kind: "embedding", dimensions: 1536, inputTypes: ["text"] }),
  gpt("text-embedding-3-large", "1", { kind: "embedding", dimensions: 3072, inputTypes: ["text"] }),
  gpt("text-embedding-ada-002", "2", {
    kind: "embedding",
    dimensions: 1536,
    deprecated: true,
    inputTypes: ["text"],
  }),
  claude("anthropic--claude-4.5-sonnet"),
  claude("anthropic--claude-4.5-haiku"),
  claude("anthropic--claude-4.5-opus", { maxOutputTokens: 32_000 }),
  claude("anthropic--claude-4.6-sonnet"),
  claude("anthropic--claude-4.6-opus", { maxOutputTokens: 32_000 }),
  claude("anthropic--claude-4.7-opus", { maxOutputTokens: 32_000 }),
  claude("anthropic--claude-4.8-opus", { maxOutputTokens: 32_000 }),
  claude("anthropic--claude-4-sonnet", { deprecated: true }),
  claude("anthropic--claude-3-haiku", { deprecated: true, thinking: false, maxOutputTokens: 4096 }),
  {
    name: "amazon--nova-pro",
    executableId: "aws-bedrock",
    version: "1",
    kind: "chat",
    provider: "Amazon",
    displayName: "Amazon Nova Pro",
    contextLength: 300_000,
    maxOutputTokens: 10_000,
    inputTypes: ["text", "image"],
  },
  {
    name: "amazon--nova-micro",
    executableId: "aws-bedrock",
    version: "1",
    kind: "chat",
    provider: "Amazon",
    displayName: "Amazon Nova Micro",
    contextLength: 128_000,
    maxOutputTokens: 10_000,
    inputTypes: ["text"],
  },
  {
    name: "amazon--titan-embed-text",
    executableId: "aws-bedrock",
    version: "2",
    kind: "embedding",
    provider: "Amazon",
    displayName: "Amazon Titan Text Embeddings",
    contextLength: 8192,
    maxOutputTokens: 0,
    dimensions: 1024,
    inputTypes: ["text"],
  },
  gemini("gemini-2.5-pro"),
  gemini("gemini-2.5-flash"),
  gemini("gemini-2.5-flash-lite"),
  gemini("gemini-3.1-flash-lite"),
  gemini("gemini-3.5-flash"),
  {
    name: "orchestration",
    executableId: "orchestration",
    version: "latest",
    kind: "orchestration",
    provider: "SAP",
    displayName: "Orchestration",
    contextLength: 0,
    maxOutputTokens: 0,
    inputTypes: [],
  },
];

const byName = new Map(MODEL_CATALOG.map((model) => [model.name, model]));

export function findCatalogModel(name: string): CatalogModel | undefined {
  return byName.get(name);
}

/** Gemini 3 models return and require `thoughtSignature` on function-call parts. */
export function requiresThoughtSignatures(model: CatalogModel): boolean {
  return model.executableId === "gcp-vertexai" && /^gemini-3/.test(model.name);
}
