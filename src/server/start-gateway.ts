/**
 * Assembles a gateway from a loaded configuration: one token provider per subaccount, deployment
 * discovery into the model registry, and the Fastify app. Used by the CLI, the demo and e2e tests.
 */
import type { FastifyInstance } from "fastify";
import type { Dispatcher } from "undici";
import type { GatewayConfig } from "../config/gateway-config.js";
import type { Logger } from "../observability/logger.js";
import { RoutingState } from "../routing/routing-state.js";
import { discoverDeployments } from "../sap/deployment-discovery.js";
import { createUpstreamAgent } from "../sap/http-client.js";
import { TokenProvider } from "../sap/token-provider.js";
import { createApp } from "./app.js";
import type { GatewayContext } from "./gateway-context.js";

export interface GatewayOptions {
  config: GatewayConfig;
  logger: Logger;
  clock?: () => number;
  http?: Dispatcher;
  refreshCache?: boolean;
}

export interface Gateway {
  app: FastifyInstance;
  context: GatewayContext;
  /** Closes the app and, when the gateway created it, the upstream connection pool. */
  close(): Promise<void>;
}

export async function buildGateway(options: GatewayOptions): Promise<Gateway> {
  const clock = options.clock ?? Date.now;
  const { timeouts } = options.config;
  const http =
    options.http ??
    createUpstreamAgent({
      connectTimeoutMs: timeouts.connectMs,
      // The router's own timers bound the wait for an answer; undici's only as a backstop.
      headersTimeoutMs: Math.max(timeouts.firstByteMs, timeouts.responseMs) + 1_000,
      bodyTimeoutMs: timeouts.idleMs,
    });
  const tokens = new Map(
    options.config.subAccounts.map((account) => [
      account.name,
      new TokenProvider(account.name, account.credentials, { http, clock }),
    ]),
  );
  let registry;
  try {
    registry = await discoverDeployments({
      config: options.config,
      tokens,
      http,
      logger: options.logger,
      clock,
      ...(options.refreshCache ? { refreshCache: true } : {}),
    });
  } catch (error) {
    if (!options.http) await http.close();
    throw error;
  }
  for (const model of Object.keys(options.config.routing.models)) {
    if (registry.candidates(model).length === 0)
      options.logger.warn({ model }, `routing.models names '${model}', which no deployment serves`);
  }
  const context: GatewayContext = {
    config: options.config,
    registry,
    tokens,
    http,
    logger: options.logger,
    clock,
    routing: new RoutingState(options.config.routing, clock),
  };
  const app = createApp(context);
  await app.ready();
  return {
    app,
    context,
    close: async () => {
      await app.close();
      if (!options.http) await http.close();
    },
  };
}
