/**
 * SAP's standard credential sources, used as one subaccount when no config file is given
 * (reference/sap-ai-core-wire-formats.md section 1.1; seed-project-inventory.md section 2.3):
 * `AICORE_SERVICE_KEY` (service-key JSON), `AICORE_*` variables or `~/.aicore/config.json`
 * (the SAP Python SDK's file), and a Cloud Foundry `VCAP_SERVICES` binding with label `aicore`.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "./config-error.js";
import { jsonErrorLocation } from "./json-syntax.js";
import { parseServiceKey, ServiceKeyError, type ServiceKeyCredentials } from "./service-key.js";

export interface CredentialSource {
  name: string;
  credentials: ServiceKeyCredentials;
  resourceGroup: string;
}

type Env = Readonly<Record<string, string | undefined>>;

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ConfigError(`${source}: not valid JSON (${jsonErrorLocation(text, error)})`);
  }
}

/** parseServiceKey, but failing with a ConfigError like every other startup error. */
function credentialsOf(value: unknown, source: string): ServiceKeyCredentials {
  try {
    return parseServiceKey(value, source);
  } catch (error) {
    if (error instanceof ServiceKeyError) throw new ConfigError(error.message);
    throw error;
  }
}

function readPem(path: string | undefined, variable: string, source: string): string {
  if (!path) throw new ConfigError(`${source}: ${variable} is missing`);
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : String(error);
    throw new ConfigError(`${source}: ${variable} ${path}: ${reason}`);
  }
}

function fromAicoreVariables(values: Env, source: string): CredentialSource | undefined {
  const clientId = values.AICORE_CLIENT_ID;
  if (!clientId) return undefined;
  const authUrl = values.AICORE_AUTH_URL;
  const baseUrl = values.AICORE_BASE_URL;
  const missing = ["AICORE_AUTH_URL", "AICORE_BASE_URL"].filter((name) => !values[name]);
  if (!values.AICORE_CLIENT_SECRET && !values.AICORE_CERT_FILE_PATH) missing.push("AICORE_CLIENT_SECRET");
  if (missing.length > 0 || !authUrl || !baseUrl) {
    throw new ConfigError(
      `${source}: AICORE_CLIENT_ID is set but ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} missing`,
    );
  }
  const key: Record<string, unknown> = {
    clientid: clientId,
    url: authUrl,
    serviceurls: { AI_API_URL: baseUrl },
  };
  if (values.AICORE_CLIENT_SECRET) key.clientsecret = values.AICORE_CLIENT_SECRET;
  else {
    key["credential-type"] = "x509";
    key.certificate = readPem(values.AICORE_CERT_FILE_PATH, "AICORE_CERT_FILE_PATH", source);
    key.key = readPem(values.AICORE_KEY_FILE_PATH, "AICORE_KEY_FILE_PATH", source);
  }
  return {
    name: source,
    credentials: credentialsOf(key, source),
    resourceGroup: values.AICORE_RESOURCE_GROUP || "default",
  };
}

function fromVcap(text: string, resourceGroup: string): CredentialSource | undefined {
  const services = parseJson(text, "VCAP_SERVICES");
  if (services === null || typeof services !== "object") return undefined;
  for (const bindings of Object.values(services as Record<string, unknown>)) {
    if (!Array.isArray(bindings)) continue;
    for (const binding of bindings as unknown[]) {
      if (binding === null || typeof binding !== "object") continue;
      const { label, credentials } = binding as { label?: unknown; credentials?: unknown };
      if (label === "aicore") {
        return {
          name: "VCAP_SERVICES",
          credentials: credentialsOf(credentials, "VCAP_SERVICES (aicore binding)"),
          resourceGroup,
        };
      }
    }
  }
  return undefined;
}

/** The first standard source that is present, in SAP SDK order; undefined if none is. */
export function findCredentialSource(env: Env, homeDir: string): CredentialSource | undefined {
  if (env.AICORE_SERVICE_KEY) {
    return {
      name: "AICORE_SERVICE_KEY",
      credentials: credentialsOf(
        parseJson(env.AICORE_SERVICE_KEY, "AICORE_SERVICE_KEY"),
        "AICORE_SERVICE_KEY",
      ),
      resourceGroup: env.AICORE_RESOURCE_GROUP || "default",
    };
  }
  const fromEnv = fromAicoreVariables(env, "AICORE_* environment variables");
  if (fromEnv) return fromEnv;
  const sdkFile = join(env.AICORE_HOME ?? join(homeDir, ".aicore"), "config.json");
  if (existsSync(sdkFile)) {
    const values = parseJson(readFileSync(sdkFile, "utf8"), sdkFile);
    if (values === null || typeof values !== "object")
      throw new ConfigError(`${sdkFile}: expected a JSON object of AICORE_* keys`);
    const stringValues = Object.fromEntries(
      Object.entries(values as Record<string, unknown>).filter(
        (entry): entry is [string, string] => typeof entry[1] === "string",
      ),
    );
    // As in SAP's SDK, an AICORE_* environment variable wins over the same key in the file.
    const fromEnvironment = Object.fromEntries(
      Object.entries(env).filter(
        (entry): entry is [string, string] => entry[0].startsWith("AICORE_") && !!entry[1],
      ),
    );
    const source = fromAicoreVariables({ ...stringValues, ...fromEnvironment }, sdkFile);
    if (!source) throw new ConfigError(`${sdkFile}: AICORE_CLIENT_ID is missing`);
    return source;
  }
  if (env.VCAP_SERVICES) return fromVcap(env.VCAP_SERVICES, env.AICORE_RESOURCE_GROUP || "default");
  return undefined;
}
