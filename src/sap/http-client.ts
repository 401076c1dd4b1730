/**
 * Upstream HTTP: one undici Agent with pooled keep-alive connections for every SAP host, injected
 * wherever the gateway calls SAP AI Core (architecture: "Nothing but the upstream call on the hot
 * path"; docs/adr/0001-http-stack.md). Its timeouts come from config.json's `timeouts`
 * (server/start-gateway.ts): connect, and the idle limit between body chunks of a stream.
 */
import { Agent, type Dispatcher } from "undici";

export interface UpstreamHttpOptions {
  /** Connections kept per origin. */
  connectionsPerOrigin?: number;
  connectTimeoutMs?: number;
  /** Time to the response headers. */
  headersTimeoutMs?: number;
  /** Longest silence between body chunks (a streamed answer may pause while the model thinks). */
  bodyTimeoutMs?: number;
}

export function createUpstreamAgent(options: UpstreamHttpOptions = {}): Dispatcher {
  return new Agent({
    connections: options.connectionsPerOrigin ?? 128,
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 600_000,
    connect: { timeout: options.connectTimeoutMs ?? 10_000 },
    headersTimeout: options.headersTimeoutMs ?? 300_000,
    bodyTimeout: options.bodyTimeoutMs ?? 300_000,
  });
}
