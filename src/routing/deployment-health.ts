/**
 * What the router knows about one (subaccount, deployment): requests in flight, the cooldown
 * after its last failure, its circuit breaker and its recent errors. Mutated only through the
 * methods below, which take the current time; read by the strategies and the readiness view.
 */
import { CircuitBreaker, type CircuitPolicy, type CircuitState } from "./circuit-breaker.js";
import type { ClassifiedFailure } from "./failure-classifier.js";
import { cooldownMs } from "./retry-policy.js";

export interface RecentError {
  /** Epoch ms. */
  time: number;
  status: number;
  message: string;
}

export type Availability =
  | { available: true }
  | { available: false; reason: "cooling-down" | "circuit-open" | "probe-in-flight"; until: number };

export interface HealthPolicy {
  cooldown: { baseMs: number; maxMs: number };
  circuit: CircuitPolicy;
}

const RECENT_ERRORS = 10;
const MESSAGE_LENGTH = 300;

export class DeploymentHealth {
  inFlight = 0;
  cooldownUntil = 0;
  served = 0;
  failed = 0;
  lastSuccess: number | undefined;
  private readonly breaker: CircuitBreaker;
  private readonly errors: RecentError[] = [];

  constructor(private readonly policy: HealthPolicy) {
    this.breaker = new CircuitBreaker(policy.circuit);
  }

  availability(nowMs: number): Availability {
    const circuit = this.breaker.state(nowMs);
    if (circuit === "open")
      return { available: false, reason: "circuit-open", until: this.breaker.availableAt(nowMs) };
    if (nowMs < this.cooldownUntil)
      return { available: false, reason: "cooling-down", until: this.cooldownUntil };
    if (!this.breaker.allows(nowMs))
      return { available: false, reason: "probe-in-flight", until: nowMs + this.policy.circuit.openMs };
    return { available: true };
  }

  /** When a request could go here again: now when available. */
  availableAt(nowMs: number): number {
    return Math.max(nowMs, this.cooldownUntil, this.breaker.availableAt(nowMs));
  }

  circuit(nowMs: number): CircuitState {
    return this.breaker.state(nowMs);
  }

  get consecutiveFailures(): number {
    return this.breaker.consecutiveFailures;
  }

  recentErrors(): readonly RecentError[] {
    return this.errors;
  }

  /** An attempt starts: one more in flight (and the half-open probe, if it is one). */
  begin(nowMs: number): void {
    this.inFlight += 1;
    this.breaker.onAttempt(nowMs);
  }

  /** The attempt's request is over (served, failed or abandoned). */
  end(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
  }

  succeeded(nowMs: number): void {
    this.served += 1;
    this.lastSuccess = nowMs;
    this.cooldownUntil = 0;
    this.breaker.onSuccess();
  }

  /** The deployment answered, with a client error: it is alive. */
  answered(): void {
    this.breaker.onSuccess();
  }

  /** A failure that says nothing about the deployment (client error, client gone). */
  neutral(): void {
    this.breaker.onNeutral();
  }

  /** A deployment failure: cool down (Retry-After or backoff) and count towards the breaker. */
  failedWith(nowMs: number, failure: ClassifiedFailure): number {
    this.failed += 1;
    this.breaker.onFailure(nowMs);
    const until =
      nowMs + cooldownMs(failure.retryAfterMs, this.breaker.consecutiveFailures, this.policy.cooldown);
    this.cooldownUntil = Math.max(this.cooldownUntil, until);
    this.errors.push({
      time: nowMs,
      status: failure.upstreamStatus ?? failure.status,
      message: failure.message.slice(0, MESSAGE_LENGTH),
    });
    if (this.errors.length > RECENT_ERRORS) this.errors.shift();
    return this.cooldownUntil;
  }
}
