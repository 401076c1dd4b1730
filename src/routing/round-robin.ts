/**
 * Round-robin choice among a model's candidates (the seed's balancing). State lives in the
 * instance, one counter per model name.
 */
import type { Candidate } from "./model-registry.js";

export class RoundRobin {
  private readonly counters = new Map<string, number>();

  pick(model: string, candidates: readonly Candidate[]): Candidate | undefined {
    if (candidates.length === 0) return undefined;
    const next = this.counters.get(model) ?? 0;
    this.counters.set(model, (next + 1) % candidates.length);
    return candidates[next % candidates.length];
  }
}
