/**
 * Balancing strategies: each orders the deployments that are available now, the first one to
 * try first and the others as failover order.
 * - `round-robin` (the seed's): rotates the starting point per model, one step per request.
 * - `weighted`: smooth weighted round robin (as nginx does): over any run of requests each
 *   deployment leads in proportion to its weight, evenly interleaved; weight 0 deployments come
 *   last, as a fallback only. The others follow by weight.
 * - `least-in-flight`: fewest requests in flight first; ties rotate like round robin.
 * State (counters, current weights) lives in the instance, per model.
 */
import type { Candidate } from "./model-registry.js";
import { weightOf, type ModelRouting } from "./routing-config.js";

export function candidateKey(candidate: Pick<Candidate, "subAccount" | "deploymentId">): string {
  return `${candidate.subAccount}/${candidate.deploymentId}`;
}

export class Balancer {
  private readonly counters = new Map<string, number>();
  private readonly currentWeights = new Map<string, Map<string, number>>();

  /** Orders `available` (non-empty or empty) for one request of `model`. */
  order(
    model: string,
    available: readonly Candidate[],
    options: ModelRouting,
    inFlight: (candidate: Candidate) => number,
  ): Candidate[] {
    if (available.length <= 1) return [...available];
    switch (options.strategy) {
      case "weighted":
        return this.weighted(model, available, options.weights);
      case "least-in-flight": {
        const rotated = this.rotate(model, available);
        return rotated
          .map((candidate, position) => ({ candidate, position, load: inFlight(candidate) }))
          .sort((a, b) => a.load - b.load || a.position - b.position)
          .map((entry) => entry.candidate);
      }
      case "round-robin":
        return this.rotate(model, available);
    }
  }

  private rotate(model: string, candidates: readonly Candidate[]): Candidate[] {
    const next = this.counters.get(model) ?? 0;
    this.counters.set(model, next + 1);
    const start = next % candidates.length;
    return [...candidates.slice(start), ...candidates.slice(0, start)];
  }

  private weighted(
    model: string,
    candidates: readonly Candidate[],
    weights: Readonly<Record<string, number>>,
  ): Candidate[] {
    const weighed = candidates.map((candidate) => ({
      candidate,
      key: candidateKey(candidate),
      weight: Math.max(0, weightOf(weights, candidate.subAccount, candidate.deploymentId)),
    }));
    const positive = weighed.filter((entry) => entry.weight > 0);
    const fallbacks = weighed.filter((entry) => entry.weight === 0).map((entry) => entry.candidate);
    if (positive.length === 0) return this.rotate(model, fallbacks);
    let current = this.currentWeights.get(model);
    if (!current) this.currentWeights.set(model, (current = new Map<string, number>()));
    const total = positive.reduce((sum, entry) => sum + entry.weight, 0);
    let best = positive[0]!;
    let bestCurrent = Number.NEGATIVE_INFINITY;
    for (const entry of positive) {
      const value = (current.get(entry.key) ?? 0) + entry.weight;
      current.set(entry.key, value);
      if (value > bestCurrent) {
        best = entry;
        bestCurrent = value;
      }
    }
    current.set(best.key, bestCurrent - total);
    const rest = positive
      .filter((entry) => entry !== best)
      .sort((a, b) => b.weight - a.weight)
      .map((entry) => entry.candidate);
    return [best.candidate, ...rest, ...fallbacks];
  }

  reset(): void {
    this.counters.clear();
    this.currentWeights.clear();
  }
}
