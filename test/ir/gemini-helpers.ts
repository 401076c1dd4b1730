// Shared pieces of the Gemini translation tests: a tool schema shaped like Claude Code's (every
// JSON Schema keyword Vertex rejects), the recorded simulator fixtures, and the stream pipelines
// from raw Gemini SSE bytes to OpenAI and Anthropic SSE text.
import { readFileSync } from "node:fs";
import { geminiStreamTranslator } from "../../src/backends/vertex-gemini/ir-stream.js";
import { anthropicSseTranslator } from "../../src/frontends/anthropic-messages/ir-stream.js";
import { openAiChunkTranslator } from "../../src/frontends/openai-chat/ir-stream.js";
import type { JsonObject } from "../../src/ir/request.js";
import type { IrStreamEvent } from "../../src/ir/stream-events.js";
import { translateStream } from "../../src/ir/stream-translator.js";
import { parseGenerateContentRequest } from "../../src/simulator/families/gcp-vertexai/payload-parser.js";
import { decodeSse } from "../../src/streaming/sse-decoder.js";

/** A tool schema as Claude Code and MCP servers write them (zod-to-json-schema output and worse). */
export const CLAUDE_CODE_SCHEMA: JsonObject = {
  $schema: "http://json-schema.org/draft-07/schema#",
  $id: "https://example.com/edit",
  $comment: "generated",
  type: "object",
  additionalProperties: false,
  properties: {
    file_path: { type: "string", description: "Absolute path", format: "uri", examples: ["/tmp/a"] },
    mode: { const: "replace" },
    when: { type: "string", format: "date-time" },
    limit: { type: "integer", exclusiveMinimum: 0, maximum: 100, minimum: 1 },
    note: { type: ["string", "null"], description: "optional note" },
    kind: { oneOf: [{ type: "string", enum: ["a", "b"] }, { type: "number" }] },
    maybe: { anyOf: [{ type: "integer" }, { type: "null" }], description: "an int or null" },
    edits: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        properties: {
          old_string: { type: "string" },
          new_string: { type: "string" },
          replace_all: { type: "boolean", default: false },
        },
        required: ["old_string", "new_string", "ghost"],
        additionalProperties: false,
      },
    },
    target: { $ref: "#/$defs/Target", description: "where to write" },
    tree: { $ref: "#/definitions/Node" },
    merged: {
      allOf: [
        { type: "object", properties: { a: { type: "string" } }, required: ["a"] },
        { properties: { b: { type: "number" } } },
      ],
    },
    options: { type: "object", additionalProperties: { type: "string" }, patternProperties: { "^x": {} } },
  },
  required: ["file_path", "edits"],
  $defs: {
    Target: {
      type: "object",
      properties: { host: { type: "string" }, port: { type: "integer", exclusiveMaximum: 65536 } },
      required: ["host"],
      additionalProperties: false,
    },
  },
  definitions: {
    Node: {
      type: "object",
      properties: {
        name: { type: "string" },
        children: { type: "array", items: { $ref: "#/definitions/Node" } },
      },
    },
  },
};

/** Violations the simulator's Vertex payload parser finds in a generateContent body (none: accepted). */
export function vertexViolations(body: unknown): string[] {
  const parsed = parseGenerateContentRequest(body as Record<string, never>);
  return parsed.ok ? [] : parsed.violations.map((violation) => violation.description);
}

export function fixture(name: string): Buffer {
  return readFileSync(new URL(`../fixtures/gemini/${name}`, import.meta.url));
}

async function* chunks(parts: readonly Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) {
    await Promise.resolve(); // a real body hands out chunks asynchronously
    yield part;
  }
}

export function irEvents(parts: readonly Uint8Array[]): AsyncIterable<IrStreamEvent> {
  return translateStream(geminiStreamTranslator, decodeSse(chunks(parts)));
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Gemini SSE bytes -> OpenAI chunk SSE text. */
export async function openAiText(parts: readonly Uint8Array[]): Promise<string> {
  const meta = { id: "chatcmpl-gemini", created: 1_700_000_000, model: "gemini-2.5-flash" };
  let out = "";
  for await (const frame of translateStream(
    openAiChunkTranslator({ meta, includeUsage: true }),
    irEvents(parts),
  ))
    out += frame;
  return out;
}

/** Gemini SSE bytes -> Anthropic SSE text. */
export async function anthropicText(parts: readonly Uint8Array[]): Promise<string> {
  let out = "";
  const translator = anthropicSseTranslator({ model: "gemini-2.5-flash", estimatedInputTokens: 1 });
  for await (const frame of translateStream(translator, irEvents(parts))) out += frame;
  return out;
}
