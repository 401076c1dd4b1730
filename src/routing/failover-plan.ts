/**
 * The order in which one request tries a model's deployments: the available ones (not cooling
 * down, circuit not open, no half-open probe out) in the model's strategy order, the session's
 * preferred deployment first unless it is busy; when none is available, only the one that
 * becomes available first. Says why each deployment was skipped.
 */
import type { Availability } from "./deployment-health.js";
import type { Candidate } from "./model-registry.js";
import type { ModelRouting } from "./routing-config.js";
import type { RoutingState } from "./routing-state.js";
import { candidateKey } from "./strategies.js";

export interface Skipped {
  candidate: Candidate;
  reason: Exclude<Availability, { available: true }>["reason"] | "busy";
  /** Epoch ms the deployment becomes available again (not for `busy`). */
  until?: number;
}

export interface AttemptPlan {
  order: Candidate[];
  skipped: Skipped[];
  /** Every deployment was unavailable: `order` holds the one available soonest. */
  forced: boolean;
  /** The affinity table key, when the request has one and the model uses affinity. */
  pinKey?: string;
  /** The preferred deployment was busy: keep the pin though another one serves. */
  keepPin: boolean;
}

export function planAttempts(
  state: RoutingState,
  model: string,
  candidates: readonly Candidate[],
  options: ModelRouting,
  affinityKey: string | undefined,
  nowMs: number,
): AttemptPlan {
  const skipped: Skipped[] = [];
  const available: Candidate[] = [];
  for (const candidate of candidates) {
    const availability = state.healthOf(candidate).availability(nowMs);
    if (availability.available) available.push(candidate);
    else skipped.push({ candidate, reason: availability.reason, until: availability.until });
  }
  if (available.length === 0) {
    const soonest = [...candidates].sort(
      (a, b) => state.healthOf(a).availableAt(nowMs) - state.healthOf(b).availableAt(nowMs),
    )[0];
    return { order: soonest ? [soonest] : [], skipped, forced: true, keepPin: false };
  }
  const inFlight = (candidate: Candidate) => state.healthOf(candidate).inFlight;
  let order = state.balancer.order(model, available, options, inFlight);
  if (options.affinity !== "session" || affinityKey === undefined) {
    return { order, skipped, forced: false, keepPin: false };
  }
  const pinKey = `${model}\u0000${affinityKey}`;
  const pinned = state.affinity.get(pinKey, nowMs);
  const preferred = available.find((candidate) => candidateKey(candidate) === pinned);
  if (!preferred) return { order, skipped, forced: false, pinKey, keepPin: false };
  const load = inFlight(preferred);
  const busy =
    load >= options.busyThreshold &&
    available.some((candidate) => candidate !== preferred && inFlight(candidate) < load);
  order = order.filter((candidate) => candidate !== preferred);
  if (busy) {
    skipped.push({ candidate: preferred, reason: "busy" });
    return { order: [...order, preferred], skipped, forced: false, pinKey, keepPin: true };
  }
  return { order: [preferred, ...order], skipped, forced: false, pinKey, keepPin: false };
}
