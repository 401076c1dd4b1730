/**
 * `startSimulator(options)`: runs a simulated SAP AI Core on a local port and returns a handle
 * with its URLs, service keys and the hooks tests use (faults, request log, token expiry). With
 * `x509: true` it also serves the x509 (mTLS) token endpoint on a second, HTTPS port.
 */
import type { FastifyInstance } from "fastify";
import type { AddressInfo } from "node:net";
import type { SimulatorBehaviour } from "./behaviour.js";
import type { FaultInjector } from "./faults.js";
import { buildCertificateApp, buildSimulatorApp } from "./http/app.js";
import { describeLandscape, type X509Endpoint } from "./http/control-routes.js";
import type { SimTenant, TenantSpec } from "./landscape.js";
import type { RequestLog } from "./request-log.js";
import { serviceKeyFor, x509ServiceKeyFor, type ServiceKey, type X509ServiceKey } from "./service-key.js";
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
  /**
   * x509 mode: generate a CA, a server certificate and one client certificate per tenant, and
   * serve the x509 token endpoint (`certurl`) over mutual TLS on a second port. Off by default.
   */
  x509?: boolean;
  /** Port of the x509 token endpoint; a free one by default. */
  x509Port?: number;
}

export interface Simulator {
  /** `http://host:port`, without trailing slash. */
  readonly url: string;
  readonly tenants: readonly SimTenant[];
  readonly behaviour: SimulatorBehaviour;
  readonly faults: FaultInjector;
  readonly requestLog: RequestLog;
  /** `https://host:port` of the x509 token endpoint; undefined unless in x509 mode. */
  readonly x509Url: string | undefined;
  /** PEM certificate of the CA that signed the x509 endpoint's and the clients' certificates. */
  readonly caCertificate: string | undefined;
  /** The tenant's secret service key (`clientid` + `clientsecret`). */
  serviceKey(tenant: string, options?: { x509?: false }): ServiceKey;
  /** The tenant's x509 service key (`certificate` + `key`, `certurl`); needs x509 mode. */
  serviceKey(tenant: string, options: { x509: true }): X509ServiceKey;
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
  const host = options.host ?? "127.0.0.1";
  const onRequestLine = options.onRequestLine ? { onRequestLine: options.onRequestLine } : {};
  let baseUrl = "";
  let x509Url = "";
  const x509: X509Endpoint | undefined = options.x509
    ? {
        // Loaded on demand: only x509 mode needs the certificate library.
        pki: await (await import("./pki.js")).createSimulatorPki([...state.tenants.values()], host),
        url: () => x509Url,
      }
    : undefined;
  const app = buildSimulatorApp(state, () => baseUrl, { ...onRequestLine, ...(x509 ? { x509 } : {}) });
  const apps: FastifyInstance[] = [app];
  try {
    await app.listen({ host, port: options.port ?? 0 });
    baseUrl = `http://${urlHost(app)}`;
    if (x509) {
      const certificateApp = buildCertificateApp(state, () => baseUrl, x509.pki, onRequestLine);
      apps.push(certificateApp);
      await certificateApp.listen({ host, port: options.x509Port ?? 0 });
      x509Url = `https://${urlHost(certificateApp)}`;
    }
  } catch (error) {
    await Promise.all(apps.map((started) => started.close()));
    throw error;
  }

  const tenantNamed = (name: string): SimTenant => {
    const tenant = state.tenants.get(name);
    if (!tenant) throw new Error(`Unknown tenant "${name}"`);
    return tenant;
  };
  function serviceKey(name: string, keyOptions?: { x509?: false }): ServiceKey;
  function serviceKey(name: string, keyOptions: { x509: true }): X509ServiceKey;
  function serviceKey(name: string, keyOptions?: { x509?: boolean }): ServiceKey | X509ServiceKey {
    const tenant = tenantNamed(name);
    if (!keyOptions?.x509) return serviceKeyFor(baseUrl, tenant);
    const client = x509?.pki.clients.get(tenant.name);
    if (!client) throw new Error("x509 service keys need a simulator started with { x509: true }");
    return x509ServiceKeyFor(baseUrl, x509Url, tenant, client);
  }
  return {
    url: baseUrl,
    x509Url: x509 ? x509Url : undefined,
    caCertificate: x509?.pki.caCertificate,
    tenants: [...state.tenants.values()],
    behaviour: state.behaviour,
    faults: state.faults,
    requestLog: state.requestLog,
    serviceKey,
    expireTokens: (name) => state.tokens.expireAll(tenantNamed(name).name),
    landscape: () => describeLandscape(state, baseUrl, x509),
    close: async () => {
      await Promise.all(apps.map((started) => started.close()));
    },
  };
}

/** `host:port` of a listening app, with a wildcard address replaced by 127.0.0.1. */
function urlHost(app: FastifyInstance): string {
  const address = app.server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return `${host === "0.0.0.0" || host === "[::]" ? "127.0.0.1" : host}:${address.port}`;
}
