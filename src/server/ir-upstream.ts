/**
 * The upstream half of every route that translates through the IR: call the deployment, turn a
 * non-2xx answer into a ProxyError (upstream-call.ts keeps 429's Retry-After), decode a JSON
 * answer, or decode a stream and commit late (architecture principle 2): read it up to the first
 * meaningful event, so that an error event before it (a throttling error inside a 200 stream) or
 * a broken connection still becomes an HTTP error in the client's protocol, or a failover to
 * another deployment (server/serve-with-failover.ts). Frontends encode what comes back.
 */
import type { Dispatcher } from "undici";
import { callDeployment, readUpstreamJson, upstreamError } from "../backends/upstream-call.js";
import { ProxyError } from "../errors/proxy-error.js";
import { upstreamStatusError } from "../errors/upstream-status.js";
import type { IrResponse } from "../ir/response.js";
import type { IrStreamEvent } from "../ir/stream-events.js";
import type { Candidate } from "../routing/model-registry.js";
import type { TokenProvider } from "../sap/token-provider.js";
import { peekStream, rejoin } from "../streaming/peek.js";

export interface IrUpstreamCall {
  candidate: Candidate;
  tokens: TokenProvider;
  http: Dispatcher;
  suffix: string;
  query?: Record<string, string>;
  body: unknown;
  stream: boolean;
  /** Accept header of a streaming call (JSON calls accept JSON). */
  streamAccept: string;
  signal: AbortSignal;
  decodeJson(body: unknown): IrResponse;
  decodeStream(body: AsyncIterable<Uint8Array>, contentType: string): AsyncIterable<IrStreamEvent>;
}

export type IrUpstreamAnswer =
  { stream: false; response: IrResponse } | { stream: true; events: AsyncIterable<IrStreamEvent> };

function isPreamble(event: IrStreamEvent): boolean {
  return event.type === "message-start" || event.type === "usage";
}

/** An IR error before anything was written, as the HTTP error the client gets. */
export function irErrorAsHttp(event: IrStreamEvent): ProxyError | undefined {
  if (event.type !== "error") return undefined;
  return upstreamStatusError(event.error.message, { status: event.error.status });
}

export async function callIrUpstream(call: IrUpstreamCall): Promise<IrUpstreamAnswer> {
  const response = await callDeployment({
    candidate: call.candidate,
    tokens: call.tokens,
    http: call.http,
    suffix: call.suffix,
    ...(call.query ? { query: call.query } : {}),
    body: call.body,
    accept: call.stream ? call.streamAccept : "application/json",
    signal: call.signal,
  });
  if (response.statusCode < 200 || response.statusCode >= 300)
    throw await upstreamError(response, call.candidate);

  if (!call.stream)
    return { stream: false, response: call.decodeJson(await readUpstreamJson(response, call.signal)) };

  const contentType = String(response.headers["content-type"] ?? "");
  try {
    const peeked = await peekStream(call.decodeStream(response.body, contentType), isPreamble, irErrorAsHttp);
    return { stream: true, events: rejoin(peeked) };
  } catch (error) {
    if (error instanceof ProxyError || call.signal.aborted) throw error;
    throw new ProxyError(
      "upstream_error",
      502,
      `The upstream stream failed before it started: ${(error as Error).message}`,
      { retryable: true, cause: error },
    );
  }
}

/**
 * Passes a committed IR stream through, reporting what breaks it (an upstream error event, a
 * failed read) so the deployment's health records it (serve-with-failover `reportFailure`).
 */
export async function* reportingFailures(
  events: AsyncIterable<IrStreamEvent>,
  report: (failure: unknown) => void,
): AsyncGenerator<IrStreamEvent> {
  try {
    for await (const event of events) {
      const failure = irErrorAsHttp(event);
      if (failure) report(failure);
      yield event;
    }
  } catch (error) {
    report(
      error instanceof ProxyError
        ? error
        : new ProxyError(
            "upstream_error",
            502,
            `The upstream stream broke off: ${(error as Error).message}`,
            {
              retryable: true,
              cause: error,
            },
          ),
    );
    throw error;
  }
}
