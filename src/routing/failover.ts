/**
 * `executeWithFailover`: one request over a model's deployments (architecture principle 2,
 * "commit late"). Deployments are tried in the plan's order (failover-plan.ts); an attempt must
 * resolve only once it is committed (upstream answered 2xx and, for streams, the first
 * meaningful event was read) or throw. A deployment failure (failure-classifier.ts) marks the
 * deployment (cooldown, breaker) and moves on to the next, within the retry budget; a client or
 * gateway error ends the request at once. Each attempt runs under its own AbortSignal, which
 * follows the client's signal and aborts after `timeoutMs` (the time to commit: first byte for
 * streams, whole answer otherwise); a timeout is a deployment failure. The committed result
 * holds a lease on its deployment (in-flight count) until `release()`; after commit nothing is
 * retried. When every attempt fails, the most meaningful error is thrown (failover-error.ts).
 */
import { ProxyError } from "../errors/proxy-error.js";
import { classifyFailure } from "./failure-classifier.js";
import { failoverError, type AttemptFailure } from "./failover-error.js";
import { planAttempts, type Skipped } from "./failover-plan.js";
import type { Candidate } from "./model-registry.js";
import { modelRouting } from "./routing-config.js";
import type { RoutingState } from "./routing-state.js";
import { candidateKey } from "./strategies.js";

