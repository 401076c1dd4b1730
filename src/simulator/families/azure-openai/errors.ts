/**
 * Azure OpenAI error bodies as SAP AI Core relays them (reference section 5 and the recorded
 * fixture `azure-openai-error-response.json`): `{"error":{"code","message","param","type"}}`.
 */
import { jsonResponse, type InferenceResponse } from "../types.js";

export function azureError(
  status: number,
  message: string,
  options: { param?: string | null; code?: string | null; type?: string } = {},
): InferenceResponse {
  return jsonResponse(status, {
    error: {
      message,
      type: options.type ?? "invalid_request_error",
      param: options.param ?? null,
      code: options.code ?? null,
    },
  });
}

export function unknownParameter(path: string): InferenceResponse {
  return azureError(400, `Unknown parameter: '${path}'.`, { param: path, code: "unknown_parameter" });
}

export function invalidBody(): InferenceResponse {
  return azureError(
    400,
    "We could not parse the JSON body of your request. The API expects a JSON payload, but what was sent was not valid JSON.",
  );
}
