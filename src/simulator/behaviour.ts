/**
 * Tunable behaviour of the simulator. Defaults follow `reference/sap-ai-core-wire-formats.md`;
 * every point that reference marks as unverified is a setting here, so a test or a user can
 * switch the simulator to the other plausible behaviour.
 */

export interface SimulatorBehaviour {
  /** `expires_in` of issued tokens (section 1.2: SAP shows 7199, a community guide 12 h). */
  tokenLifetimeSeconds: number;
  /** Pause between streamed events, in milliseconds. */
  streamIntervalMs: number;
  /** Roughly how many tokens each streamed text delta carries. */
  tokensPerStreamDelta: number;
  /** Bedrock stream framing (section 4.2.5, unverified): by the request's `Accept`, or forced. */
  bedrockStreamFraming: "by-accept" | "binary" | "text";
  /** `Content-Type` of Bedrock streams in text (`data:` lines) framing (section 8 item 1, unverified). */
  bedrockTextStreamContentType: string;
  /** Payload of converse-stream `data:` lines (section 8 item 2): Python `repr` of the event dict, or JSON. */
  converseTextPayload: "repr" | "json";
  /** What ends each SSE event of every family (section 8 item 4, unverified). */
  sseEventTerminator: "\n\n" | "\r\n\r\n";
  /** End Bedrock text-mode and Gemini SSE streams with `data: [DONE]` (section 8 item 3; off: never). */
  doneAfterBedrockAndGeminiStreams: boolean;
  /** Body of the gateway's 401 (section 8 item 7): plain text `Jwt is expired`, or the AI API JSON error shape. */
  gatewayUnauthorizedBody: "text" | "json";
  /** Bedrock error bodies (section 8 item 9): `{"message"}`, or `{"message","type"}` with the AWS exception name. */
  bedrockErrorBody: "message" | "message-and-type";
  /** Gemini `:streamGenerateContent` without `alt=sse` (section 8 item 5, unverified). */
  geminiStreamWithoutAltSse: "sse" | "json-array";
  /** Azure: answer 404 when `api-version` is missing (section 8 item 10, unverified). */
  requireApiVersion: boolean;
  /** Azure: reject `max_tokens` and non-default sampling on reasoning models. */
  rejectReasoningSamplingParameters: boolean;
  /** Status for inference calls without `AI-Resource-Group` (404 per SAP's tutorial). */
  inferenceMissingResourceGroupStatus: number;
  /** Status for AI API `/lm/*` calls without `AI-Resource-Group` (unverified: 400 or 404). */
  aiApiMissingResourceGroupStatus: number;
  /** Status for an inference path that does not belong to the executable (unverified). */
  unknownSuffixStatus: number;
  /** Status when the Gemini model path does not match the deployment (unverified: 400 or 404). */
  geminiModelMismatchStatus: number;
  /** Top-level `/invoke` fields SAP's Bedrock rejects although Anthropic defines them. */
  bedrockRejectedFields: string[];
  /** `anthropic_beta` values Bedrock accepts; others are rejected as invalid beta flags. */
  bedrockAcceptedBetas: string[];
  /** Smallest cacheable prefix, in tokens, for Claude prompt caching. */
  promptCacheMinTokens: number;
  /** `Retry-After` seconds on injected 429s when the fault does not say (null: no header). */
  defaultRetryAfterSeconds: number | null;
  /** How many requests the request log keeps. */
  requestLogLimit: number;
}

export const DEFAULT_BEHAVIOUR: SimulatorBehaviour = {
  tokenLifetimeSeconds: 43_199,
  streamIntervalMs: 0,
  tokensPerStreamDelta: 3,
  bedrockStreamFraming: "by-accept",
  bedrockTextStreamContentType: "text/event-stream",
  converseTextPayload: "repr",
  sseEventTerminator: "\n\n",
  doneAfterBedrockAndGeminiStreams: false,
  gatewayUnauthorizedBody: "text",
  bedrockErrorBody: "message",
  geminiStreamWithoutAltSse: "sse",
  requireApiVersion: true,
  rejectReasoningSamplingParameters: true,
  inferenceMissingResourceGroupStatus: 404,
  aiApiMissingResourceGroupStatus: 400,
  unknownSuffixStatus: 404,
  geminiModelMismatchStatus: 404,
  bedrockRejectedFields: ["context_management"],
  bedrockAcceptedBetas: [
    "computer-use-2024-10-22",
    "computer-use-2025-01-24",
    "token-efficient-tools-2025-02-19",
    "interleaved-thinking-2025-05-14",
    "output-128k-2025-02-19",
    "dev-full-thinking-2025-05-14",
    "context-1m-2025-08-07",
    "context-management-2025-06-27",
    "fine-grained-tool-streaming-2025-05-14",
    "tool-search-tool-2025-10-19",
    "tool-examples-2025-10-29",
    "effort-2025-11-24",
  ],
  promptCacheMinTokens: 1024,
  defaultRetryAfterSeconds: 2,
  requestLogLimit: 1000,
};
