// Helpers for the aws-bedrock simulator tests: request bodies, an independent decoder for the
// binary AWS event stream (@smithy/eventstream-codec), and Python itself as the judge of the
// Python-repr text framing of converse-stream.
import { execFileSync } from "node:child_process";
import { EventStreamCodec } from "@smithy/eventstream-codec";
import { fromUtf8, toUtf8 } from "@smithy/util-utf8";
import { expect } from "vitest";
import type { TenantClient } from "../helpers/simulator-client.js";

export const CLAUDE = "anthropic--claude-4.5-sonnet";
export const NOVA = "amazon--nova-pro";
export const TITAN = "amazon--titan-embed-text";
export const EVENT_STREAM = "application/vnd.amazon.eventstream";

/** A minimal valid `/invoke` body for Claude, with overrides. */
export function invokeBody(prompt: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    anthropic_version: "bedrock-2023-05-31",
    max_tokens: 512,
    messages: [{ role: "user", content: prompt }],
    ...extra,
  };
}

/** A minimal valid Converse body, with overrides. */
export function converseBody(prompt: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { messages: [{ role: "user", content: [{ text: prompt }] }], ...extra };
}

export const weatherTool = {
  name: "get_weather",
  description: "Current weather for a city",
  input_schema: {
    type: "object",
    properties: { city: { type: "string" } },
    required: ["city"],
  },
};

export const weatherToolSpec = {
  toolSpec: {
    name: weatherTool.name,
    description: weatherTool.description,
    inputSchema: { json: weatherTool.input_schema },
  },
};

export interface DecodedFrame {
  headers: Record<string, string>;
  payload: string;
}

/**
 * Splits a binary event-stream body into messages by their 4-byte total-length prefix and decodes
 * each with @smithy's codec, which checks both CRCs (it throws on a mismatch).
 */
export function decodeEventStream(body: Uint8Array): DecodedFrame[] {
  const codec = new EventStreamCodec(toUtf8, fromUtf8);
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  let offset = 0;
  while (offset < body.byteLength) {
    const length = view.getUint32(offset, false);
    if (length < 16 || offset + length > body.byteLength) throw new Error(`truncated frame at ${offset}`);
    codec.feed(body.subarray(offset, offset + length));
    offset += length;
  }
  codec.endOfStream();
  return codec
    .getAvailableMessages()
    .getMessages()
    .map((message) => ({
      headers: Object.fromEntries(
        Object.entries(message.headers).map(([name, header]) => [name, String(header.value)]),
      ),
      payload: toUtf8(message.body),
    }));
}

export interface PythonVerdict {
  /** `repr(ast.literal_eval(line)) == line`. */
  roundTrips: boolean;
  /** The literal's value, as JSON. */
  value: unknown;
}

/**
 * Asks python3 to parse each line with `ast.literal_eval` and to re-print it with `repr`; all
 * lines in one process. A line Python cannot parse makes this throw.
 */
export function pythonJudge(lines: string[]): PythonVerdict[] {
  const script = [
    "import ast, json, sys",
    "out = []",
    "for line in json.loads(sys.stdin.buffer.read().decode('utf-8')):",
    "    value = ast.literal_eval(line)",
    "    out.append({'roundTrips': repr(value) == line, 'value': value})",
    "sys.stdout.write(json.dumps(out))",
  ].join("\n");
  const output = execFileSync("python3", ["-c", script], { input: JSON.stringify(lines), encoding: "utf8" });
  return JSON.parse(output) as PythonVerdict[];
}

/** The payloads of a text-mode body: only `data: ` lines separated by blank lines. */
export function dataLines(text: string): string[] {
  if (!text.endsWith("\n\n")) throw new Error("body does not end with a blank line");
  return text
    .slice(0, -2)
    .split("\n\n")
    .map((event) => {
      if (!event.startsWith("data: ") || event.includes("\n")) {
        throw new Error(`not a single 'data: ' line: ${JSON.stringify(event)}`);
      }
      return event.slice("data: ".length);
    });
}

/** A rejected call: asserts Bedrock's flat `{"message"}` body and returns status and message. */
export async function bedrockRejection(
  client: TenantClient,
  suffix: string,
  body: unknown,
  model: string,
): Promise<{ status: number; message: string }> {
  const response = await client.infer(model, suffix, body);
  const parsed = (await response.json()) as { message: string };
  expect(Object.keys(parsed)).toEqual(["message"]);
  return { status: response.status, message: parsed.message };
}
