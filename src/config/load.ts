/**
 * Loads the gateway configuration at startup: the config file (path from the CLI, `CONFIG_PATH`,
 * or `./config.json`), or else SAP's standard credential sources; then `PORT`, `HOST`, `DEBUG`
 * overrides. Every error names the file and the field, and is a `ConfigError`.
 */
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, isAbsolute, join, resolve } from "node:path";
import type { z } from "zod";
import { DEFAULT_ROUTING, DEFAULT_TIMEOUTS } from "../routing/routing-config.js";
import { ConfigError } from "./config-error.js";
import { findCredentialSource } from "./credential-sources.js";
import type { GatewayConfig, SubAccount } from "./gateway-config.js";
import { routingFromFile, timeoutsFromFile } from "./routing-options.js";
import { configFileSchema, type ConfigFile } from "./schema.js";
import { parseServiceKey, ServiceKeyError } from "./service-key.js";

export interface LoadOptions {
  /** `-c/--config`; wins over `CONFIG_PATH`. */
  configPath?: string;
  /** `-p/--port`; wins over the file and `PORT`. */
  port?: number;
  /** `-d/--debug`. */
  debug?: boolean;
  env?: Readonly<Record<string, string | undefined>>;
  cwd?: string;
  homeDir?: string;
}

function formatIssues(file: string, error: z.ZodError): string {
  const lines = error.issues.map((issue) => {
    const path = issue.path.map(String).join(".") || "(root)";
    return `  - ${path}: ${issue.message}`;
  });
  return `${file}: invalid configuration\n${lines.join("\n")}`;
}

