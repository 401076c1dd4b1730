/**
 * `startSimulator(options)`: runs a simulated SAP AI Core on a local port and returns a handle
 * with its URLs, service keys and the hooks tests use (faults, request log, token expiry).
 */
import type { AddressInfo } from "node:net";
import type { SimulatorBehaviour } from "./behaviour.js";
import type { FaultInjector } from "./faults.js";
import { buildSimulatorApp } from "./http/app.js";
import { describeLandscape } from "./http/control-routes.js";
import type { SimTenant, TenantSpec } from "./landscape.js";
import type { RequestLog } from "./request-log.js";
import { serviceKeyFor, type ServiceKey } from "./service-key.js";
import { SimulatorState } from "./state.js";

export interface SimulatorOptions {
  /** Tenants to serve; the sample landscape (two tenants, every family) by default. */
  tenants?: TenantSpec[];
  behaviour?: Partial<SimulatorBehaviour>;
  /** Interface to bind; 127.0.0.1 by default. */
  host?: string;
  /** Port to bind; a free one by default. */
  port?: number;
  /** Clock in epoch milliseconds. */
  now?: () => number;
  /** Receives one line per finished request. */
  onRequestLine?: (line: string) => void;
}

export interface Simulator {
  /** `http://host:port`, without trailing slash. */
  readonly url: string;
  readonly tenants: readonly SimTenant[];
  readonly behaviour: SimulatorBehaviour;
  readonly faults: FaultInjector;
  readonly requestLog: RequestLog;
  serviceKey(tenant: string): ServiceKey;
  /** Every token issued so far to the tenant counts as expired from now on. */
  expireTokens(tenant: string): void;
  landscape(): ReturnType<typeof describeLandscape>;
  close(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const state = new SimulatorState({
    ...(options.tenants ? { tenants: options.tenants } : {}),
    ...(options.behaviour ? { behaviour: options.behaviour } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  let baseUrl = "";
  const app = buildSimulatorApp(
    state,
    () => baseUrl,
    options.onRequestLine ? { onRequestLine: options.onRequestLine } : {},
  );
  await app.listen({ host: options.host ?? "127.0.0.1", port: options.port ?? 0 });
  const address = app.server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  baseUrl = `http://${host === "0.0.0.0" || host === "[::]" ? "127.0.0.1" : host}:${address.port}`;

  const tenantNamed = (name: string): SimTenant => {
    const tenant = state.tenants.get(name);
    if (!tenant) throw new Error(`Unknown tenant "${name}"`);
    return tenant;
  };
  return {
    url: baseUrl,
    tenants: [...state.tenants.values()],
    behaviour: state.behaviour,
    faults: state.faults,
    requestLog: state.requestLog,
    serviceKey: (name) => serviceKeyFor(baseUrl, tenantNamed(name)),
    expireTokens: (name) => state.tokens.expireAll(tenantNamed(name).name),
    landscape: () => describeLandscape(state, baseUrl),
    close: () => app.close(),
  };
}
