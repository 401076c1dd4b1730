/**
 * azure-openai chat-completions SSE events -> IR stream events, as a `StreamTranslator` over the
 * decoded SSE events (reference section 4.1; recorded fixtures
 * `azure-openai-chat-completion-stream-chunks.txt`, `...-stream-tools-chunks.txt`,
 * `fixtures/sap-ai-sdk-java/openai/streamChatCompletionError.txt`):
 * - the first event carries only `prompt_filter_results` (no choices, empty id) and is skipped;
 * - `delta.content` / `delta.refusal` become a text block, `delta.reasoning_content` (sent by some
 *   OpenAI-compatible upstreams) a reasoning block, `delta.tool_calls[i]` one tool-call block per
 *   index, its `arguments` fragments relayed as they come;
 * - blocks are sequential: a new block closes the open one, and the finish chunk closes the last;
 * - the usage chunk (`choices: []`, asked for with `stream_options.include_usage`) comes after the
 *   finish chunk, so `message-end` is emitted when usage arrives, or by `finish()` otherwise;
 * - `data: {"error": {...}}` inside a 200 stream becomes an IR `error` (status from `error.code`).
 */
import { isJsonObject } from "../../ir/json.js";
import type { IrStreamEvent } from "../../ir/stream-events.js";
import type { StreamTranslator } from "../../ir/stream-translator.js";
import type { JsonObject } from "../../ir/request.js";
import { emptyUsage, mergeUsage, type IrUsage } from "../../ir/usage.js";
import type { SseEvent } from "../../streaming/sse-decoder.js";
import { azureFinish, azureUsage } from "./ir-common.js";

interface ToolSlot {
  index: number;
  id: string;
  name: string;
  started: boolean;
  pendingArguments: string;
}

type OpenBlock = { kind: "text" | "reasoning"; index: number } | { kind: "tool"; index: number };

export interface AzureStreamState {
  started: boolean;
  /** `message-end` or `error` was emitted; later input is ignored. */
  done: boolean;
  nextIndex: number;
  open: OpenBlock | undefined;
  tools: Map<number, ToolSlot>;
  finishRaw: string | null;
  sawFinish: boolean;
  sawText: boolean;
  sawRefusal: boolean;
  usage: IrUsage;
}

type Out = IrStreamEvent[];

function close(state: AzureStreamState, out: Out): void {
  const open = state.open;
  if (!open) return;
  state.open = undefined;
  const type = open.kind === "tool" ? "tool-call-end" : open.kind === "text" ? "text-end" : "reasoning-end";
  out.push({ type, index: open.index });
}

function openBlock(state: AzureStreamState, kind: "text" | "reasoning", out: Out): number {
  if (state.open?.kind === kind) return state.open.index;
  close(state, out);
  const index = state.nextIndex++;
  state.open = { kind, index };
  out.push({ type: kind === "text" ? "text-start" : "reasoning-start", index });
  return index;
}

function startTool(state: AzureStreamState, slot: ToolSlot, out: Out): void {
  close(state, out);
  slot.started = true;
  slot.index = state.nextIndex++;
  state.open = { kind: "tool", index: slot.index };
  out.push({ type: "tool-call-start", index: slot.index, id: slot.id, name: slot.name });
  if (slot.pendingArguments !== "") {
    out.push({ type: "tool-call-delta", index: slot.index, argumentsDelta: slot.pendingArguments });
    slot.pendingArguments = "";
  }
}

function toolDelta(state: AzureStreamState, fragment: JsonObject, position: number, out: Out): void {
  const key = typeof fragment.index === "number" ? fragment.index : position;
  let slot = state.tools.get(key);
  if (!slot) {
    slot = { index: -1, id: `call_${key}`, name: "", started: false, pendingArguments: "" };
    state.tools.set(key, slot);
  }
  const fn = isJsonObject(fragment.function) ? fragment.function : {};
  if (!slot.started) {
    if (typeof fragment.id === "string" && fragment.id !== "") slot.id = fragment.id;
    if (typeof fn.name === "string") slot.name += fn.name;
  }
  const args = typeof fn.arguments === "string" ? fn.arguments : "";
  if (!slot.started && slot.name !== "") startTool(state, slot, out);
  if (args === "") return;
  // OpenAI streams parallel calls one after another; a late fragment of an earlier call is still
  // relayed under that call's index rather than lost.
  if (slot.started) out.push({ type: "tool-call-delta", index: slot.index, argumentsDelta: args });
  else slot.pendingArguments += args;
}

