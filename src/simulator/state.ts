/**
 * Everything one simulator instance knows: tenants, issued-token checks, faults, the request log,
 * thinking signatures and the prompt cache. Created once per `startSimulator` call; nothing here is
 * module-level, so several simulators can run in one process.
 */
import { DEFAULT_BEHAVIOUR, type SimulatorBehaviour } from "./behaviour.js";
import { FaultInjector } from "./faults.js";
import {
  buildTenant,
  sampleLandscape,
  type SimDeployment,
  type SimTenant,
  type TenantSpec,
} from "./landscape.js";
import { PromptCache } from "./prompt-cache.js";
import { RequestLog } from "./request-log.js";
import { ThinkingSigner } from "./thinking-signer.js";
import { TokenIssuer } from "./tokens.js";

export interface SimulatorStateOptions {
  tenants?: TenantSpec[];
  behaviour?: Partial<SimulatorBehaviour>;
  /** Clock in epoch milliseconds (token expiry, cache TTLs); `Date.now` by default. */
  now?: () => number;
}

export class SimulatorState {
  readonly tenants: ReadonlyMap<string, SimTenant>;
  readonly behaviour: SimulatorBehaviour;
  readonly now: () => number;
  readonly tokens: TokenIssuer;
  readonly faults = new FaultInjector();
  readonly requestLog: RequestLog;
  readonly signer = new ThinkingSigner();
  readonly promptCache: PromptCache;

  constructor(options: SimulatorStateOptions = {}) {
    const specs = options.tenants ?? sampleLandscape();
    const tenants = new Map<string, SimTenant>();
    for (const spec of specs) {
      if (tenants.has(spec.name)) throw new Error(`Duplicate tenant name "${spec.name}"`);
      tenants.set(spec.name, buildTenant(spec));
    }
    this.tenants = tenants;
    this.behaviour = { ...DEFAULT_BEHAVIOUR, ...options.behaviour };
    this.now = options.now ?? Date.now;
    this.tokens = new TokenIssuer(this.now);
    this.requestLog = new RequestLog(this.behaviour.requestLogLimit);
    this.promptCache = new PromptCache(this.behaviour.promptCacheMinTokens);
  }

  tenantByZone(zoneId: string): SimTenant | undefined {
    for (const tenant of this.tenants.values()) if (tenant.zoneId === zoneId) return tenant;
    return undefined;
  }

  findDeployment(tenant: SimTenant, id: string): SimDeployment | undefined {
    return tenant.deployments.find((deployment) => deployment.id === id);
  }
}
