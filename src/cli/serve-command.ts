/**
 * The default command: load the configuration, discover deployments, serve the gateway.
 */
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { ConfigError } from "../config/config-error.js";
import type { GatewayConfig } from "../config/gateway-config.js";
import { loadConfig } from "../config/load.js";
import { createLogger, type Logger } from "../observability/logger.js";
import { DiscoveryError } from "../sap/deployment-discovery.js";
import { buildGateway, type Gateway } from "../server/start-gateway.js";

export interface ServeOptions {
  config?: string;
  port?: number;
  debug?: boolean;
  refreshCache?: boolean;
  tlsCert?: string;
  tlsKey?: string;
  /** The original proxy's `--log-requests`: accepted so copied command lines work; no effect. */
  logRequests?: boolean;
}

/** The port the gateway actually listens on (with `-p 0` the system picks it). */
export function boundPort(gateway: Gateway): number {
  return (gateway.app.server.address() as AddressInfo).port;
}

export function withTlsFlags(config: GatewayConfig, options: ServeOptions): GatewayConfig {
  if (!options.tlsCert && !options.tlsKey) return config;
  if (!options.tlsCert || !options.tlsKey)
    throw new ConfigError("--tls-cert and --tls-key must be given together");
  return {
    ...config,
    tls: { cert: readFileSync(resolve(options.tlsCert)), key: readFileSync(resolve(options.tlsKey)) },
  };
}

export function warnIfOpen(config: GatewayConfig, logger: Logger): void {
  if (config.clientKeys.length > 0) return;
  logger.warn(
    "CLIENT AUTHENTICATION IS DISABLED: secret_authentication_tokens is empty, so anyone who can reach this port can spend your SAP AI Core quota. Add keys to the config file.",
  );
}

/** Starts the gateway and returns it listening; throws ConfigError / DiscoveryError on bad setup. */
export async function startServing(
  config: GatewayConfig,
  logger: Logger,
  refreshCache = false,
): Promise<Gateway> {
  for (const warning of config.warnings ?? []) logger.warn(warning);
  warnIfOpen(config, logger);
  const gateway = await buildGateway({ config, logger, refreshCache });
  await gateway.app.listen({ host: config.host, port: config.port });
  const scheme = config.tls ? "https" : "http";
  const names = gateway.context.registry.names();
  logger.info(
    { models: names },
    `Gateway listening on ${scheme}://${config.host}:${boundPort(gateway)} (${names.length} models, config: ${config.source})`,
  );
  return gateway;
}

export function stopOnSignals(close: () => Promise<void>): void {
  const stop = () => {
    void close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

export async function runServe(options: ServeOptions): Promise<void> {
  let config: GatewayConfig;
  try {
    config = withTlsFlags(
      loadConfig({
        ...(options.config ? { configPath: options.config } : {}),
        ...(options.port !== undefined ? { port: options.port } : {}),
        ...(options.debug ? { debug: true } : {}),
      }),
      options,
    );
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ debug: config.debug });
  if (options.logRequests)
    logger.warn(
      "--log-requests (from the original proxy) is accepted for compatibility and has no effect; use -d/--debug for request details",
    );
  try {
    const gateway = await startServing(config, logger, options.refreshCache);
    stopOnSignals(() => gateway.close());
  } catch (error) {
    if (error instanceof DiscoveryError || error instanceof ConfigError) {
      logger.fatal(error.message);
      logger.flush();
      process.exit(1);
    }
    throw error;
  }
}
