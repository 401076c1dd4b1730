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
import { jsonErrorLocation } from "./json-syntax.js";
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
    throw new ConfigError(`${file}: not valid JSON (${jsonErrorLocation(text, error)})`);
  }
}

/** Levenshtein distance, for "did you mean" hints. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The known key closest to `key`, if it is close enough to be a typo. */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(key.toLowerCase(), name.toLowerCase());
    if (!best || distance < best.distance) best = { name, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(key.length / 3)) ? best.name : undefined;
}

/**
 * The original proxy ignored top-level keys it did not know (e.g. `ca_cert_bundle`), and its
 * config files must load unchanged: such keys are dropped with a warning that names them (and
 * the closest known key, to keep typos visible). Nested objects stay strict.
 */
function dropUnknownTopLevelKeys(file: string, raw: unknown, warnings: string[]): unknown {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return raw;
  const known = Object.keys(configFileSchema.shape);
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (known.includes(key)) {
      kept[key] = value;
      continue;
    }
    const suggestion = closestKey(key, known);
    warnings.push(
      `${file}: ignoring unknown top-level key "${key}"${suggestion ? ` (did you mean "${suggestion}"?)` : ""}`,
    );
  }
  return kept;
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

function subAccountsOf(file: string, config: ConfigFile, cwd: string, warnings: string[]): SubAccount[] {
  const base = dirname(file);
  /**
   * `service_key_json`: absolute, or relative to the config file's directory; the original proxy
   * resolved it against the working directory, which is the fallback when the file does not
   * exist next to the config file.
   */
  const resolveKeyPath = (field: string, path: string) => {
    if (isAbsolute(path)) return path;
    const besideConfig = resolve(base, path);
    if (existsSync(besideConfig)) return besideConfig;
    const inCwd = resolve(cwd, path);
    if (inCwd !== besideConfig && existsSync(inCwd)) {
      warnings.push(
        `${file}: ${field}: "${path}" is not in the config file's directory; using ${inCwd} (relative to the working directory, as the original proxy did)`,
      );
      return inCwd;
    }
    return besideConfig;
  };
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
    const keyFile = resolveKeyPath(`${fieldPrefix(name)}service_key_json`, account.service_key_json);
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

function fromFile(file: string, what: string, cwd: string): Omit<GatewayConfig, "debug"> {
  const warnings: string[] = [];
  const parsed = configFileSchema.safeParse(
    dropUnknownTopLevelKeys(file, readJsonFile(file, what), warnings),
  );
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
  const subAccounts = subAccountsOf(file, config, cwd, warnings);
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
    warnings,
  };
}

export function loadConfig(options: LoadOptions = {}): GatewayConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const explicit = options.configPath ?? env.CONFIG_PATH;
  const file = explicit ? resolve(cwd, explicit) : join(cwd, "config.json");
  let base: Omit<GatewayConfig, "debug">;
  if (explicit || existsSync(file)) {
    base = fromFile(file, options.configPath ? "config file" : explicit ? "CONFIG_PATH" : "config file", cwd);
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
