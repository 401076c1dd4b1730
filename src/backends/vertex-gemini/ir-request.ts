/**
 * IR request -> Vertex AI `GenerateContentRequest` for SAP's `gcp-vertexai` deployments
 * (reference section 4.3; https://cloud.google.com/vertex-ai/generative-ai/docs/reference/rest/v1/projects.locations.endpoints/generateContent):
 * - `contents` (ir-request-contents.ts) and `systemInstruction`;
 * - `generationConfig`: output limit within the model's, temperature, topP, topK, at most five
 *   stop sequences, JSON output with a reduced `responseSchema` (before Gemini 3 not together
 *   with tools: "Function calling with a response mime type: 'application/json' is
 *   unsupported"), `thinkingConfig` (thinking-config.ts);
 * - `tools: [{functionDeclarations}]` with parameter schemas reduced to Vertex's subset
 *   (schema.ts), and `toolConfig.functionCallingConfig` from the tool choice.
 * The URL is `/models/{model}:generateContent`, or `:streamGenerateContent?alt=sse` for streams,
 * `{model}` being the SAP model name without a `:version` suffix.
 */
import type { IrRequest, IrTool, IrToolChoice, JsonObject } from "../../ir/request.js";
import { geminiContents } from "./ir-request-contents.js";
import { isEmptyObjectSchema, toVertexSchema } from "./schema.js";
import { thinkingConfig } from "./thinking-config.js";

export interface GeminiRequest {
  body: JsonObject;
  /** `/models/{model}:generateContent` or `/models/{model}:streamGenerateContent`. */
  suffix: string;
  query: Record<string, string>;
  stream: boolean;
  /** IR features Gemini cannot take, for the debug log. */
  dropped: string[];
}

const MAX_STOP_SEQUENCES = 5;

/** Output ceiling on Vertex: 8192 before Gemini 2.5, 65535 since (Claude Code asks for 32000). */
function maxOutputTokens(model: string): number {
  return /^gemini-(1\.|2\.0)/.test(model) ? 8_192 : 65_535;
}

/** Before Gemini 3, Vertex refuses JSON output together with function calling. */
function jsonWithTools(model: string): boolean {
  return /^gemini-([3-9]|\d\d)/.test(model);
}

/** The `{model}` of the URL: the SAP model name without a version (`gemini-2.5-pro:001`). */
export function geminiModelPath(model: string): string {
  return model.replace(/:[^:]*$/, "");
}

function declaration(tool: IrTool): JsonObject {
  const parameters = toVertexSchema(tool.inputSchema);
  return {
    name: tool.name,
    ...(tool.description !== undefined && tool.description !== "" ? { description: tool.description } : {}),
    ...(isEmptyObjectSchema(parameters) ? {} : { parameters }),
  };
}

function functionCallingConfig(choice: IrToolChoice): JsonObject {
  switch (choice.type) {
    case "auto":
      return { mode: "AUTO" };
    case "none":
      return { mode: "NONE" };
    case "required":
      return { mode: "ANY" };
    case "tool":
      return { mode: "ANY", allowedFunctionNames: [choice.name] };
  }
}

function generationConfig(request: IrRequest, model: string, dropped: string[]): JsonObject {
  const config: JsonObject = {};
  if (request.maxOutputTokens !== undefined)
    config.maxOutputTokens = Math.min(request.maxOutputTokens, maxOutputTokens(model));
  if (request.temperature !== undefined) config.temperature = request.temperature;
  if (request.topP !== undefined) config.topP = request.topP;
  if (request.topK !== undefined) config.topK = request.topK;
  if (request.stopSequences.length > 0) {
    if (request.stopSequences.length > MAX_STOP_SEQUENCES) dropped.push("stop sequences beyond five");
    config.stopSequences = request.stopSequences.slice(0, MAX_STOP_SEQUENCES);
  }
  const format = request.responseFormat;
  if (format && request.tools.length > 0 && !jsonWithTools(model)) {
    dropped.push("JSON output (this model takes it only without tools)");
  } else if (format) {
    config.responseMimeType = "application/json";
    if (format.schema) config.responseSchema = toVertexSchema(format.schema);
  }
  const thinking = thinkingConfig(request.reasoning, model);
  if (thinking) config.thinkingConfig = thinking;
  else if (request.reasoning) dropped.push("reasoning settings this model does not take");
  return config;
}

function droppedContent(request: IrRequest): string[] {
  const names = new Set<string>();
  const blocks = [
    ...request.system,
    ...request.tools,
    ...request.messages.flatMap((message) => message.content),
  ];
  for (const block of blocks) if ("cache" in block && block.cache) names.add("cache markers");
  if (request.toolChoice && "disableParallel" in request.toolChoice && request.toolChoice.disableParallel)
    names.add("disable parallel tool use");
  return [...names];
}

export function encodeGeminiRequest(request: IrRequest, sapModel: string): GeminiRequest {
  const model = geminiModelPath(sapModel);
  const dropped = droppedContent(request);
  const body: JsonObject = { contents: geminiContents(request.messages) };
  const system = request.system.map((block) => block.text).filter((text) => text !== "");
  if (system.length > 0) body.systemInstruction = { parts: system.map((text) => ({ text })) };

  if (request.tools.length > 0) {
    body.tools = [{ functionDeclarations: request.tools.map(declaration) }];
    if (request.toolChoice)
      body.toolConfig = { functionCallingConfig: functionCallingConfig(request.toolChoice) };
  }
  const config = generationConfig(request, model, dropped);
  if (Object.keys(config).length > 0) body.generationConfig = config;
  return {
    body,
    suffix: `/models/${model}:${request.stream ? "streamGenerateContent" : "generateContent"}`,
    query: request.stream ? { alt: "sse" } : {},
    stream: request.stream,
    dropped,
  };
}
