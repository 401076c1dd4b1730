/**
 * Which client protocol a request speaks, so that errors raised anywhere (auth hook, body parser,
 * body limit, routes) are rendered in that protocol's shape (architecture principle 6). Routes
 * declare it in their config (`{ config: { protocol: "anthropic" } }`); routes without a marker
 * (and unknown paths) go by what the client sends: the `anthropic-version` header (every
 * Anthropic client), a `/v1beta/` path (Gemini clients), OpenAI otherwise.
 */
import type { FastifyRequest } from "fastify";

export type ClientProtocol = "openai" | "anthropic" | "google";

declare module "fastify" {
  interface FastifyContextConfig {
    protocol?: ClientProtocol;
  }
}

export function speaksAnthropic(request: FastifyRequest): boolean {
  return request.headers["anthropic-version"] !== undefined;
}

export function speaksGoogle(request: FastifyRequest): boolean {
  return request.url.startsWith("/v1beta/");
}

export function protocolOf(request: FastifyRequest): ClientProtocol {
  const declared = (request.routeOptions.config as { protocol?: ClientProtocol } | undefined)?.protocol;
  if (declared) return declared;
  if (speaksAnthropic(request)) return "anthropic";
  return speaksGoogle(request) ? "google" : "openai";
}
