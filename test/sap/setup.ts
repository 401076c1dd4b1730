/**
 * Helpers for the SAP-side tests: a config.json in a temporary directory pointing at a running
 * simulator, a gateway built from it with an injectable clock, and a logger whose lines the
 * test can read.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { loadConfig } from "../../src/config/load.js";
import type { GatewayConfig } from "../../src/config/gateway-config.js";
import { silentLogger, type Logger } from "../../src/observability/logger.js";
import { buildGateway, type Gateway } from "../../src/server/start-gateway.js";
import type { Simulator } from "../../src/simulator/index.js";

export interface LogLine {
  level: number;
  msg: string;
  subAccount?: string;
  [key: string]: unknown;
}

export const WARN = 40;

/** A pino logger that keeps every line it writes. */
export function captureLogger(): {
  logger: Logger;
  lines: LogLine[];
  messages: (level?: number) => string[];
} {
  const lines: LogLine[] = [];
  const logger = pino(
    { level: "info" },
    {
      write(line: string) {
        lines.push(JSON.parse(line) as LogLine);
      },
    },
  );
  return {
    logger,
    lines,
    messages: (level) =>
      lines.filter((line) => level === undefined || line.level === level).map((line) => line.msg),
  };
}

/** A settable clock shared by the simulator and the gateway. */
export function manualClock(start = Date.parse("2026-03-02T08:00:00Z")): {
  now: () => number;
  set(ms: number): void;
  advance(ms: number): void;
} {
  let current = start;
  return {
    now: () => current,
    set: (ms) => {
      current = ms;
    },
    advance: (ms) => {
      current += ms;
    },
  };
}

export const HOUR = 60 * 60 * 1000;
export const DAY = 24 * HOUR;

export class ConfigDir {
  readonly path = mkdtempSync(join(tmpdir(), "sap-test-"));

  constructor(readonly simulator: Simulator) {}

  /** Writes `<tenant>.json` with the tenant's service key (optionally altered) and returns its name. */
  serviceKey(tenant: string, patch: Record<string, unknown> = {}): string {
    const file = `${tenant}${Object.keys(patch).length > 0 ? "-patched" : ""}.json`;
    writeFileSync(join(this.path, file), JSON.stringify({ ...this.simulator.serviceKey(tenant), ...patch }));
    return file;
  }

  /** A subAccounts entry for `tenant` in its first deployment's resource group. */
  account(tenant: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
    const group =
      this.simulator.tenants.find((candidate) => candidate.name === tenant)?.deployments[0]?.resourceGroup ??
      "default";
    return { resource_group: group, service_key_json: this.serviceKey(tenant), ...fields };
  }

  /** Writes config.json and loads it the way the CLI does. */
  config(subAccounts: Record<string, unknown>, extra: Record<string, unknown> = {}): GatewayConfig {
    const file = join(this.path, "config.json");
    writeFileSync(
      file,
      JSON.stringify({
        subAccounts,
        secret_authentication_tokens: ["test-key"],
        cache_dir: "cache",
        ...extra,
      }),
    );
    return loadConfig({ configPath: file, env: {} });
  }

  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}

/** Deployment id of `model` in `tenant` (the first one, whatever its status). */
export function deploymentId(simulator: Simulator, tenant: string, model: string): string {
  const deployment = simulator.tenants
    .find((candidate) => candidate.name === tenant)
    ?.deployments.find((candidate) => candidate.model.name === model);
  if (!deployment) throw new Error(`no deployment of ${model} in ${tenant}`);
  return deployment.id;
}

export function deploymentUrl(simulator: Simulator, tenant: string, model: string): string {
  return `${simulator.serviceKey(tenant).serviceurls.AI_API_URL}/v2/inference/deployments/${deploymentId(simulator, tenant, model)}`;
}

export interface RunningGateway {
  gateway: Gateway;
  url: string;
  close(): Promise<void>;
}

/** Builds a gateway from `config` and listens on a free port. */
export async function serve(
  config: GatewayConfig,
  options: { clock?: () => number; logger?: Logger; refreshCache?: boolean } = {},
): Promise<RunningGateway> {
  const gateway = await buildGateway({
    config,
    logger: options.logger ?? silentLogger(),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.refreshCache ? { refreshCache: true } : {}),
  });
  await gateway.app.listen({ host: "127.0.0.1", port: 0 });
  const { port } = gateway.app.server.address() as AddressInfo;
  return { gateway, url: `http://127.0.0.1:${port}`, close: () => gateway.close() };
}

/** Paths (below the tenant prefix) the simulator saw, in order, optionally for one tenant. */
export function pathsSeen(simulator: Simulator, tenant?: string): string[] {
  return simulator.requestLog.all(tenant === undefined ? {} : { tenant }).map((entry) => entry.path);
}
