/**
 * IR stream events -> OpenAI `chat.completion.chunk` SSE frames, as a `StreamTranslator`
 * (https://platform.openai.com/docs/api-reference/chat-streaming; reference
 * peers-and-client-contracts section 3.9): stable id/created/model, a first delta with
 * `role: "assistant"`, text as `delta.content`, thinking as `delta.reasoning_content`, tool calls
 * in OpenAI's incremental shape (first `{index, id, type, function: {name, arguments: ""}}`, then
 * argument fragments; `index` counts tool calls only), a final chunk with `finish_reason`, a usage
 * chunk with `choices: []` only for `stream_options.include_usage`, then `data: [DONE]`. An IR
 * error becomes an OpenAI error frame and ends the stream without `[DONE]`.
 */
import { ProxyError } from "../../errors/proxy-error.js";
import type { JsonObject } from "../../ir/request.js";
import type { IrStreamError, IrStreamEvent } from "../../ir/stream-events.js";
import type { StreamTranslator } from "../../ir/stream-translator.js";
import { emptyUsage, mergeUsage, type IrUsage } from "../../ir/usage.js";
import { openAiErrorBody } from "./errors.js";
import { openAiFinishReason, openAiUsage, type CompletionMeta } from "./ir-response.js";

export interface ChunkOptions {
  meta: CompletionMeta;
  includeUsage: boolean;
}

export interface ChunkState {
  /** IR block index -> OpenAI tool-call index, and whether any argument text was sent. */
  tools: Map<number, { index: number; sentArguments: boolean }>;
  nextToolIndex: number;
  usage: IrUsage;
  started: boolean;
  /** `[DONE]` or an error frame was written; nothing follows. */
  closed: boolean;
}

export const DONE_FRAME = "data: [DONE]\n\n";

function frame(body: unknown): string {
  return `data: ${JSON.stringify(body)}\n\n`;
}

/** An OpenAI error frame for an IR stream error. */
export function errorFrame(error: IrStreamError): string {
  return frame(openAiErrorBody(new ProxyError("upstream_error", error.status, error.message)));
}

export function openAiChunkTranslator(
  options: ChunkOptions,
): StreamTranslator<IrStreamEvent, string, ChunkState> {
  const { meta, includeUsage } = options;
  const chunk = (delta: JsonObject, finishReason: string | null = null): string =>
    frame({
      id: meta.id,
      object: "chat.completion.chunk",
      created: meta.created,
      model: meta.model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      ...(includeUsage ? { usage: null } : {}),
    });
  const tool = (index: number, call: JsonObject): JsonObject => ({ tool_calls: [{ index, ...call }] });

  function content(state: ChunkState, event: IrStreamEvent): string[] {
    switch (event.type) {
      case "text-delta":
        return [chunk({ content: event.text })];
      case "reasoning-delta":
        return [chunk({ reasoning_content: event.text })];
      case "tool-call-start": {
        const index = state.nextToolIndex++;
        state.tools.set(event.index, { index, sentArguments: false });
        return [
          chunk(
            tool(index, { id: event.id, type: "function", function: { name: event.name, arguments: "" } }),
          ),
        ];
      }
      case "tool-call-delta": {
        const call = state.tools.get(event.index);
        if (!call || event.argumentsDelta === "") return [];
        call.sentArguments = true;
        return [chunk(tool(call.index, { function: { arguments: event.argumentsDelta } }))];
      }
      case "tool-call-end": {
        const call = state.tools.get(event.index);
        // A call without input still needs arguments that parse as JSON.
        return call && !call.sentArguments
          ? [chunk(tool(call.index, { function: { arguments: "{}" } }))]
          : [];
      }
      default:
        return [];
    }
  }

  return {
    initial: () => ({
      tools: new Map(),
      nextToolIndex: 0,
      usage: emptyUsage(),
      started: false,
      closed: false,
    }),
    step(state, event) {
      if (state.closed) return [];
      if (event.type === "error") {
        state.closed = true;
        return [errorFrame(event.error)];
      }
      if (event.type === "usage" || event.type === "message-start") {
        state.usage = mergeUsage(state.usage, event.usage);
        if (event.type === "usage" || state.started) return [];
      }
      const out: string[] = [];
      if (!state.started) {
        state.started = true;
        out.push(chunk({ role: "assistant", content: "" }));
      }
      if (event.type === "message-end") {
        state.closed = true;
        state.usage = mergeUsage(state.usage, event.usage);
        out.push(chunk({}, openAiFinishReason(event.finish)));
        if (includeUsage) {
          out.push(
            frame({
              id: meta.id,
              object: "chat.completion.chunk",
              created: meta.created,
              model: meta.model,
              choices: [],
              usage: openAiUsage(state.usage),
            }),
          );
        }
        out.push(DONE_FRAME);
        return out;
      }
      out.push(...content(state, event));
      return out;
    },
    finish(state) {
      if (state.closed) return [];
      state.closed = true;
      return [
        errorFrame({ status: 502, message: "The upstream stream ended before the answer was complete" }),
      ];
    },
  };
}
