// Every upstream path of the gateway as a client drives it: OpenAI chat, Anthropic Messages and
// the Gemini API (official SDKs) on each model family they serve, streamed and not, and OpenAI
// embeddings. `call` resolves to what the client read, or rejects with the SDK's error.
import Anthropic from "@anthropic-ai/sdk";
import { GoogleGenAI } from "@google/genai";
import OpenAI from "openai";
import type { TestGateway } from "../helpers/gateway.js";
import { CLAUDE, EMBEDDING, GEMINI, GPT } from "./helpers.js";

export interface Clients {
  openai: OpenAI;
  anthropic: Anthropic;
  google: GoogleGenAI;
}

export function clientsFor(setup: TestGateway): Clients {
  return {
    openai: new OpenAI({ apiKey: "test-key", baseURL: `${setup.url}/v1`, maxRetries: 0 }),
    anthropic: new Anthropic({ apiKey: "test-key", baseURL: setup.url, maxRetries: 0 }),
    google: new GoogleGenAI({ apiKey: "test-key", httpOptions: { baseUrl: setup.url } }),
  };
}

export interface UpstreamPath {
  name: string;
  /** SAP model name of the deployments it reaches. */
  model: string;
  stream: boolean;
  /** What the client read; the prompt asks every model to answer "pong". */
  call(clients: Clients): Promise<string>;
}

const PROMPT = "reply with exactly: pong";

async function chat(clients: Clients, model: string, stream: boolean): Promise<string> {
  const messages = [{ role: "user" as const, content: PROMPT }];
  if (!stream) {
    const completion = await clients.openai.chat.completions.create({ model, messages });
    return completion.choices[0]?.message.content ?? "";
  }
  let text = "";
  const chunks = await clients.openai.chat.completions.create({ model, messages, stream: true });
  for await (const chunk of chunks) text += chunk.choices[0]?.delta.content ?? "";
  return text;
}

async function messages(clients: Clients, model: string, stream: boolean): Promise<string> {
  const body = { model, max_tokens: 100, messages: [{ role: "user" as const, content: PROMPT }] };
  const message = stream
    ? await clients.anthropic.messages.stream(body).finalMessage()
    : await clients.anthropic.messages.create(body);
  return message.content.map((block) => (block.type === "text" ? block.text : "")).join("");
}

async function gemini(clients: Clients, stream: boolean): Promise<string> {
  if (!stream)
    return (await clients.google.models.generateContent({ model: GEMINI, contents: PROMPT })).text ?? "";
  let text = "";
  for await (const chunk of await clients.google.models.generateContentStream({
    model: GEMINI,
    contents: PROMPT,
  }))
    text += chunk.text ?? "";
  return text;
}

async function embeddings(clients: Clients): Promise<string> {
  const answer = await clients.openai.embeddings.create({ model: EMBEDDING, input: "pong" });
  return answer.data.length === 1 && (answer.data[0]?.embedding.length ?? 0) > 0 ? "pong" : "no vector";
}

const CHAT_MODELS = [
  ["GPT", GPT],
  ["Claude", CLAUDE],
  ["Gemini", GEMINI],
] as const;

export const UPSTREAM_PATHS: UpstreamPath[] = [
  ...[false, true].flatMap((stream) => [
    ...CHAT_MODELS.map(([family, model]) => ({
      name: `OpenAI chat on ${family}${stream ? ", streamed" : ""}`,
      model,
      stream,
      call: (clients: Clients) => chat(clients, model, stream),
    })),
    ...CHAT_MODELS.map(([family, model]) => ({
      name: `Anthropic messages on ${family}${stream ? ", streamed" : ""}`,
      model,
      stream,
      call: (clients: Clients) => messages(clients, model, stream),
    })),
    {
      name: `Gemini generateContent${stream ? ", streamed" : ""}`,
      model: GEMINI,
      stream,
      call: (clients: Clients) => gemini(clients, stream),
    },
  ]),
  { name: "OpenAI embeddings", model: EMBEDDING, stream: false, call: embeddings },
];
