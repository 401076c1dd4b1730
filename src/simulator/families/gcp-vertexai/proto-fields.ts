/**
 * The fields of Vertex AI's `GenerateContentRequest` (google.cloud.aiplatform.v1) that the
 * simulator's payload parser knows, by message type. Vertex parses request JSON with the
 * protobuf JSON mapping, so a field is accepted in camelCase or snake_case (reference section
 * 4.3) and any other key is rejected with "Unknown name". Inside `Schema` (function parameters,
 * `responseSchema`) this is why JSON-Schema keywords such as `additionalProperties`, `$schema`,
 * `$ref`, `const` or `exclusiveMinimum` are rejected.
 */

export type ScalarKind = "string" | "int32" | "int64" | "float" | "double" | "bool" | "bytes";

export type MessageName =
  | "GenerateContentRequest"
  | "Content"
  | "Part"
  | "Blob"
  | "FileData"
  | "FunctionCall"
  | "FunctionResponse"
  | "ExecutableCode"
  | "CodeExecutionResult"
  | "VideoMetadata"
  | "GenerationConfig"
  | "GenerationConfig.ThinkingConfig"
  | "Tool"
  | "FunctionDeclaration"
  | "ToolConfig"
  | "FunctionCallingConfig"
  | "SafetySetting"
  | "Schema";

export interface EnumType {
  name: string;
  values: readonly string[];
  /** Accept any letter case (Vertex accepts `"object"` as well as `"OBJECT"` for `Schema.type`). */
  anyCase?: boolean;
}

export type FieldSpec =
  | { kind: "message"; type: MessageName; repeated?: boolean }
  | { kind: "scalar"; scalar: ScalarKind; repeated?: boolean }
  | { kind: "enum"; enumType: EnumType; repeated?: boolean }
  /** `google.protobuf.Struct`: any JSON object, kept as is. */
  | { kind: "struct" }
  /** `google.protobuf.Value`: any JSON value, kept as is. */
  | { kind: "value" }
  | { kind: "map"; value: "string" | "Schema" };

const str: FieldSpec = { kind: "scalar", scalar: "string" };
const strList: FieldSpec = { kind: "scalar", scalar: "string", repeated: true };
const int32: FieldSpec = { kind: "scalar", scalar: "int32" };
const int64: FieldSpec = { kind: "scalar", scalar: "int64" };
const float: FieldSpec = { kind: "scalar", scalar: "float" };
const double: FieldSpec = { kind: "scalar", scalar: "double" };
const bool: FieldSpec = { kind: "scalar", scalar: "bool" };
const bytes: FieldSpec = { kind: "scalar", scalar: "bytes" };
const struct: FieldSpec = { kind: "struct" };
const value: FieldSpec = { kind: "value" };
const message = (type: MessageName, repeated = false): FieldSpec => ({ kind: "message", type, repeated });
const enumOf = (name: string, values: readonly string[], extra: Partial<EnumType> = {}): EnumType => ({
  name,
  values,
  ...extra,
});

const SCHEMA_TYPE = enumOf(
  "Type",
  ["TYPE_UNSPECIFIED", "STRING", "NUMBER", "INTEGER", "BOOLEAN", "ARRAY", "OBJECT", "NULL"],
  { anyCase: true },
);
const MODALITY = enumOf("GenerationConfig.Modality", ["MODALITY_UNSPECIFIED", "TEXT", "IMAGE", "AUDIO"]);
const MEDIA_RESOLUTION = enumOf("GenerationConfig.MediaResolution", [
  "MEDIA_RESOLUTION_UNSPECIFIED",
  "MEDIA_RESOLUTION_LOW",
  "MEDIA_RESOLUTION_MEDIUM",
  "MEDIA_RESOLUTION_HIGH",
]);
const THINKING_LEVEL = enumOf("GenerationConfig.ThinkingConfig.ThinkingLevel", [
  "THINKING_LEVEL_UNSPECIFIED",
  "MINIMAL",
  "LOW",
  "MEDIUM",
  "HIGH",
]);
export const FUNCTION_CALLING_MODE = enumOf("FunctionCallingConfig.Mode", [
  "MODE_UNSPECIFIED",
  "AUTO",
  "ANY",
  "NONE",
  "VALIDATED",
]);
const LANGUAGE = enumOf("ExecutableCode.Language", ["LANGUAGE_UNSPECIFIED", "PYTHON"]);
const OUTCOME = enumOf("CodeExecutionResult.Outcome", [
  "OUTCOME_UNSPECIFIED",
  "OUTCOME_OK",
  "OUTCOME_FAILED",
  "OUTCOME_DEADLINE_EXCEEDED",
]);

