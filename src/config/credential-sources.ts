/**
 * SAP's standard credential sources, used as one subaccount when no config file is given
 * (reference/sap-ai-core-wire-formats.md section 1.1; seed-project-inventory.md section 2.3):
 * `AICORE_SERVICE_KEY` (service-key JSON), `AICORE_*` variables or `~/.aicore/config.json`
 * (the SAP Python SDK's file), and a Cloud Foundry `VCAP_SERVICES` binding with label `aicore`.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "./config-error.js";
import { parseServiceKey, type ServiceKeyCredentials } from "./service-key.js";

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
    throw new ConfigError(
      `${source}: not valid JSON (${error instanceof Error ? error.message : String(error)})`,
    );
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
    key.certificate = readFileSync(values.AICORE_CERT_FILE_PATH ?? "", "utf8");
    key.key = readFileSync(values.AICORE_KEY_FILE_PATH ?? "", "utf8");
  }
  return {
    name: source,
    credentials: parseServiceKey(key, source),
    resourceGroup: values.AICORE_RESOURCE_GROUP ?? "default",
  };
}

function fromVcap(text: string): CredentialSource | undefined {
  const services = parseJson(text, "VCAP_SERVICES");
  if (services === null || typeof services !== "object") return undefined;
  for (const bindings of Object.values(services as Record<string, unknown>)) {
    if (!Array.isArray(bindings)) continue;
    for (const binding of bindings as { label?: unknown; credentials?: unknown }[]) {
      if (binding.label === "aicore") {
        return {
          name: "VCAP_SERVICES",
          credentials: parseServiceKey(binding.credentials, "VCAP_SERVICES (aicore binding)"),
          resourceGroup: "default",
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
      credentials: parseServiceKey(
        parseJson(env.AICORE_SERVICE_KEY, "AICORE_SERVICE_KEY"),
        "AICORE_SERVICE_KEY",
      ),
      resourceGroup: env.AICORE_RESOURCE_GROUP ?? "default",
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
    const source = fromAicoreVariables(stringValues, sdkFile);
    if (!source) throw new ConfigError(`${sdkFile}: AICORE_CLIENT_ID is missing`);
    return source;
  }
  if (env.VCAP_SERVICES) return fromVcap(env.VCAP_SERVICES);
  return undefined;
}
