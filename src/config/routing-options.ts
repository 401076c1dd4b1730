/**
 * config.json's `routing` and `timeouts` (routing-schema.ts) -> the router's settings
 * (routing/routing-config.ts), defaults filled in. Weight keys must name a configured
 * subaccount, so that a typo does not silently weigh nothing.
 */
import {
  DEFAULT_ROUTING,
  DEFAULT_TIMEOUTS,
  type ModelRouting,
  type RoutingConfig,
  type TimeoutConfig,
} from "../routing/routing-config.js";
import { ConfigError } from "./config-error.js";
import type { RoutingFile, TimeoutsFile } from "./routing-schema.js";

type ModelRoutingFile = NonNullable<RoutingFile["default"]>;

function modelOptions(file: ModelRoutingFile): Partial<ModelRouting> {
  return {
    ...(file.strategy !== undefined ? { strategy: file.strategy } : {}),
    ...(file.weights !== undefined ? { weights: file.weights } : {}),
    ...(file.affinity !== undefined ? { affinity: file.affinity } : {}),
    ...(file.busy_threshold !== undefined ? { busyThreshold: file.busy_threshold } : {}),
  };
}

function checkWeights(
  source: string,
  field: string,
  weights: Record<string, number> | undefined,
  subAccounts: readonly string[],
): void {
  for (const key of Object.keys(weights ?? {})) {
    const account = subAccounts.find((name) => key === name || key.startsWith(`${name}/`));
    if (!account) {
      throw new ConfigError(
        `${source}: ${field}.weights.${key}: names no subaccount (expected "<subaccount>" or "<subaccount>/<deploymentId>"; subaccounts: ${subAccounts.join(", ")})`,
      );
    }
  }
}

export function routingFromFile(
  source: string,
  file: RoutingFile | undefined,
  subAccounts: readonly string[],
): RoutingConfig {
  if (!file) return DEFAULT_ROUTING;
  checkWeights(source, "routing.default", file.default?.weights, subAccounts);
  for (const [model, options] of Object.entries(file.models ?? {}))
    checkWeights(source, `routing.models.${model}`, options.weights, subAccounts);
  const defaults = DEFAULT_ROUTING;
  return {
    default: { ...defaults.default, ...modelOptions(file.default ?? {}) },
    models: Object.fromEntries(
      Object.entries(file.models ?? {}).map(([model, options]) => [model, modelOptions(options)]),
    ),
    cooldown: {
      baseMs: file.cooldown?.base_ms ?? defaults.cooldown.baseMs,
      maxMs: file.cooldown?.max_ms ?? defaults.cooldown.maxMs,
    },
    circuit: {
      failures: file.circuit?.failures ?? defaults.circuit.failures,
      openMs: file.circuit?.open_ms ?? defaults.circuit.openMs,
    },
    retryBudget: {
      ratio: file.retry_budget?.ratio ?? defaults.retryBudget.ratio,
      minPerSecond: file.retry_budget?.min_per_second ?? defaults.retryBudget.minPerSecond,
    },
  };
}

export function timeoutsFromFile(file: TimeoutsFile | undefined): TimeoutConfig {
  return {
    connectMs: file?.connect_ms ?? DEFAULT_TIMEOUTS.connectMs,
    firstByteMs: file?.first_byte_ms ?? DEFAULT_TIMEOUTS.firstByteMs,
    idleMs: file?.idle_ms ?? DEFAULT_TIMEOUTS.idleMs,
    responseMs: file?.response_ms ?? DEFAULT_TIMEOUTS.responseMs,
  };
}
