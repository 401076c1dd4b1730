/**
 * A retry budget (as Finagle and Envoy have): failover attempts beyond each request's first stay
 * below `ratio` x the requests of a sliding window, plus a floor of `minPerSecond` x the window's
 * seconds, so that a global outage makes every request fail fast instead of multiplying the load
 * on SAP AI Core by the number of deployments. Time is bucketed by second.
 */

export interface RetryBudgetPolicy {
  ratio: number;
  minPerSecond: number;
  /** Window length in seconds (10 by default). */
  windowSeconds?: number;
}

interface Bucket {
  second: number;
  requests: number;
  retries: number;
}

export class RetryBudget {
  private readonly buckets: Bucket[] = [];
  private readonly windowSeconds: number;

  constructor(private readonly policy: RetryBudgetPolicy) {
    this.windowSeconds = policy.windowSeconds ?? 10;
  }

  /** Counts a request (its first attempt is free). */
  recordRequest(nowMs: number): void {
    this.bucket(nowMs).requests += 1;
  }

  /** Takes one retry from the budget; false when it is spent. */
  tryRetry(nowMs: number): boolean {
    const { requests, retries } = this.totals(nowMs);
    const allowed = this.policy.ratio * requests + this.policy.minPerSecond * this.windowSeconds;
    if (retries + 1 > allowed) return false;
    this.bucket(nowMs).retries += 1;
    return true;
  }

  /** Requests and retries within the window. */
  totals(nowMs: number): { requests: number; retries: number } {
    this.prune(nowMs);
    let requests = 0;
    let retries = 0;
    for (const bucket of this.buckets) {
      requests += bucket.requests;
      retries += bucket.retries;
    }
    return { requests, retries };
  }

  reset(): void {
    this.buckets.length = 0;
  }

  private bucket(nowMs: number): Bucket {
    this.prune(nowMs);
    const second = Math.floor(nowMs / 1000);
    const last = this.buckets.at(-1);
    if (last?.second === second) return last;
    const bucket = { second, requests: 0, retries: 0 };
    this.buckets.push(bucket);
    return bucket;
  }

  private prune(nowMs: number): void {
    const oldest = Math.floor(nowMs / 1000) - this.windowSeconds + 1;
    while (this.buckets.length > 0 && this.buckets[0]!.second < oldest) this.buckets.shift();
  }
}
