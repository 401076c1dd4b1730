/**
 * A circuit breaker per deployment, so a dead subaccount stops costing every request a failed
 * attempt: closed -> open after `failures` consecutive failures; after `openMs` it is half-open
 * and lets one probe through; the probe's success closes it, its failure opens it again.
 * Pure state: every method takes the current time.
 */

export type CircuitState = "closed" | "open" | "half-open";

export interface CircuitPolicy {
  failures: number;
  openMs: number;
}

export class CircuitBreaker {
  private consecutive = 0;
  private openedUntil: number | undefined;
  private probing = false;

  constructor(private readonly policy: CircuitPolicy) {}

  state(nowMs: number): CircuitState {
    if (this.openedUntil === undefined) return "closed";
    return nowMs < this.openedUntil ? "open" : "half-open";
  }

  /** Whether a request may go to the deployment now (half-open: only while no probe is out). */
  allows(nowMs: number): boolean {
    const state = this.state(nowMs);
    return state === "closed" || (state === "half-open" && !this.probing);
  }

  /** When the breaker lets a request through again; `nowMs` when it does now. */
  availableAt(nowMs: number): number {
    if (this.openedUntil === undefined) return nowMs;
    return Math.max(nowMs, this.openedUntil);
  }

  /** A request is sent; in half-open state it is the probe. */
  onAttempt(nowMs: number): void {
    if (this.state(nowMs) === "half-open") this.probing = true;
  }

  onSuccess(): void {
    this.consecutive = 0;
    this.openedUntil = undefined;
    this.probing = false;
  }

  onFailure(nowMs: number): void {
    this.consecutive += 1;
    const wasProbe = this.probing || this.state(nowMs) === "half-open";
    this.probing = false;
    if (wasProbe || this.consecutive >= this.policy.failures) this.openedUntil = nowMs + this.policy.openMs;
  }

  /** An attempt ended without saying anything about the deployment (client error, client gone). */
  onNeutral(): void {
    this.probing = false;
  }

  get consecutiveFailures(): number {
    return this.consecutive;
  }

  /** Until when the breaker is open (also in half-open state: when it opened last, plus openMs). */
  get openUntil(): number | undefined {
    return this.openedUntil;
  }
}