/** What the router writes to the log (pino's Logger fits). */
export interface RoutingLog {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface AttemptTarget {
  candidate: Candidate;
  /** Aborted on timeout, when the client goes away, and after a failed attempt. */
  signal: AbortSignal;
  /** 1 for the first attempt of the request. */
  attempt: number;
}

export interface FailoverRequest<T> {
  /** Public model name (strategy options, counters and affinity are per model). */
  model: string;
  /** Deployments that can serve the request, in registry order. */
  candidates: readonly Candidate[];
  attempt(target: AttemptTarget): Promise<T>;
  /** Longest time an attempt may take to commit. */
  timeoutMs: number;
  /** The client's signal: aborting it aborts the attempt in progress (and the committed one). */
  signal?: AbortSignal;
  affinityKey?: string;
  log: RoutingLog;
}

export interface Committed<T> {
  value: T;
  candidate: Candidate;
  /** Attempts made, this one included. */
  attempts: number;
  /**
   * Ends the lease: call once the response is written or the client went away (idempotent).
   * `failure`: what broke the answer after commit (a dropped stream, an in-stream upstream error,
   * an idle timeout); it counts against the deployment like a failed attempt, without a retry.
   */
  release(failure?: unknown): void;
}

function where(candidate: Candidate): { subAccount: string; deployment: string } {
  return { subAccount: candidate.subAccount, deployment: candidate.deploymentId };
}

function timeoutError(candidate: Candidate, timeoutMs: number): ProxyError {
  return new ProxyError(
    "upstream_timeout",
    504,
    `Deployment ${candidate.deploymentId} of subaccount "${candidate.subAccount}" did not answer within ${timeoutMs} ms`,
    { retryable: true },
  );
}

function logSkipped(log: RoutingLog, model: string, skipped: readonly Skipped[]): void {
  for (const entry of skipped) {
    const until = entry.until === undefined ? undefined : new Date(entry.until).toISOString();
    const why =
      entry.reason === "busy"
        ? "the session's preferred deployment is busy, spilling over"
        : entry.reason === "cooling-down"
          ? `cooling down until ${until}`
          : entry.reason === "circuit-open"
            ? `circuit open until ${until}`
            : "half-open circuit with a probe in flight";
    log.debug(
      { model, ...where(entry.candidate), reason: entry.reason, until },
      `Skipping deployment: ${why}`,
    );
  }
}

interface Running<T> {
  value: T;
  unlink: () => void;
}

/**
 * `running`, or a rejection with the signal's reason once `signal` aborts. A result that arrives
 * after that is dropped (its rejection swallowed); the aborted signal already tells the attempt
 * to let go of its upstream call.
 */
function untilAborted<T>(running: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      running.catch(() => undefined);
      reject(signal.reason instanceof Error ? signal.reason : new Error("The attempt was aborted"));
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
    running.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: Error) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/** Runs one attempt under its own signal; rejects with the attempt's error (or a timeout). */
async function runAttempt<T>(
  request: FailoverRequest<T>,
  candidate: Candidate,
  attempt: number,
): Promise<Running<T>> {
  const controller = new AbortController();
  const client = request.signal;
  const follow = () => controller.abort(client?.reason);
  client?.addEventListener("abort", follow, { once: true });
  const unlink = () => client?.removeEventListener("abort", follow);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(timeoutError(candidate, request.timeoutMs));
  }, request.timeoutMs);
  try {
    // The attempt may not honour its signal at every step (a hung token fetch): stop waiting for
    // it when the signal aborts, so a timeout fails over even then.
    const value = await untilAborted(
      request.attempt({ candidate, signal: controller.signal, attempt }),
      controller.signal,
    );
    if (timedOut) throw timeoutError(candidate, request.timeoutMs);
    return { value, unlink };
  } catch (error) {
    unlink();
    controller.abort();
    if (timedOut && !client?.aborted) throw timeoutError(candidate, request.timeoutMs);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

export async function executeWithFailover<T>(
  state: RoutingState,
  request: FailoverRequest<T>,
): Promise<Committed<T>> {
  const { log, model } = request;
  const start = state.clock();
  state.budget.recordRequest(start);
  const options = modelRouting(state.config, model);
  const plan = planAttempts(state, model, request.candidates, options, request.affinityKey, start);
  logSkipped(log, model, plan.skipped);
  if (plan.forced) {
    log.warn(
      { model, ...(plan.order[0] ? where(plan.order[0]) : {}) },
      "Every deployment of the model is cooling down or has its circuit open; trying the one available soonest",
    );
  }
  const failures: AttemptFailure[] = [];
  let made = 0;
  for (const [index, candidate] of plan.order.entries()) {
    if (request.signal?.aborted) break;
    const health = state.healthOf(candidate);
    // Another request may have failed on it (or taken its half-open probe) meanwhile.
    const availability = index > 0 ? health.availability(state.clock()) : { available: true as const };
    if (!availability.available) {
      logSkipped(log, model, [{ candidate, reason: availability.reason, until: availability.until }]);
      continue;
    }
    if (made > 0 && !state.budget.tryRetry(state.clock())) {
      log.warn(
        { model, ...where(candidate) },
        "Retry budget exhausted: not failing over to further deployments",
      );
      break;
    }
    health.begin(state.clock());
    made += 1;
    let running: Running<T>;
    try {
      running = await runAttempt(request, candidate, made);
    } catch (error) {
      health.end();
      const now = state.clock();
      if (request.signal?.aborted) {
        health.neutral();
        throw error;
      }
      const failure = classifyFailure(error, now);
      if (failure.kind !== "deployment") {
        if (failure.kind === "client") health.answered();
        else health.neutral();
        throw error;
      }
      const until = health.failedWith(now, failure);
      failures.push({ error: error instanceof Error ? error : new Error(String(error)), failure });
      log.warn(
        {
          model,
          ...where(candidate),
          status: failure.upstreamStatus ?? failure.status,
          attempt: made,
          cooldownUntil: new Date(until).toISOString(),
          circuit: health.circuit(now),
        },
        `Deployment failed (${failure.message}); ${index + 1 < plan.order.length ? "trying the next one" : "no deployment left to try"}`,
      );
      continue;
    }
    health.succeeded(state.clock());
    if (plan.pinKey !== undefined && !plan.keepPin)
      state.affinity.set(plan.pinKey, candidateKey(candidate), state.clock());
    let released = false;
    return {
      value: running.value,
      candidate,
      attempts: made,
      release: (failure?: unknown) => {
        if (released) return;
        released = true;
        running.unlink();
        health.end();
        if (failure === undefined || request.signal?.aborted) return;
        const now = state.clock();
        const classified = classifyFailure(failure, now);
        if (classified.kind !== "deployment") return;
        const until = health.failedWith(now, classified);
        log.warn(
          {
            model,
            ...where(candidate),
            status: classified.upstreamStatus ?? classified.status,
            cooldownUntil: new Date(until).toISOString(),
            circuit: health.circuit(now),
          },
          `Deployment failed after the answer had started (${classified.message}); the client got the protocol's error event`,
        );
      },
    };
  }
  if (request.signal?.aborted) {
    throw request.signal.reason instanceof Error ? request.signal.reason : new Error("The client went away");
  }
  const now = state.clock();
  const soonest =
    Math.min(...request.candidates.map((candidate) => state.healthOf(candidate).availableAt(now))) - now;
  const error = failoverError(failures, soonest);
  if (error === undefined) {
    throw new ProxyError("internal_error", 500, `No deployment of '${model}' could be tried`);
  }
  throw error;
}
