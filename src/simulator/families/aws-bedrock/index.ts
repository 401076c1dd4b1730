/**
 * The `aws-bedrock` executable (being written; see docs/simulator.md).
 */
import type { InferenceFamily } from "../types.js";

export const awsBedrockFamily: InferenceFamily = {
  isStreaming: () => false,
  handle: () => undefined,
  throttledStream: () => ({ type: "stream", contentType: "text/event-stream", events: [] }),
  errorResponse: (_request, error) => ({
    type: "json",
    status: error.status,
    body: { message: error.message },
  }),
};