function choiceDelta(state: AzureStreamState, choice: JsonObject, out: Out): void {
  const delta = isJsonObject(choice.delta) ? choice.delta : {};
  if (typeof delta.reasoning_content === "string" && delta.reasoning_content !== "") {
    const index = openBlock(state, "reasoning", out);
    out.push({ type: "reasoning-delta", index, text: delta.reasoning_content });
  }
  for (const [field, refusal] of [
    ["content", false],
    ["refusal", true],
  ] as const) {
    const text = delta[field];
    if (typeof text !== "string" || text === "") continue;
    if (refusal) state.sawRefusal = true;
    else state.sawText = true;
    const index = openBlock(state, "text", out);
    out.push({ type: "text-delta", index, text });
  }
  if (Array.isArray(delta.tool_calls)) {
    for (const [position, fragment] of delta.tool_calls.entries())
      if (isJsonObject(fragment)) toolDelta(state, fragment, position, out);
  }
  if (typeof choice.finish_reason === "string") {
    state.sawFinish = true;
    state.finishRaw = choice.finish_reason;
    close(state, out);
  }
}

function messageEnd(state: AzureStreamState): IrStreamEvent {
  state.done = true;
  const refused = state.sawRefusal && !state.sawText;
  return {
    type: "message-end",
    finish: azureFinish(state.finishRaw, state.tools.size > 0, refused),
    stopSequence: null,
    usage: state.usage,
  };
}

/** HTTP-like status of an in-stream error: `error.code` when it is one ("429"), else by message. */
export function azureStreamErrorStatus(error: JsonObject): number {
  const code = error.code ?? error.status;
  const numeric = typeof code === "number" ? code : typeof code === "string" ? Number(code) : Number.NaN;
  if (Number.isInteger(numeric) && numeric >= 400 && numeric <= 599) return numeric;
  const message = typeof error.message === "string" ? error.message : "";
  return /rate limit|too many requests/i.test(message) ? 429 : 500;
}

function fail(state: AzureStreamState, status: number, message: string): IrStreamEvent[] {
  state.done = true;
  return [{ type: "error", error: { status, message } }];
}

function stepLine(state: AzureStreamState, data: string): Out {
  if (state.done || data === "" || data === "[DONE]") return [];
  let chunk: unknown;
  try {
    chunk = JSON.parse(data);
  } catch {
    return fail(state, 502, `malformed azure-openai stream event: ${data.slice(0, 200)}`);
  }
  if (!isJsonObject(chunk)) return fail(state, 502, "malformed azure-openai stream event");
  if (isJsonObject(chunk.error)) {
    const message = typeof chunk.error.message === "string" ? chunk.error.message : "upstream error";
    return fail(state, azureStreamErrorStatus(chunk.error), message);
  }
  const choices = Array.isArray(chunk.choices) ? chunk.choices : [];
  const usage = isJsonObject(chunk.usage) ? chunk.usage : undefined;
  if (choices.length === 0 && !usage) return []; // the prompt-filter event and other annotations
  const out: Out = [];
  if (!state.started) {
    state.started = true;
    out.push({
      type: "message-start",
      id: typeof chunk.id === "string" ? chunk.id : "",
      model: typeof chunk.model === "string" ? chunk.model : "",
      usage: emptyUsage(),
    });
  }
  for (const choice of choices) {
    if (isJsonObject(choice) && (choice.index ?? 0) === 0) choiceDelta(state, choice, out);
  }
  if (usage) {
    const reported = azureUsage(usage);
    state.usage = mergeUsage(state.usage, reported);
    out.push({ type: "usage", usage: reported });
    if (state.sawFinish) out.push(messageEnd(state));
  }
  return out;
}

export const azureChatStreamTranslator: StreamTranslator<SseEvent, IrStreamEvent, AzureStreamState> = {
  initial: () => ({
    started: false,
    done: false,
    nextIndex: 0,
    open: undefined,
    tools: new Map(),
    finishRaw: null,
    sawFinish: false,
    sawText: false,
    sawRefusal: false,
    usage: emptyUsage(),
  }),

  step(state, event) {
    // One event per `data:` line as SAP sends them; a recording that separates events with single
    // newlines (SAP's Java SDK fixtures) arrives as one multi-line event and is split here.
    const out: Out = [];
    for (const line of event.data.split("\n")) out.push(...stepLine(state, line));
    return out;
  },

  finish(state) {
    if (state.done) return [];
    if (!state.sawFinish)
      return fail(state, 502, "azure-openai stream ended before the response was complete");
    const out: Out = [];
    close(state, out);
    out.push(messageEnd(state));
    return out;
  },
};
