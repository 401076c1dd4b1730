/**
 * Routing and timeout settings as the router uses them (config.json's `routing` and `timeouts`,
 * config/schema.ts), with the defaults that apply when the file says nothing. Per-model options
 * are the `default` options overlaid with the model's own entry.
 */

export type StrategyName = "round-robin" | "weighted" | "least-in-flight";
export type AffinityMode = "none" | "session";

export interface ModelRouting {
  readonly strategy: StrategyName;
  /**
   * Weights of the `weighted` strategy: `"<subaccount>"` or `"<subaccount>/<deploymentId>"` (the
   * deployment entry wins); unlisted deployments weigh 1, weight 0 serves only when no other can.
   */
  readonly weights: Readonly<Record<string, number>>;
  readonly affinity: AffinityMode;
  /** Affinity spills to other deployments when the preferred one has this many requests in flight. */
  readonly busyThreshold: number;
}

export interface RoutingConfig {
  readonly default: ModelRouting;
  /** Public model name -> options over `default`. */
  readonly models: Readonly<Record<string, Partial<ModelRouting>>>;
  /** Cooldown after a failure: `Retry-After` when the upstream sent one, else exponential backoff. */
  readonly cooldown: { readonly baseMs: number; readonly maxMs: number };
  /** Circuit breaker: opens after `failures` consecutive failures, probes again after `openMs`. */
  readonly circuit: { readonly failures: number; readonly openMs: number };
  /** Failover retries stay below `ratio` x requests (sliding window), plus `minPerSecond`. */
  readonly retryBudget: { readonly ratio: number; readonly minPerSecond: number };
}

export interface TimeoutConfig {
  /** TCP + TLS connect to SAP AI Core. */
  readonly connectMs: number;
  /** Streamed requests: from sending the request to the first meaningful stream event. */
  readonly firstByteMs: number;
  /** Streams: longest silence between two upstream chunks after that. */
  readonly idleMs: number;
  /** Non-streamed requests: from sending the request to the whole answer. */
  readonly responseMs: number;
}

export const DEFAULT_MODEL_ROUTING: ModelRouting = {
  strategy: "round-robin",
  weights: {},
  affinity: "none",
  busyThreshold: 8,
};

export const DEFAULT_ROUTING: RoutingConfig = {
  default: DEFAULT_MODEL_ROUTING,
  models: {},
  cooldown: { baseMs: 1_000, maxMs: 300_000 },
  circuit: { failures: 5, openMs: 30_000 },
  retryBudget: { ratio: 0.2, minPerSecond: 1 },
};

export const DEFAULT_TIMEOUTS: TimeoutConfig = {
  connectMs: 10_000,
  firstByteMs: 120_000,
  idleMs: 300_000,
  responseMs: 600_000,
};

/** The options that apply to `model`. */
export function modelRouting(config: RoutingConfig, model: string): ModelRouting {
  const own = config.models[model];
  return own ? { ...config.default, ...own } : config.default;
}

/** The weight of a deployment under `weights`. */
export function weightOf(
  weights: Readonly<Record<string, number>>,
  subAccount: string,
  deploymentId: string,
): number {
  return weights[`${subAccount}/${deploymentId}`] ?? weights[subAccount] ?? 1;
}
