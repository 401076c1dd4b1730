/**
 * Reads a parsed (camelCase) `GenerateContentRequest` into the simulator's family-neutral
 * `Conversation`, plus the Gemini-specific choices around it: whether the model thinks (Gemini
 * 2.5 Pro and Gemini 3 always do, 2.5 Flash unless `thinkingBudget` is 0, Flash-Lite only with
 * a budget), whether thoughts are shown (`includeThoughts`), and JSON output.
 */
import type { CatalogModel } from "../../catalog.js";
import type { Conversation, ToolChoice, ToolResultSummary, ToolSpec } from "../../reply.js";
import { isJsonObject, type JsonObject } from "../types.js";
import { contentsOf, partsOf } from "./parts.js";

export interface GeminiConversation {
  conversation: Conversation;
  /** The model produces thought tokens (counted in `thoughtsTokenCount`). */
  thinks: boolean;
  /** Thoughts are returned as `thought: true` parts. */
  includeThoughts: boolean;
  /** `responseMimeType: application/json`, with its schema if any. */
  json?: { schema: unknown };
  candidateCount: number;
}

function objectAt(value: unknown, key: string): JsonObject {
  const inner = isJsonObject(value) ? value[key] : undefined;
  return isJsonObject(inner) ? inner : {};
}

function isPromptContent(content: JsonObject): boolean {
  return content.role !== "model" && partsOf(content).some((part) => part.functionResponse === undefined);
}

function modelThinks(model: CatalogModel, budget: unknown): boolean {
  if (model.thinking !== true) return false;
  if (/^gemini-3/.test(model.name) || /-pro\b/.test(model.name)) return true;
  if (/flash-lite/.test(model.name)) return typeof budget === "number" && budget !== 0;
  return budget !== 0;
}

function toolsOf(body: JsonObject): ToolSpec[] {
  const tools = Array.isArray(body.tools) ? body.tools.filter(isJsonObject) : [];
  return tools.flatMap((tool) =>
    (Array.isArray(tool.functionDeclarations) ? tool.functionDeclarations.filter(isJsonObject) : []).map(
      (declaration) => ({
        name: String(declaration.name),
        schema: declaration.parameters ?? declaration.parametersJsonSchema,
      }),
    ),
  );
}

function toolChoiceOf(body: JsonObject, tools: ToolSpec[]): { choice: ToolChoice; tools: ToolSpec[] } {
  const config = objectAt(body.toolConfig, "functionCallingConfig");
  const allowed = Array.isArray(config.allowedFunctionNames)
    ? config.allowedFunctionNames.filter((name): name is string => typeof name === "string")
    : [];
  if (config.mode === "NONE") return { choice: { type: "none" }, tools };
  if (config.mode !== "ANY") return { choice: { type: "auto" }, tools };
  if (allowed.length === 1 && allowed[0] !== undefined) {
    return { choice: { type: "tool", name: allowed[0] }, tools };
  }
  const permitted = allowed.length > 0 ? tools.filter((tool) => allowed.includes(tool.name)) : tools;
  return { choice: { type: "required" }, tools: permitted };
}

export function geminiConversation(body: JsonObject, model: CatalogModel): GeminiConversation {
  const contents = contentsOf(body);
  const prompt = [...contents].reverse().find(isPromptContent);
  let text = "";
  let attachments = 0;
  for (const part of partsOf(prompt)) {
    if (typeof part.text === "string" && part.thought !== true) text += (text ? "\n" : "") + part.text;
    else if (part.inlineData !== undefined || part.fileData !== undefined) attachments += 1;
  }

  const last = contents[contents.length - 1];
  const toolResults: ToolResultSummary[] =
    last && last.role !== "model"
      ? partsOf(last).flatMap((part) =>
          isJsonObject(part.functionResponse)
            ? [
                {
                  name: String(part.functionResponse.name),
                  content: JSON.stringify(part.functionResponse.response ?? {}),
                },
              ]
            : [],
        )
      : [];

  const generation = isJsonObject(body.generationConfig) ? body.generationConfig : {};
  const thinking = objectAt(generation, "thinkingConfig");
  const thinks = modelThinks(model, thinking.thinkingBudget);
  const { choice, tools } = toolChoiceOf(body, toolsOf(body));
  const stop = generation.stopSequences;
  return {
    conversation: {
      lastUserText: text,
      attachments,
      toolResults,
      tools,
      toolChoice: choice,
      thinking: thinks,
      maxOutputTokens:
        typeof generation.maxOutputTokens === "number" ? generation.maxOutputTokens : model.maxOutputTokens,
      stopSequences: Array.isArray(stop)
        ? stop.filter((item): item is string => typeof item === "string")
        : [],
    },
    thinks,
    includeThoughts: thinks && thinking.includeThoughts === true,
    ...(generation.responseMimeType === "application/json"
      ? { json: { schema: generation.responseSchema ?? generation.responseJsonSchema } }
      : {}),
    candidateCount:
      typeof generation.candidateCount === "number" ? Math.max(1, generation.candidateCount) : 1,
  };
}
