/**
 * The router's state, one object per app (architecture principle 5: no module-level state):
 * each deployment's health, the strategies' counters, the session-affinity table and the retry
 * budget, all on an injected clock. `snapshot()` is the readiness view of every deployment.
 */
import { AffinityTable } from "./affinity.js";
import type { CircuitState } from "./circuit-breaker.js";
import { DeploymentHealth } from "./deployment-health.js";
import type { Candidate, ModelRegistry } from "./model-registry.js";
import { RetryBudget } from "./retry-budget.js";
import { DEFAULT_ROUTING, type RoutingConfig } from "./routing-config.js";
import { Balancer, candidateKey } from "./strategies.js";

/** How long an affinity pin lives without use, and how many pins are kept. */
const AFFINITY_TTL_MS = 60 * 60 * 1000;
const AFFINITY_LIMIT = 10_000;

export type DeploymentStatus = "ready" | "cooling-down" | "circuit-open" | "half-open";

/** One deployment in the readiness view. Times are ISO strings. */
export interface DeploymentView {
  subAccount: string;
  deploymentId: string;
  resourceGroup: string;
  family: string;
  sapModel: string | null;
  /** Public model names it serves. */
  models: string[];
  status: DeploymentStatus;
  circuit: CircuitState;
  /** When it may be tried again, while it is cooling down or its circuit is open. */
  availableAt: string | null;
  inFlight: number;
  consecutiveFailures: number;
  served: number;
  failed: number;
  lastSuccess: string | null;
  recentErrors: { time: string; status: number; message: string }[];
}

export class RoutingState {
  readonly balancer = new Balancer();
  readonly affinity = new AffinityTable({ ttlMs: AFFINITY_TTL_MS, limit: AFFINITY_LIMIT });
  readonly budget: RetryBudget;
  private readonly health = new Map<string, DeploymentHealth>();

  constructor(
    readonly config: RoutingConfig = DEFAULT_ROUTING,
    readonly clock: () => number = Date.now,
  ) {
    this.budget = new RetryBudget(config.retryBudget);
  }

  healthOf(candidate: Pick<Candidate, "subAccount" | "deploymentId">): DeploymentHealth {
    const key = candidateKey(candidate);
    let health = this.health.get(key);
    if (!health) {
      health = new DeploymentHealth({ cooldown: this.config.cooldown, circuit: this.config.circuit });
      this.health.set(key, health);
    }
    return health;
  }

  /** Every deployment of the registry, with what the router knows about it. */
  snapshot(registry: ModelRegistry): DeploymentView[] {
    const now = this.clock();
    const views = new Map<string, DeploymentView>();
    for (const model of registry.names()) {
      for (const candidate of registry.candidates(model)) {
        const key = candidateKey(candidate);
        const known = views.get(key);
        if (known) {
          known.models.push(model);
          continue;
        }
        views.set(key, this.view(candidate, model, now));
      }
    }
    return [...views.values()];
  }

  /** Forgets everything (tests; an operator's reset). */
  reset(): void {
    this.health.clear();
    this.balancer.reset();
    this.affinity.clear();
    this.budget.reset();
  }

  private view(candidate: Candidate, model: string, now: number): DeploymentView {
    const health = this.healthOf(candidate);
    const availability = health.availability(now);
    const circuit = health.circuit(now);
    const status: DeploymentStatus = availability.available
      ? circuit === "half-open"
        ? "half-open"
        : "ready"
      : availability.reason === "cooling-down"
        ? "cooling-down"
        : availability.reason === "circuit-open"
          ? "circuit-open"
          : "half-open";
    const iso = (time: number | undefined) => (time === undefined ? null : new Date(time).toISOString());
    return {
      subAccount: candidate.subAccount,
      deploymentId: candidate.deploymentId,
      resourceGroup: candidate.resourceGroup,
      family: candidate.family,
      sapModel: candidate.sapModel,
      models: [model],
      status,
      circuit,
      availableAt: availability.available ? null : iso(health.availableAt(now)),
      inFlight: health.inFlight,
      consecutiveFailures: health.consecutiveFailures,
      served: health.served,
      failed: health.failed,
      lastSuccess: iso(health.lastSuccess),
      recentErrors: health
        .recentErrors()
        .map((error) => ({ ...error, time: new Date(error.time).toISOString() })),
    };
  }
}