export const MESSAGE_FIELDS: Record<MessageName, Record<string, FieldSpec>> = {
  GenerateContentRequest: {
    contents: message("Content", true),
    systemInstruction: message("Content"),
    generationConfig: message("GenerationConfig"),
    tools: message("Tool", true),
    toolConfig: message("ToolConfig"),
    safetySettings: message("SafetySetting", true),
    cachedContent: str,
    labels: { kind: "map", value: "string" },
    model: str,
  },
  Content: { role: str, parts: message("Part", true) },
  Part: {
    text: str,
    inlineData: message("Blob"),
    fileData: message("FileData"),
    functionCall: message("FunctionCall"),
    functionResponse: message("FunctionResponse"),
    executableCode: message("ExecutableCode"),
    codeExecutionResult: message("CodeExecutionResult"),
    videoMetadata: message("VideoMetadata"),
    thought: bool,
    thoughtSignature: bytes,
    mediaResolution: struct,
  },
  Blob: { mimeType: str, data: bytes, displayName: str },
  FileData: { mimeType: str, fileUri: str, displayName: str },
  FunctionCall: { id: str, name: str, args: struct, partialArgs: value, willContinue: bool },
  FunctionResponse: {
    id: str,
    name: str,
    response: struct,
    parts: value,
    willContinue: bool,
    scheduling: value,
  },
  ExecutableCode: { language: { kind: "enum", enumType: LANGUAGE }, code: str },
  CodeExecutionResult: { outcome: { kind: "enum", enumType: OUTCOME }, output: str },
  VideoMetadata: { startOffset: str, endOffset: str, fps: double },
  GenerationConfig: {
    temperature: float,
    topP: float,
    topK: float,
    candidateCount: int32,
    maxOutputTokens: int32,
    stopSequences: strList,
    responseLogprobs: bool,
    logprobs: int32,
    presencePenalty: float,
    frequencyPenalty: float,
    seed: int32,
    responseMimeType: str,
    responseSchema: message("Schema"),
    responseJsonSchema: value,
    routingConfig: struct,
    audioTimestamp: bool,
    responseModalities: { kind: "enum", enumType: MODALITY, repeated: true },
    mediaResolution: { kind: "enum", enumType: MEDIA_RESOLUTION },
    speechConfig: struct,
    thinkingConfig: message("GenerationConfig.ThinkingConfig"),
    imageConfig: struct,
    enableAffectiveDialog: bool,
    modelConfig: struct,
  },
  "GenerationConfig.ThinkingConfig": {
    includeThoughts: bool,
    thinkingBudget: int32,
    thinkingLevel: { kind: "enum", enumType: THINKING_LEVEL },
  },
  Tool: {
    functionDeclarations: message("FunctionDeclaration", true),
    retrieval: struct,
    googleSearch: struct,
    googleSearchRetrieval: struct,
    enterpriseWebSearch: struct,
    googleMaps: struct,
    codeExecution: struct,
    urlContext: struct,
    computerUse: struct,
  },
  FunctionDeclaration: {
    name: str,
    description: str,
    parameters: message("Schema"),
    parametersJsonSchema: value,
    response: message("Schema"),
    responseJsonSchema: value,
  },
  ToolConfig: { functionCallingConfig: message("FunctionCallingConfig"), retrievalConfig: struct },
  FunctionCallingConfig: {
    mode: { kind: "enum", enumType: FUNCTION_CALLING_MODE },
    allowedFunctionNames: strList,
    streamFunctionCallArguments: bool,
  },
  SafetySetting: { category: str, threshold: str, method: str },
  Schema: {
    type: { kind: "enum", enumType: SCHEMA_TYPE },
    format: str,
    title: str,
    description: str,
    nullable: bool,
    enum: strList,
    maxItems: int64,
    minItems: int64,
    properties: { kind: "map", value: "Schema" },
    required: strList,
    minProperties: int64,
    maxProperties: int64,
    minLength: int64,
    maxLength: int64,
    pattern: str,
    example: value,
    anyOf: message("Schema", true),
    propertyOrdering: strList,
    default: value,
    items: message("Schema"),
    minimum: double,
    maximum: double,
  },
};

/** `fooBar` → `foo_bar`, the proto field name Vertex uses in error paths. */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** `foo_bar` → `fooBar`, the protobuf JSON name. */
export function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}
