/**
 * `sap-ai-proxy simulate`: serves the sample SAP AI Core landscape (two tenants, every model
 * family), writes one service-key file per tenant, and prints the deployments it serves. With
 * `--x509` the keys are x509 keys (token over mutual TLS) and the simulator's CA certificate is
 * written next to them.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { startSimulator, type Simulator } from "../simulator/index.js";

export interface SimulateOptions {
  port: number;
  host: string;
  keysDir: string;
  intervalMs: number;
  tokenLifetime: number;
  quiet: boolean;
  x509: boolean;
  x509Port: number;
}

/** File name of the simulator's CA certificate in the keys directory (x509 mode). */
export const CA_FILE_NAME = "simulator-ca.pem";

function parseInteger(name: string) {
  return (value: string): number => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < 0)
      throw new Error(`${name} must be a non-negative integer, got "${value}"`);
    return number;
  };
}

/**
 * Writes `<tenant>.json` per tenant: secret keys, or x509 keys when `x509` is set (the simulator
 * must run in x509 mode), in which case the CA certificate goes to `simulator-ca.pem` as well.
 */
export function writeServiceKeys(simulator: Simulator, keysDir: string, x509 = false): string[] {
  const directory = resolve(keysDir);
  mkdirSync(directory, { recursive: true });
  const files = simulator.tenants.map((tenant) => {
    const file = resolve(directory, `${tenant.name}.json`);
    const key = x509 ? simulator.serviceKey(tenant.name, { x509: true }) : simulator.serviceKey(tenant.name);
    writeFileSync(file, `${JSON.stringify(key, null, 2)}\n`, { mode: 0o600 });
    return file;
  });
  if (x509 && simulator.caCertificate) {
    const caFile = resolve(directory, CA_FILE_NAME);
    writeFileSync(caFile, simulator.caCertificate);
    files.push(caFile);
  }
  return files;
}

export function describeDeployments(simulator: Simulator): string {
  const rows = simulator.tenants.flatMap((tenant) =>
    tenant.deployments.map((deployment) => [
      tenant.name,
      deployment.resourceGroup,
      deployment.id,
      deployment.model.name,
      deployment.executableId,
      deployment.status,
    ]),
  );
  const header = ["TENANT", "RESOURCE GROUP", "DEPLOYMENT ID", "MODEL", "EXECUTABLE", "STATUS"];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/** Shell commands that fetch a token and list deployments of the first tenant (no jq needed). */
export function curlExample(simulator: Simulator): string {
  const tenant = simulator.tenants[0];
  if (!tenant) return "";
  const key = simulator.serviceKey(tenant.name);
  return [
    `TOKEN=$(curl -s -u '${key.clientid}:${key.clientsecret}' -d grant_type=client_credentials \\`,
    `  "${key.url}/oauth/token" | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')`,
    `curl -s "${key.serviceurls.AI_API_URL}/v2/lm/deployments" \\`,
    `  -H "Authorization: Bearer $TOKEN" -H "AI-Resource-Group: default"`,
  ].join("\n");
}

export async function runSimulate(options: SimulateOptions): Promise<Simulator> {
  const simulator = await startSimulator({
    host: options.host,
    port: options.port,
    behaviour: { streamIntervalMs: options.intervalMs, tokenLifetimeSeconds: options.tokenLifetime },
    ...(options.quiet ? {} : { onRequestLine: (line: string) => console.log(line) }),
    ...(options.x509 ? { x509: true, x509Port: options.x509Port } : {}),
  });
  const files = writeServiceKeys(simulator, options.keysDir, options.x509);
  console.log(`SAP AI Core simulator listening on ${simulator.url}`);
  if (simulator.x509Url) console.log(`x509 (mTLS) token endpoint on ${simulator.x509Url}`);
  console.log(`\n${describeDeployments(simulator)}`);
  console.log(`\nService keys:\n${files.map((file) => `  ${file}`).join("\n")}`);
  if (options.x509) {
    const caFile = resolve(options.keysDir, CA_FILE_NAME);
    console.log(
      `\nThe keys are x509 keys. Clients must trust the simulator's CA for the token endpoint, e.g.:\n` +
        `  NODE_EXTRA_CA_CERTS=${caFile} sap-ai-proxy -c <config.json>`,
    );
  }
  console.log(`\nTry it:\n${curlExample(simulator)}\n`);
  return simulator;
}

export function registerSimulateCommand(program: Command): void {
  program
    .command("simulate")
    .description("run a simulated SAP AI Core (two tenants, every model family) for tests and demos")
    .option("-p, --port <port>", "port to listen on", parseInteger("--port"), 4010)
    .option("--host <host>", "interface to bind", "127.0.0.1")
    .option("-k, --keys-dir <dir>", "where to write one service-key JSON file per tenant", "./sim-keys")
    .option("--interval-ms <ms>", "pause between streamed events", parseInteger("--interval-ms"), 15)
    .option(
      "--token-lifetime <seconds>",
      "lifetime of issued access tokens",
      parseInteger("--token-lifetime"),
      43_199,
    )
    .option("-q, --quiet", "do not print a line per request", false)
    .option(
      "--x509",
      "write x509 service keys (token over mutual TLS) and the simulator's CA certificate instead of secret keys",
      false,
    )
    .option(
      "--x509-port <port>",
      "port of the x509 (mTLS) token endpoint; a free one by default",
      parseInteger("--x509-port"),
      0,
    )
    .action(async (options: SimulateOptions) => {
      const simulator = await runSimulate(options);
      const stop = () => {
        void simulator.close().then(() => process.exit(0));
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
}
