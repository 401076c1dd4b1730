// Shared pieces of the routing integration tests: a landscape where two tenants serve the same
// GPT, Claude, Gemini and embedding models, a gateway on it with routing options, a clock the
// test can move, and what reached the simulator's deployments.
import { createLogger } from "../../src/observability/logger.js";
import type { TenantSpec } from "../../src/simulator/landscape.js";
import { startTestGateway, type TestGateway } from "../helpers/gateway.js";

export const GPT = "gpt-4o";
export const CLAUDE = "anthropic--claude-4.5-sonnet";
export const GEMINI = "gemini-2.5-flash";
export const EMBEDDING = "text-embedding-3-small";

const MODELS = [GPT, CLAUDE, GEMINI, EMBEDDING];

/** Two tenants (`tenant-a`, `tenant-b`), each with one deployment of every test model. */
export function twinTenants(names: string[] = ["tenant-a", "tenant-b"]): TenantSpec[] {
  return names.map((name) => ({ name, deployments: MODELS.map((model) => ({ model })) }));
}

/** A clock the test moves forward (cooldowns, circuit waits) on top of real time. */
export class ShiftedClock {
  offsetMs = 0;
  readonly now = (): number => Date.now() + this.offsetMs;
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export interface RoutingSetup extends TestGateway {
  clock: ShiftedClock;
  /** JSON log lines the gateway wrote. */
  logLines: () => Record<string, unknown>[];
  /** Forget faults, the request log and the router's state. */
  reset(): void;
}

export async function startRoutingGateway(
  options: { extra?: Record<string, unknown>; tenants?: TenantSpec[]; streamIntervalMs?: number } = {},
): Promise<RoutingSetup> {
  const clock = new ShiftedClock();
  const lines: string[] = [];
  const setup = await startTestGateway({
    simulator: {
      tenants: options.tenants ?? twinTenants(),
      // paced, so that the events before a `drop` fault leave the simulator before the connection dies
      behaviour: { streamIntervalMs: options.streamIntervalMs ?? 5 },
    },
    extra: options.extra ?? {},
    clock: clock.now,
    logger: createLogger({ debug: true, destination: { write: (line: string) => void lines.push(line) } }),
  });
  return {
    ...setup,
    clock,
    logLines: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
    reset: () => {
      setup.simulator.faults.clear();
      setup.simulator.requestLog.clear();
      setup.gateway.context.routing.reset();
      clock.offsetMs = 0;
      lines.length = 0;
    },
  };
}

export interface Attempt {
  tenant: string | null;
  path: string;
  status: number | null;
  fault: string | null;
}

/** The inference requests that reached the simulator, oldest first. */
export function attempts(setup: TestGateway): Attempt[] {
  return setup.simulator.requestLog
    .all()
    .filter((entry) => entry.path.includes("/inference/"))
    .map((entry) => ({ tenant: entry.tenant, path: entry.path, status: entry.status, fault: entry.fault }));
}

export function tenantsOf(setup: TestGateway): (string | null)[] {
  return attempts(setup).map((attempt) => attempt.tenant);
}

/** The deployment view of `tenant`'s deployment of `model`. */
export function viewOf(setup: TestGateway, tenant: string, model: string) {
  const views = setup.gateway.context.routing.snapshot(setup.gateway.context.registry);
  const view = views.find((entry) => entry.subAccount === tenant && entry.sapModel === model);
  if (!view) throw new Error(`no deployment of ${model} in ${tenant}`);
  return view;
}
