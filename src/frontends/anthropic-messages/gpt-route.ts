/**
 * `/v1/messages` served by an azure-openai chat deployment (GPT, o-series) through the IR
 * (ir-backend-route.ts): the chat body, `api-version`, and Azure's decoders. Azure's in-stream
 * 429 before the first meaningful event fails over or becomes an Anthropic-shaped HTTP error.
 */
import { apiVersionFor } from "../../backends/azure-openai/api-version.js";
import { encodeAzureChatRequest } from "../../backends/azure-openai/ir-request.js";
import { decodeAzureChatCompletion } from "../../backends/azure-openai/ir-response.js";
import { azureChatStreamTranslator } from "../../backends/azure-openai/ir-stream.js";
import type { Answer, UpstreamTarget } from "../../server/serve-with-failover.js";
import { messagesThroughIr } from "./ir-backend-route.js";
import type { MessagesCall } from "./messages-call.js";

export function gptMessages(call: MessagesCall, target: UpstreamTarget): Promise<Answer> {
  const { candidate } = target;
  return messagesThroughIr(call, target, (ir, sapModel) => ({
    label: "GPT",
    ...encodeAzureChatRequest(ir, sapModel),
    suffix: "/chat/completions",
    query: {
      "api-version": apiVersionFor(call.publicName, candidate.sapModel, call.context.config.apiVersions),
    },
    decodeJson: decodeAzureChatCompletion,
    streamTranslator: azureChatStreamTranslator,
  }));
}
