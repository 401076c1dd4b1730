/**
 * The one way every route calls SAP AI Core (issue 6): the router (routing/failover.ts) tries the
 * model's deployments until one commits, each attempt with the subaccount's token provider and
 * an AbortSignal that follows the client; the committed attempt returns how to answer, which
 * runs once, after which the deployment's in-flight slot is released. A client that goes away
 * (before or after commit) aborts the upstream request and frees the slot.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { ProxyError } from "../errors/proxy-error.js";
import { affinityKey } from "../routing/affinity.js";
import { executeWithFailover, type Committed } from "../routing/failover.js";
import type { Candidate } from "../routing/model-registry.js";
import { modelRouting } from "../routing/routing-config.js";
import type { TokenProvider } from "../sap/token-provider.js";
import type { GatewayContext } from "./gateway-context.js";
import type { ResolvedModel } from "./resolve-model.js";

export interface UpstreamTarget {
  candidate: Candidate;
  tokens: TokenProvider;
  /** The attempt's signal: pass it to the upstream call. */
  signal: AbortSignal;
  /** 1 for the first attempt. */
  attempt: number;
  /** Aborted when the client goes away; streamed answers hand it to `writeSse`. */
  client: AbortController;
  /**
   * Reports what broke a committed answer (the first report counts): the deployment's health
   * records it when the lease ends. Only the client's error event is sent; nothing is retried.
   */
  reportFailure: (failure: unknown) => void;
}

/** Answers the client from a committed attempt. */
export type Answer = () => Promise<FastifyReply>;

export interface FailoverServe {
  request: FastifyRequest;
  reply: FastifyReply;
  resolved: ResolvedModel;
  /** The client asked for a stream (first-byte timeout) or not (whole-answer timeout). */
  stream: boolean;
  /** Calls the deployment and commits (status checked, body read or stream peeked), or throws. */
  attempt(target: UpstreamTarget): Promise<Answer>;
}

/** Log fields of the served call. */
export function servedBy(target: UpstreamTarget, model: string): Record<string, unknown> {
  return {
    model,
    subAccount: target.candidate.subAccount,
    deployment: target.candidate.deploymentId,
    attempt: target.attempt,
  };
}

/** The request ended because its client went away: status 499 (nginx's), logged at info. */
export function clientClosed(cause: unknown): ProxyError {
  return new ProxyError("client_closed", 499, "The client closed the connection before the answer", {
    retryable: false,
    cause,
  });
}

export async function serveWithFailover(
  context: GatewayContext,
  serve: FailoverServe,
): Promise<FastifyReply> {
  const { request, reply, resolved } = serve;
  const client = new AbortController();
  const onClientGone = () => {
    if (!reply.raw.writableFinished) client.abort();
  };
  reply.raw.on("close", onClientGone);
  const routing = modelRouting(context.config.routing, resolved.publicName);
  const key = routing.affinity === "session" ? affinityKey(request.headers, request.body) : undefined;
  const { timeouts } = context.config;
  let committed: Committed<Answer> | undefined;
  let broken: unknown;
  const reportFailure = (failure: unknown) => {
    broken ??= failure;
  };
  try {
    committed = await executeWithFailover(context.routing, {
      model: resolved.publicName,
      candidates: resolved.candidates,
      timeoutMs: serve.stream ? timeouts.firstByteMs : timeouts.responseMs,
      signal: client.signal,
      ...(key !== undefined ? { affinityKey: key } : {}),
      log: request.log,
      attempt: ({ candidate, signal, attempt }) => {
        const tokens = context.tokens.get(candidate.subAccount);
        if (!tokens) {
          throw new ProxyError(
            "internal_error",
            500,
            `No credentials for subaccount "${candidate.subAccount}"`,
            { retryable: false },
          );
        }
        return serve.attempt({ candidate, tokens, signal, attempt, client, reportFailure });
      },
    });
    return await committed.value();
  } catch (error) {
    // The client went away (the attempt's AbortError, or whatever its abort caused): a quiet
    // outcome, not a gateway failure.
    const clientGone = client.signal.aborted;
    client.abort();
    if (clientGone) throw clientClosed(error);
    throw error;
  } finally {
    reply.raw.off("close", onClientGone);
    committed?.release(broken);
  }
}
