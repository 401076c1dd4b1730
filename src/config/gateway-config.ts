/**
 * The gateway's resolved configuration: what `config.json` (or SAP's standard credential
 * sources) say, with paths resolved, service keys parsed and regexes compiled. Built once at
 * startup; nothing reads files after that.
 */
import type { RoutingConfig, TimeoutConfig } from "../routing/routing-config.js";
import type { ServiceKeyCredentials } from "./service-key.js";

export interface SubAccount {
  readonly name: string;
  readonly resourceGroup: string;
  readonly credentials: ServiceKeyCredentials;
  /** Public model name -> full deployment URLs. */
  readonly deploymentModels: Readonly<Record<string, readonly string[]>>;
  /** Public model name -> deployment ids, resolved through the AI API. */
  readonly deploymentIds: Readonly<Record<string, readonly string[]>>;
}

export interface ModelFilter {
  readonly include: readonly RegExp[];
  readonly exclude: readonly RegExp[];
}

export interface GatewayConfig {
  /** Where the configuration came from: a file path, or the credential source's name. */
  readonly source: string;
  readonly subAccounts: readonly SubAccount[];
  /** Client keys accepted in `Authorization: Bearer` or `x-api-key`; empty disables auth. */
  readonly clientKeys: readonly string[];
  readonly port: number;
  readonly host: string;
  readonly modelFilter: ModelFilter;
  /** `api-version` overrides by public or SAP model name. */
  readonly apiVersions: Readonly<Record<string, string>>;
  /** Extra model names -> the public or SAP model name they mean (over the built-in Claude aliases). */
  readonly modelAliases: Readonly<Record<string, string>>;
  /** `anthropic-beta` value -> the beta sent to Bedrock, or null to drop it (over the built-in table). */
  readonly bedrockBetas: Readonly<Record<string, string | null>>;
  /** Anthropic streams: `event: ping` after this many ms without an upstream event; 0 never. */
  readonly streamPingIntervalMs: number;
  readonly bodyLimitBytes: number;
  readonly tls?: { readonly cert: Buffer; readonly key: Buffer };
  readonly cacheDir: string;
  /** Balancing and failover across a model's deployments (config.json `routing`). */
  readonly routing: RoutingConfig;
  /** Upstream timeouts (config.json `timeouts`). */
  readonly timeouts: TimeoutConfig;
  readonly debug: boolean;
  /** Startup warnings about the configuration (ignored keys, fallbacks); the CLI logs them. */
  readonly warnings?: readonly string[];
}

/** include first (a model must match one include pattern if any), then exclude. */
export function isModelAllowed(filter: ModelFilter, model: string): boolean {
  if (filter.include.length > 0 && !filter.include.some((pattern) => pattern.test(model))) return false;
  return !filter.exclude.some((pattern) => pattern.test(model));
}
