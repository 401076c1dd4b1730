/**
 * What the HTTP layer needs, injected by the CLI or by tests (architecture principle 5): no route
 * reads files, environment or module-level state.
 */
import type { Dispatcher } from "undici";
import type { GatewayConfig } from "../config/gateway-config.js";
import type { Logger } from "../observability/logger.js";
import type { ModelRegistry } from "../routing/model-registry.js";
import type { RoutingState } from "../routing/routing-state.js";
import type { TokenProvider } from "../sap/token-provider.js";

export interface GatewayContext {
  readonly config: GatewayConfig;
  readonly registry: ModelRegistry;
  readonly tokens: ReadonlyMap<string, TokenProvider>;
  readonly http: Dispatcher;
  readonly logger: Logger;
  readonly clock: () => number;
  /** Deployment health, balancing counters, affinity and retry budget (routing/). */
  readonly routing: RoutingState;
}
