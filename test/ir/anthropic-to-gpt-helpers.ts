// Shared pieces of the Anthropic -> GPT translation tests: sample Anthropic requests (the shapes
// Claude Code sends), the decode + encode pipeline, and stream plumbing over raw SSE bytes.
import { decodeAnthropicRequest } from "../../src/frontends/anthropic-messages/ir-request.js";
import { anthropicSseTranslator } from "../../src/frontends/anthropic-messages/ir-stream.js";
import { encodeAzureChatRequest } from "../../src/backends/azure-openai/ir-request.js";
import { azureChatStreamTranslator } from "../../src/backends/azure-openai/ir-stream.js";
import { translateStream } from "../../src/ir/stream-translator.js";
import { decodeSse } from "../../src/streaming/sse-decoder.js";
import type { AnyJson } from "../helpers/simulator-client.js";

/** A 1x1 transparent PNG. */
export const PNG_BASE64 =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

export const weatherTool = {
  name: "get_weather",
  description: "Current weather for a city",
  input_schema: {
    type: "object",
    properties: { city: { type: "string" }, days: { type: "integer" } },
    required: ["city"],
  },
  cache_control: { type: "ephemeral" },
};

/** Anthropic -> IR -> azure-openai body. */
export function gptBody(anthropic: unknown, sapModel: string): AnyJson {
  return encodeAzureChatRequest(decodeAnthropicRequest(anthropic), sapModel).body;
}

/** Sample requests covering every block type and option the translation handles. */
export function sampleRequests(): Record<string, AnyJson> {
  const base = { model: "claude-sonnet-4-5", max_tokens: 32000 };
  return {
    "system string": {
      ...base,
      system: "You are terse.",
      messages: [{ role: "user", content: "say exactly: hi" }],
    },
    "system blocks with cache_control": {
      ...base,
      system: [
        { type: "text", text: "You are Claude Code." },
        { type: "text", text: "Be careful.", cache_control: { type: "ephemeral", ttl: "1h" } },
      ],
      messages: [
        {
          role: "user",
          content: [{ type: "text", text: "say exactly: cached", cache_control: { type: "ephemeral" } }],
        },
      ],
    },
    "tool round trip with error result and image result": {
      ...base,
      tools: [weatherTool, { type: "web_search_20250305", name: "web_search", max_uses: 3 }],
      tool_choice: { type: "auto", disable_parallel_tool_use: true },
      messages: [
        { role: "user", content: "what is the get_weather in city=Paris" },
        {
          role: "assistant",
          content: [
            { type: "thinking", thinking: "I should call the tool.", signature: "c2lnbmF0dXJl" },
            { type: "text", text: "Let me check." },
            { type: "tool_use", id: "toolu_01A", name: "get_weather", input: { city: "Paris" } },
            { type: "tool_use", id: "toolu_01B", name: "get_weather", input: { city: "Lyon", days: 2 } },
          ],
        },
        {
          role: "user",
          content: [
            { type: "tool_result", tool_use_id: "toolu_01A", content: "sunny, 21 C" },
            {
              type: "tool_result",
              tool_use_id: "toolu_01B",
              is_error: true,
              content: [
                { type: "text", text: "radar unavailable" },
                { type: "image", source: { type: "base64", media_type: "image/png", data: PNG_BASE64 } },
              ],
            },
            { type: "text", text: "and now?" },
          ],
        },
      ],
    },
    "images and documents": {
      ...base,
      messages: [
        {
          role: "user",
          content: [
            { type: "image", source: { type: "base64", media_type: "image/png", data: PNG_BASE64 } },
            { type: "image", source: { type: "url", url: "https://example.com/cat.png" } },
            {
              type: "document",
              source: { type: "text", media_type: "text/plain", data: "notes" },
              title: "N",
            },
            {
              type: "document",
              source: { type: "base64", media_type: "application/pdf", data: "JVBERi0xLjQK" },
              title: "spec.pdf",
            },
            { type: "text", text: "describe these" },
          ],
        },
      ],
    },
    "forced tool, thinking and many stop sequences": {
      ...base,
      max_tokens: 20000,
      temperature: 0.2,
      top_p: 0.9,
      top_k: 40,
      stop_sequences: ["a1", "b2", "c3", "d4", "e5"],
      thinking: { type: "enabled", budget_tokens: 8000 },
      tools: [weatherTool],
      tool_choice: { type: "tool", name: "get_weather" },
      metadata: { user_id: `user_${"f".repeat(64)}_account__session_0b6c1f0e-7d1f-4c8e-9a43-9d9b6f0a1c2d` },
      context_management: { edits: [{ type: "clear_thinking_20251015" }] },
      messages: [{ role: "user", content: "weather for city=Oslo please" }],
    },
    "tool_choice any and none": {
      ...base,
      tools: [weatherTool],
      tool_choice: { type: "any" },
      messages: [{ role: "user", content: "anything" }],
    },
    "adaptive thinking with effort": {
      ...base,
      thinking: { type: "adaptive" },
      output_config: { effort: "low" },
      messages: [{ role: "user", content: "count to 3" }],
    },
    "streaming tool call": {
      ...base,
      stream: true,
      tools: [weatherTool],
      messages: [{ role: "user", content: "use get_weather with city=Rome days=3" }],
    },
  };
}

async function* chunks(parts: readonly Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) {
    await Promise.resolve();
    yield part;
  }
}

/** Upstream SSE bytes -> Anthropic SSE text, through `decodeSse` and both translators. */
export async function anthropicSse(
  parts: readonly Uint8Array[],
  options: { model: string; estimatedInputTokens?: number },
): Promise<string> {
  const ir = translateStream(azureChatStreamTranslator, decodeSse(chunks(parts)));
  let text = "";
  for await (const frame of translateStream(anthropicSseTranslator(options), ir)) text += frame;
  return text;
}

export interface Frame {
  event: string;
  data: AnyJson;
}

/** Parses Anthropic SSE text strictly: every frame is `event:` + `data:` with matching types. */
export function parseFrames(text: string): Frame[] {
  if (!text.endsWith("\n\n")) throw new Error("SSE text must end with a blank line");
  return text
    .slice(0, -2)
    .split("\n\n")
    .map((block) => {
      const match = /^event: ([a-z_]+)\ndata: (.*)$/.exec(block);
      if (!match) throw new Error(`bad frame: ${JSON.stringify(block)}`);
      const data = JSON.parse(match[2]!);
      if (data.type !== match[1]) throw new Error(`event ${match[1]} carries type ${data.type}`);
      return { event: match[1]!, data };
    });
}
