/**
 * The two framings SAP AI Core uses for Bedrock streams (reference section 4.2.5; which one is
 * chosen by `Accept` is unverified, section 8 item 1, hence `behaviour.bedrockStreamFraming`):
 * - binary AWS event stream (`application/vnd.amazon.eventstream`): invoke events travel as
 *   `chunk` frames whose payload is `{"bytes": base64(event JSON)}`, converse events as frames
 *   named after the event whose payload is the inner object;
 * - text `data: <payload>` lines: strict JSON Anthropic events for invoke, Python `repr` of the
 *   one-key event dict for converse. Neither ends with `[DONE]` (section 8 item 3).
 */
import { encodeEvent, encodeException } from "../../framing/aws-event-stream.js";
import { pythonRepr } from "../../framing/python-repr.js";
import { sseData, sseJson } from "../../framing/sse.js";
import type { InferenceRequest, InferenceResponse, JsonObject } from "../types.js";

export const EVENT_STREAM = "application/vnd.amazon.eventstream";

/** A converse-stream event: its name and the inner object (`{name: inner}` in boto3's rendering). */
export interface ConverseEvent {
  name: string;
  body: JsonObject;
}

export function wantsBinary(request: InferenceRequest): boolean {
  const framing = request.behaviour.bedrockStreamFraming;
  if (framing !== "by-accept") return framing === "binary";
  return (request.headers.accept ?? "").toLowerCase().includes(EVENT_STREAM);
}

function stream(request: InferenceRequest, binary: boolean, events: (string | Buffer)[]): InferenceResponse {
  const contentType = binary ? EVENT_STREAM : request.behaviour.bedrockTextStreamContentType;
  return { type: "stream", contentType, events };
}

/** A converse event dict on a `data:` line: Python `repr` (default) or JSON (section 8 item 2). */
function converseLine(request: InferenceRequest, event: JsonObject): string {
  return request.behaviour.converseTextPayload === "json" ? sseJson(event) : sseData(pythonRepr(event));
}

export function invokeStream(request: InferenceRequest, events: JsonObject[]): InferenceResponse {
  const binary = wantsBinary(request);
  return stream(
    request,
    binary,
    events.map((event) =>
      binary
        ? encodeEvent("chunk", { bytes: Buffer.from(JSON.stringify(event), "utf8").toString("base64") })
        : sseJson(event),
    ),
  );
}

export function converseStream(request: InferenceRequest, events: ConverseEvent[]): InferenceResponse {
  const binary = wantsBinary(request);
  return stream(
    request,
    binary,
    events.map(({ name, body }) =>
      binary ? encodeEvent(name, body) : converseLine(request, { [name]: body }),
    ),
  );
}

/**
 * A 200 stream whose only event is Bedrock's `throttlingException`. In binary mode that is an
 * exception frame; in text mode the shape is unverified (section 8 item 9): converse writes the
 * boto3 rendering `{'throttlingException': {'message': ...}}`, invoke the same as strict JSON.
 */
/** Bedrock's ThrottlingException wording. */
export const THROTTLING_MESSAGE = "Too many requests, please wait before trying again.";

export function throttledStream(request: InferenceRequest, message = THROTTLING_MESSAGE): InferenceResponse {
  const binary = wantsBinary(request);
  if (binary) return stream(request, true, [encodeException("throttlingException", message)]);
  const event = { throttlingException: { message } };
  return stream(request, false, [
    request.suffix.startsWith("/converse") ? converseLine(request, event) : sseJson(event),
  ]);
}
