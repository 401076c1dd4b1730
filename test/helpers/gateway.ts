/**
 * Test helper: a simulator plus a gateway configured against it through a real config.json in a
 * temporary directory, listening on a free port.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { loadConfig } from "../../src/config/load.js";
import { silentLogger, type Logger } from "../../src/observability/logger.js";
import { buildGateway, type Gateway } from "../../src/server/start-gateway.js";
import { startSimulator, type Simulator, type SimulatorOptions } from "../../src/simulator/index.js";

export interface TestGateway {
  simulator: Simulator;
  gateway: Gateway;
  /** `http://127.0.0.1:<port>` */
  url: string;
  directory: string;
  close(): Promise<void>;
}

export type SubAccountsFor = (simulator: Simulator, directory: string) => Record<string, unknown>;

/** Writes each tenant's service key and returns a subAccounts block that auto-discovers everything. */
export const allTenants: SubAccountsFor = (simulator, directory) =>
  Object.fromEntries(
    simulator.tenants.map((tenant) => {
      writeFileSync(
        join(directory, `${tenant.name}.json`),
        JSON.stringify(simulator.serviceKey(tenant.name)),
      );
      const group = tenant.deployments[0]?.resourceGroup ?? "default";
      return [tenant.name, { resource_group: group, service_key_json: `${tenant.name}.json` }];
    }),
  );

export async function startTestGateway(
  options: {
    subAccounts?: SubAccountsFor;
    extra?: Record<string, unknown>;
    simulator?: SimulatorOptions;
    logger?: Logger;
    keys?: string[];
    /** The gateway's clock (routing cooldowns, token expiry). */
    clock?: () => number;
  } = {},
): Promise<TestGateway> {
  const simulator = await startSimulator(options.simulator);
  const directory = mkdtempSync(join(tmpdir(), "gateway-test-"));
  const config = {
    subAccounts: (options.subAccounts ?? allTenants)(simulator, directory),
    secret_authentication_tokens: options.keys ?? ["test-key"],
    cache_dir: "cache",
    ...options.extra,
  };
  writeFileSync(join(directory, "config.json"), JSON.stringify(config, null, 2));
  const gateway = await buildGateway({
    config: loadConfig({ configPath: join(directory, "config.json"), env: {} }),
    logger: options.logger ?? silentLogger(),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  await gateway.app.listen({ host: "127.0.0.1", port: 0 });
  const { port } = gateway.app.server.address() as AddressInfo;
  return {
    simulator,
    gateway,
    url: `http://127.0.0.1:${port}`,
    directory,
    close: async () => {
      await gateway.close();
      await simulator.close();
    },
  };
}
