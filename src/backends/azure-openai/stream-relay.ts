/**
 * Relays an azure-openai chat stream to an OpenAI client as it arrives: Azure's prompt-filter
 * event (no choices, empty id) is dropped, the usage chunk and `usage: null` fields are removed
 * unless the client asked for usage, everything else is forwarded event by event. Usage is
 * reported to the caller either way.
 */
import { decodeSse } from "../../streaming/sse-decoder.js";

export interface ChatUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
}

export interface RelayOptions {
  clientWantsUsage: boolean;
  onUsage?: (usage: ChatUsage) => void;
}

/** Rewrites one upstream event; undefined drops it. */
export function relayEvent(data: string, options: RelayOptions): string | undefined {
  if (data === "[DONE]") return "data: [DONE]\n\n";
  let event: Record<string, unknown>;
  try {
    event = JSON.parse(data) as Record<string, unknown>;
  } catch {
    return `data: ${data}\n\n`;
  }
  const choices = event.choices;
  const usage = event.usage;
  if (usage !== null && typeof usage === "object") options.onUsage?.(usage);
  if (
    Array.isArray(choices) &&
    choices.length === 0 &&
    event.object === "" &&
    "prompt_filter_results" in event
  )
    return undefined;
  if (!options.clientWantsUsage) {
    if (Array.isArray(choices) && choices.length === 0 && usage) return undefined;
    delete event.usage;
  }
  return `data: ${JSON.stringify(event)}\n\n`;
}

/** Turns upstream bytes into client SSE frames. */
export async function* relayChatStream(
  upstream: AsyncIterable<Uint8Array>,
  options: RelayOptions,
): AsyncGenerator<string> {
  for await (const event of decodeSse(upstream)) {
    const frame = relayEvent(event.data, options);
    if (frame !== undefined) yield frame;
  }
}