function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : String(error);
    throw new ConfigError(`${what} ${file}: ${reason}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ConfigError(
      `${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

function compile(file: string, field: string, patterns: readonly string[]): RegExp[] {
  return patterns.map((pattern, index) => {
    try {
      return new RegExp(pattern);
    } catch (error) {
      throw new ConfigError(
        `${file}: ${field}.${index}: invalid regular expression "${pattern}" (${(error as Error).message})`,
      );
    }
  });
}

function parsePort(value: string, source: string): number {
  const port = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`${source}: "${value}" is not a port number`);
  return port;
}

function subAccountsOf(file: string, config: ConfigFile): SubAccount[] {
  const base = dirname(file);
  const resolvePath = (path: string) => (isAbsolute(path) ? path : resolve(base, path));
  const entries = Object.entries(config.subAccounts ?? {});
  if (config.service_key_json) {
    if (entries.length > 0)
      throw new ConfigError(
        `${file}: use either "subAccounts" or the legacy top-level "service_key_json", not both`,
      );
    entries.push([
      "default",
      {
        resource_group: config.resource_group ?? "default",
        service_key_json: config.service_key_json,
        deployment_models: config.deployment_models ?? {},
        deployment_ids: {},
      },
    ]);
  }
  if (entries.length === 0) throw new ConfigError(`${file}: "subAccounts" must name at least one subaccount`);
  // The legacy form has its fields at the top level; errors name them where they are.
  const fieldPrefix = (name: string) => (config.service_key_json ? "" : `subAccounts.${name}.`);
  return entries.map(([name, account]) => {
    const keyFile = resolvePath(account.service_key_json);
    let credentials;
    try {
      credentials = parseServiceKey(readJsonFile(keyFile, "service key file"), keyFile);
    } catch (error) {
      if (error instanceof ServiceKeyError || error instanceof ConfigError) {
        throw new ConfigError(`${file}: ${fieldPrefix(name)}service_key_json: ${error.message}`);
      }
      throw error;
    }
    for (const [model, urls] of Object.entries(account.deployment_models)) {
      urls.forEach((url, index) => {
        if (!/^https?:\/\/.+\/deployments\/[^/]+\/?$/.test(url)) {
          throw new ConfigError(
            `${file}: ${fieldPrefix(name)}deployment_models.${model}.${index}: "${url}" is not a deployment URL (…/v2/inference/deployments/<id>)`,
          );
        }
      });
    }
    return {
      name,
      resourceGroup: account.resource_group,
      credentials,
      deploymentModels: account.deployment_models,
      deploymentIds: account.deployment_ids,
    };
  });
}

function fromFile(file: string, what: string): Omit<GatewayConfig, "debug"> {
  const parsed = configFileSchema.safeParse(readJsonFile(file, what));
  if (!parsed.success) throw new ConfigError(formatIssues(file, parsed.error));
  const config = parsed.data;
  const base = dirname(file);
  const filters = config.model_filters;
  const readTlsFile = (field: "cert" | "key", path: string): Buffer => {
    const target = resolve(base, path);
    try {
      return readFileSync(target);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : String(error);
      throw new ConfigError(`${file}: tls.${field}: ${target}: ${reason}`);
    }
  };
  const tls = config.tls
    ? { cert: readTlsFile("cert", config.tls.cert), key: readTlsFile("key", config.tls.key) }
    : undefined;
  const subAccounts = subAccountsOf(file, config);
  return {
    source: file,
    subAccounts,
    clientKeys: config.secret_authentication_tokens,
    port: config.port,
    host: config.host,
    modelFilter: {
      include: [
        ...compile(file, "model_filters.include", filters?.include ?? []),
        ...compile(file, "model_filters.include_filters", filters?.include_filters ?? []),
      ],
      exclude: [
        ...compile(file, "model_filters.exclude", filters?.exclude ?? []),
        ...compile(file, "model_filters.exclude_filters", filters?.exclude_filters ?? []),
      ],
    },
    apiVersions: config.api_versions,
    modelAliases: config.model_aliases,
    bedrockBetas: config.bedrock_betas,
    streamPingIntervalMs: config.stream_ping_interval_ms,
    bodyLimitBytes: Math.round(config.body_limit_mb * 1024 * 1024),
    ...(tls ? { tls } : {}),
    cacheDir: resolve(base, config.cache_dir ?? ".cache/deployments"),
    routing: routingFromFile(
      file,
      config.routing,
      subAccounts.map((account) => account.name),
    ),
    timeouts: timeoutsFromFile(config.timeouts),
  };
}

export function loadConfig(options: LoadOptions = {}): GatewayConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const explicit = options.configPath ?? env.CONFIG_PATH;
  const file = explicit ? resolve(cwd, explicit) : join(cwd, "config.json");
  let base: Omit<GatewayConfig, "debug">;
  if (explicit || existsSync(file)) {
    base = fromFile(file, options.configPath ? "config file" : explicit ? "CONFIG_PATH" : "config file");
  } else {
    const source = findCredentialSource(env, options.homeDir ?? homedir());
    if (!source) {
      throw new ConfigError(
        `No configuration found: pass -c <config.json>, set CONFIG_PATH, put config.json in ${cwd}, or provide SAP credentials (AICORE_SERVICE_KEY, AICORE_* variables, ~/.aicore/config.json or a VCAP_SERVICES aicore binding)`,
      );
    }
    base = {
      source: source.name,
      subAccounts: [
        {
          name: "default",
          resourceGroup: source.resourceGroup,
          credentials: source.credentials,
          deploymentModels: {},
          deploymentIds: {},
        },
      ],
      clientKeys: [],
      port: 3001,
      host: "127.0.0.1",
      modelFilter: { include: [], exclude: [] },
      apiVersions: {},
      modelAliases: {},
      bedrockBetas: {},
      streamPingIntervalMs: 10_000,
      bodyLimitBytes: 100 * 1024 * 1024,
      cacheDir: resolve(cwd, ".cache/deployments"),
      routing: DEFAULT_ROUTING,
      timeouts: DEFAULT_TIMEOUTS,
    };
  }
  const port = options.port ?? (env.PORT ? parsePort(env.PORT, "PORT") : base.port);
  const debug = options.debug ?? (env.DEBUG !== undefined && !/^(0|false|no|)$/i.test(env.DEBUG));
  return { ...base, port, host: env.HOST || base.host, debug };
}
