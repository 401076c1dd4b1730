/**
 * Anthropic Messages client -> Claude on SAP's Bedrock (`/invoke`, `/invoke-with-response-stream`):
 * the same protocol on both sides, so the body passes through with SAP's sanitising
 * (backends/bedrock-anthropic/invoke-body.ts) and the answer is relayed as it is.
 *
 * Streams (peers-and-client-contracts section 3.1, "SSE contract"): the gateway asks for the
 * binary AWS event stream (CRC-checked) and also reads `data:` framing; nothing is sent until the
 * first upstream event has arrived (an exception there, e.g. `throttlingException` inside SAP's
 * 200, becomes an HTTP error with the right status); then every event goes out as
 * `event: <type>\ndata: <json>\n\n`, with `event: ping` after `stream_ping_interval_ms` of
 * upstream silence, and a final `event: error` when the upstream fails mid-stream. A client that
 * goes away aborts the upstream request. One attempt of the router (server/serve-with-failover.ts):
 * failures before the first event fail over to the model's next deployment.
 */
import { isRecord } from "../../ir/json.js";
import { betaHeaderValues } from "../../backends/bedrock-anthropic/betas.js";
import { toInvokeBody } from "../../backends/bedrock-anthropic/invoke-body.js";
import { claudeOutputCeiling } from "../../backends/bedrock-anthropic/model-limits.js";
import {
  bedrockAnthropicEvents,
  EVENT_STREAM_CONTENT_TYPE,
} from "../../backends/bedrock-anthropic/stream-events.js";
import {
  openClaudeStream,
  type ClaudeRelayItem,
  type ClaudeUsage,
} from "../../backends/bedrock-anthropic/stream-relay.js";
import { callDeployment, readUpstreamJson, upstreamError } from "../../backends/upstream-call.js";
import { servedBy, type Answer, type UpstreamTarget } from "../../server/serve-with-failover.js";
import { replyHeaders, writeSse } from "../../server/sse-response.js";
import { withKeepAlive } from "../../streaming/keep-alive.js";
import { anthropicErrorFrame } from "./errors.js";
import type { MessagesCall } from "./messages-call.js";

const PING: ClaudeRelayItem = { kind: "event", event: "ping", data: '{"type": "ping"}' };

export async function claudeMessages(call: MessagesCall, target: UpstreamTarget): Promise<Answer> {
  const { context, request, reply, body, publicName } = call;
  const { candidate } = target;
  const invoke = toInvokeBody(body, {
    betas: betaHeaderValues(request.headers["anthropic-beta"]),
    betaOverrides: context.config.bedrockBetas,
    outputCeiling: claudeOutputCeiling(candidate.sapModel ?? publicName),
  });
  if (invoke.dropped.length > 0 || invoke.adjusted.length > 0) {
    request.log.debug(
      { dropped: invoke.dropped, adjusted: invoke.adjusted },
      "Adapted the Anthropic body to what SAP's Bedrock accepts",
    );
  }
  const served = servedBy(target, publicName);
  const response = await callDeployment({
    candidate,
    tokens: target.tokens,
    http: context.http,
    suffix: invoke.stream ? "/invoke-with-response-stream" : "/invoke",
    body: invoke.body,
    accept: invoke.stream ? EVENT_STREAM_CONTENT_TYPE : "application/json",
    signal: target.signal,
  });
  if (response.statusCode < 200 || response.statusCode >= 300) {
    throw await upstreamError(response, candidate);
  }
  if (!invoke.stream) {
    const message = await readUpstreamJson(response, target.signal);
    return async () => {
      request.log.info({ ...served, status: 200, ms: context.clock() - call.started }, "message served");
      // Report the model the client asked for (see ClaudeRelayOptions.clientModel).
      return reply
        .code(200)
        .send(
          typeof body.model === "string" && isRecord(message) ? { ...message, model: body.model } : message,
        );
    };
  }
  let usage: ClaudeUsage | undefined;
  const contentType = String(response.headers["content-type"] ?? "");
  const relay = await openClaudeStream(bedrockAnthropicEvents(response.body, contentType), {
    ...(typeof body.model === "string" ? { clientModel: body.model } : {}),
    signal: target.client.signal,
    onUsage: (value) => (usage = value),
  });
  return async () => {
    const frames = (async function* () {
      for await (const item of withKeepAlive(relay, context.config.streamPingIntervalMs, () => PING)) {
        if (item.kind === "error") {
          target.reportFailure(item.error);
          request.log.warn({ ...served, code: item.error.code }, item.error.message);
          yield anthropicErrorFrame(item.error);
          return;
        }
        yield `event: ${item.event}\ndata: ${item.data}\n\n`;
      }
    })();
    reply.hijack();
    await writeSse(reply.raw, replyHeaders(reply), frames, target.client);
    request.log.info(
      { ...served, status: 200, stream: true, usage, ms: context.clock() - call.started },
      "message streamed",
    );
    return reply;
  };
}
