/**
 * Behaviour settings that change every family's SSE the same way (reference section 8 items 3
 * and 4): the event terminator (`\n\n` or `\r\n\r\n`) and an optional trailing `data: [DONE]` on
 * Bedrock text-mode and Gemini streams. Families write `data: ...\n\n`; this adjusts the result.
 */
import type { SimulatorBehaviour } from "../behaviour.js";
import type { Executable } from "../catalog.js";
import type { InferenceResponse } from "../families/types.js";
import { SSE_DONE } from "../framing/sse.js";

function isSseEvent(event: string | Buffer): event is string {
  return typeof event === "string" && event.startsWith("data: ") && event.endsWith("\n\n");
}

/**
 * `complete`: the family's regular answer (not an injected throttling stream), which is the only
 * kind that may end with `[DONE]`.
 */
export function applyStreamVariants(
  result: InferenceResponse,
  executable: Executable,
  behaviour: SimulatorBehaviour,
  complete: boolean,
): InferenceResponse {
  if (result.type !== "stream" || result.events.length === 0 || !result.events.every(isSseEvent))
    return result;
  let events: (string | Buffer)[] = result.events;
  const done =
    complete &&
    behaviour.doneAfterBedrockAndGeminiStreams &&
    (executable === "aws-bedrock" || executable === "gcp-vertexai") &&
    events.at(-1) !== SSE_DONE;
  if (done) events = [...events, SSE_DONE];
  if (behaviour.sseEventTerminator !== "\n\n") {
    const terminator = behaviour.sseEventTerminator;
    events = events.map((event) => `${(event as string).slice(0, -2)}${terminator}`);
  }
  return events === result.events ? result : { ...result, events };
}
