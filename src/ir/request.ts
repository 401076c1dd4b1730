/**
 * Canonical request: what every client protocol decodes to and every backend encodes from when the
 * client and upstream protocols differ (architecture: "Canonical IR"). Content is a list of typed
 * blocks; anything a protocol has that the IR does not model rides in `extensions`, namespaced by
 * protocol, so a same-protocol backend can still use it.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** A prompt-cache breakpoint (Anthropic `cache_control`, Bedrock `cachePoint`). */
export interface IrCacheMarker {
  ttl?: "5m" | "1h";
}

export type IrMediaSource =
  { kind: "base64"; mediaType: string; data: string } | { kind: "url"; url: string; mediaType?: string };

export interface IrTextBlock {
  type: "text";
  text: string;
  cache?: IrCacheMarker;
}

export interface IrImageBlock {
  type: "image";
  source: IrMediaSource;
  cache?: IrCacheMarker;
}

export interface IrDocumentBlock {
  type: "document";
  source: IrMediaSource | { kind: "text"; text: string };
  title?: string;
  cache?: IrCacheMarker;
}

export interface IrToolCallBlock {
  type: "tool-call";
  id: string;
  name: string;
  /** Parsed arguments (a JSON object for every protocol we serve). */
  input: JsonValue;
  cache?: IrCacheMarker;
}

export interface IrToolResultBlock {
  type: "tool-result";
  toolCallId: string;
  /** Name of the tool, when the protocol carries it or it can be found in the history. */
  toolName?: string;
  content: (IrTextBlock | IrImageBlock)[];
  isError?: boolean;
  cache?: IrCacheMarker;
}

export interface IrThinkingBlock {
  type: "thinking";
  text: string;
  /** Opaque signature, relayed byte-exact; only valid for the model family that made it. */
  signature?: string;
}

export interface IrRedactedThinkingBlock {
  type: "redacted-thinking";
  data: string;
}

export type IrContentBlock =
  | IrTextBlock
  | IrImageBlock
  | IrDocumentBlock
  | IrToolCallBlock
  | IrToolResultBlock
  | IrThinkingBlock
  | IrRedactedThinkingBlock;

export interface IrMessage {
  role: "user" | "assistant";
  content: IrContentBlock[];
}

export interface IrTool {
  name: string;
  description?: string;
  inputSchema: JsonObject;
  cache?: IrCacheMarker;
}

export type IrToolChoice =
  | { type: "auto"; disableParallel?: boolean }
  | { type: "none" }
  | { type: "required"; disableParallel?: boolean }
  | { type: "tool"; name: string; disableParallel?: boolean };

export type IrReasoningEffort = "minimal" | "low" | "medium" | "high";

export interface IrReasoning {
  enabled: boolean;
  effort?: IrReasoningEffort;
  /** Explicit token budget (Anthropic `budget_tokens`, Gemini `thinkingBudget`). */
  budgetTokens?: number;
}

export interface IrResponseFormat {
  type: "json";
  schema?: JsonObject;
  name?: string;
}

export interface IrRequest {
  /** Public model name the client asked for. */
  model: string;
  system: IrTextBlock[];
  messages: IrMessage[];
  tools: IrTool[];
  toolChoice?: IrToolChoice;
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stopSequences: string[];
  reasoning?: IrReasoning;
  responseFormat?: IrResponseFormat;
  stream: boolean;
  /** End-user id for abuse tracking (`user`, `metadata.user_id`). */
  user?: string;
  /** Protocol-specific fields the IR does not model, keyed by protocol. */
  extensions: { openai?: JsonObject; anthropic?: JsonObject };
}
