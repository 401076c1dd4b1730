/**
 * `sap-ai-proxy --demo` / `npm run demo`: the gateway on the built-in SAP AI Core simulator with
 * sample deployments of every family, configured through a generated config.json, and a
 * ready-to-paste curl.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../config/load.js";
import { createLogger } from "../observability/logger.js";
import { startSimulator } from "../simulator/index.js";
import { boundPort, startServing, stopOnSignals } from "./serve-command.js";

export const DEMO_KEY = "sk-demo-local";

export async function runDemo(options: { port?: number; debug?: boolean }): Promise<void> {
  const simulator = await startSimulator({ behaviour: { streamIntervalMs: 15 } });
  // Holds the simulator's service keys: removed when the demo stops.
  const directory = mkdtempSync(join(tmpdir(), "sap-ai-proxy-demo-"));
  const removeDirectory = () => rmSync(directory, { recursive: true, force: true });
  process.once("exit", removeDirectory);
  const subAccounts = Object.fromEntries(
    simulator.tenants.map((tenant) => {
      writeFileSync(
        join(directory, `${tenant.name}.json`),
        JSON.stringify(simulator.serviceKey(tenant.name), null, 2),
      );
      return [
        tenant.name,
        {
          resource_group: tenant.deployments[0]?.resourceGroup ?? "default",
          service_key_json: `${tenant.name}.json`,
        },
      ];
    }),
  );
  const configFile = join(directory, "config.json");
  writeFileSync(
    configFile,
    JSON.stringify(
      {
        subAccounts,
        secret_authentication_tokens: [DEMO_KEY],
        host: "127.0.0.1",
        port: options.port ?? 3001,
        cache_dir: "cache",
      },
      null,
      2,
    ),
  );
  const config = loadConfig({ configPath: configFile, env: {}, ...(options.debug ? { debug: true } : {}) });
  const logger = createLogger({ debug: config.debug });
  const gateway = await startServing(config, logger);
  const base = `http://127.0.0.1:${boundPort(gateway)}`;
  logger.flush();
  console.log(`
SAP AI Core simulator: ${simulator.url} (config: ${configFile})
Gateway:               ${base}/v1
API key:               ${DEMO_KEY}
Models:                ${gateway.context.registry.names().join(", ")}

Try it:
curl ${base}/v1/chat/completions \\
  -H "Authorization: Bearer ${DEMO_KEY}" -H "Content-Type: application/json" \\
  -d '{"model": "gpt-4o", "messages": [{"role": "user", "content": "Hello from the demo!"}]}'

OpenAI SDKs and tools: OPENAI_BASE_URL=${base}/v1 OPENAI_API_KEY=${DEMO_KEY}
`);
  stopOnSignals(async () => {
    try {
      await gateway.close();
      await simulator.close();
    } finally {
      removeDirectory();
    }
  });
}
