// SAP's standard credential sources, used as one subaccount `default` when no config file is
// given: AICORE_SERVICE_KEY, AICORE_* variables, ~/.aicore/config.json ($AICORE_HOME) and a Cloud
// Foundry VCAP_SERVICES binding with label aicore. Secret and x509 keys.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { GatewayConfig } from "../../src/config/gateway-config.js";
import {
  AI_API,
  AUTH_URL,
  CERT_PEM,
  CERT_URL,
  KEY_PEM,
  expectConfigError,
  loadIn,
  secretKey,
  useTempDir,
  writeJson,
  writeText,
  x509Key,
} from "./helpers.js";

const tempDir = useTempDir();

const SECRET_CREDENTIALS = {
  type: "secret",
  clientId: "sb-client-1!b1234|aicore!b540",
  clientSecret: "secret-1",
  tokenUrl: `${AUTH_URL}/oauth/token`,
  aiApiUrl: AI_API,
};

/** The shape every credential source produces: one `default` subaccount and gateway defaults. */
function expectSingleDefault(config: GatewayConfig, resourceGroup = "default"): void {
  expect(config.subAccounts).toHaveLength(1);
  expect(config.subAccounts[0]).toMatchObject({
    name: "default",
    resourceGroup,
    deploymentModels: {},
    deploymentIds: {},
  });
  expect(config.clientKeys).toEqual([]);
  expect(config.port).toBe(3001);
  expect(config.host).toBe("127.0.0.1");
  expect(config.debug).toBe(false);
  expect(config.tls).toBeUndefined();
}

/** The SAP Python SDK's variables for a secret key, as the SDK documents them (base URL with /v2). */
const AICORE_VARIABLES = {
  AICORE_CLIENT_ID: "sb-client-1!b1234|aicore!b540",
  AICORE_CLIENT_SECRET: "secret-1",
  AICORE_AUTH_URL: `${AUTH_URL}/oauth/token`,
  AICORE_BASE_URL: `${AI_API}/v2`,
};

/** A VCAP_SERVICES value with an unrelated binding and, optionally, an aicore one. */
function vcap(withAicore: boolean, credentials: unknown = secretKey()): string {
  return JSON.stringify({
    xsuaa: [{ label: "xsuaa", name: "my-xsuaa", credentials: { clientid: "other" } }],
    ...(withAicore
      ? { aicore: [{ label: "aicore", name: "my-aicore", plan: "extended", credentials }] }
      : {}),
  });
}

describe("AICORE_SERVICE_KEY", () => {
  it("a secret key gives one default subaccount", () => {
    const dir = tempDir();

    const config = loadIn(dir, { env: { AICORE_SERVICE_KEY: JSON.stringify(secretKey()) } });

    expectSingleDefault(config);
    expect(config.source).toBe("AICORE_SERVICE_KEY");
    expect(config.subAccounts[0]!.credentials).toEqual(SECRET_CREDENTIALS);
    expect(config.modelFilter).toEqual({ include: [], exclude: [] });
    expect(config.cacheDir).toBe(join(dir, ".cache", "deployments"));
  });

  it("an x509 key: PEM with literal \\n becomes real newlines, token URL from certurl", () => {
    const dir = tempDir();
    const text = JSON.stringify(x509Key());
    expect(text).toContain("\\\\n"); // the JSON really carries backslash-n inside the strings

    const config = loadIn(dir, { env: { AICORE_SERVICE_KEY: text } });

    expectSingleDefault(config);
    expect(config.subAccounts[0]!.credentials).toEqual({
      type: "x509",
      clientId: "sb-client-x509!b1234|aicore!b540",
      certificate: CERT_PEM,
      privateKey: KEY_PEM,
      tokenUrl: `${CERT_URL}/oauth/token`,
      aiApiUrl: AI_API,
    });
  });

  it("accepts the {credentials: ...} wrapper of a binding", () => {
    const dir = tempDir();

    const config = loadIn(dir, { env: { AICORE_SERVICE_KEY: JSON.stringify({ credentials: secretKey() }) } });

    expect(config.subAccounts[0]!.credentials).toEqual(SECRET_CREDENTIALS);
  });

  it("honours AICORE_RESOURCE_GROUP", () => {
    const dir = tempDir();

    const config = loadIn(dir, {
      env: { AICORE_SERVICE_KEY: JSON.stringify(secretKey()), AICORE_RESOURCE_GROUP: "team-a" },
    });

    expectSingleDefault(config, "team-a");
  });

  it("invalid JSON is a ConfigError naming AICORE_SERVICE_KEY", () => {
    const dir = tempDir();

    expectConfigError(
      () => loadIn(dir, { env: { AICORE_SERVICE_KEY: "{not json" } }),
      "AICORE_SERVICE_KEY",
      "not valid JSON",
    );
  });

  it("invalid JSON: the message gives line and column, never a fragment of the (secret) input", () => {
    const dir = tempDir();
    const key = '{\n  "clientid": "sb-1",\n  "clientsecret": s3cr3t-value\n}';

    const message = expectConfigError(
      () => loadIn(dir, { env: { AICORE_SERVICE_KEY: key } }),
      "AICORE_SERVICE_KEY",
      "not valid JSON (line 3, column 19)",
    );
    expect(message).not.toContain("s3cr3t");
  });

  it("valid JSON that is not a service key is a ConfigError naming AICORE_SERVICE_KEY", () => {
    const dir = tempDir();
    const key = secretKey();
    delete key.clientsecret;

    expectConfigError(
      () => loadIn(dir, { env: { AICORE_SERVICE_KEY: JSON.stringify(key) } }),
      "AICORE_SERVICE_KEY",
      "clientsecret",
    );
    expectConfigError(
      () => loadIn(dir, { env: { AICORE_SERVICE_KEY: '{"clientid": "x"}' } }),
      "AICORE_SERVICE_KEY",
      "url",
    );
  });

  it("a config.json in cwd wins", () => {
    const dir = tempDir();
    writeJson(join(dir, "key.json"), secretKey({ clientid: "from-file" }));
    writeJson(join(dir, "config.json"), { subAccounts: { mine: { service_key_json: "key.json" } } });

    const config = loadIn(dir, {
      env: { AICORE_SERVICE_KEY: JSON.stringify(secretKey({ clientid: "from-env" })) },
    });

    expect(config.source).toBe(join(dir, "config.json"));
    expect(config.subAccounts.map((account) => account.name)).toEqual(["mine"]);
    expect(config.subAccounts[0]!.credentials.clientId).toBe("from-file");
  });

  it("wins over AICORE_* variables, ~/.aicore/config.json and VCAP_SERVICES", () => {
    const dir = tempDir();
    const home = join(dir, "home");
    writeJson(join(home, ".aicore", "config.json"), { ...AICORE_VARIABLES, AICORE_CLIENT_ID: "from-home" });

    const config = loadIn(dir, {
      homeDir: home,
      env: {
        AICORE_SERVICE_KEY: JSON.stringify(secretKey({ clientid: "from-service-key" })),
        ...AICORE_VARIABLES,
        AICORE_CLIENT_ID: "from-variables",
        VCAP_SERVICES: vcap(true, secretKey({ clientid: "from-vcap" })),
      },
    });

    expect(config.source).toBe("AICORE_SERVICE_KEY");
    expect(config.subAccounts[0]!.credentials.clientId).toBe("from-service-key");
  });
});

describe("AICORE_* environment variables", () => {
  it("a secret key from variables", () => {
    const dir = tempDir();

    const config = loadIn(dir, { env: { ...AICORE_VARIABLES, AICORE_RESOURCE_GROUP: "rg-1" } });

    expectSingleDefault(config, "rg-1");
    expect(config.source).toBe("AICORE_* environment variables");
    expect(config.subAccounts[0]!.credentials).toEqual(SECRET_CREDENTIALS);
  });

  it("accepts an auth URL without /oauth/token and a base URL without /v2", () => {
    const dir = tempDir();

    const config = loadIn(dir, {
      env: { ...AICORE_VARIABLES, AICORE_AUTH_URL: AUTH_URL, AICORE_BASE_URL: AI_API },
    });

    expect(config.subAccounts[0]!.credentials).toEqual(SECRET_CREDENTIALS);
  });

  it("an x509 key from AICORE_CERT_FILE_PATH / AICORE_KEY_FILE_PATH", () => {
    const dir = tempDir();
    const cert = writeText(join(dir, "pki", "cert.pem"), CERT_PEM);
    const key = writeText(join(dir, "pki", "key.pem"), KEY_PEM);

    const config = loadIn(dir, {
      env: {
        AICORE_CLIENT_ID: "x509-client",
        AICORE_AUTH_URL: CERT_URL,
        AICORE_BASE_URL: `${AI_API}/v2`,
        AICORE_CERT_FILE_PATH: cert,
        AICORE_KEY_FILE_PATH: key,
      },
    });

    expectSingleDefault(config);
    expect(config.subAccounts[0]!.credentials).toEqual({
      type: "x509",
      clientId: "x509-client",
      certificate: CERT_PEM,
      privateKey: KEY_PEM,
      tokenUrl: `${CERT_URL}/oauth/token`,
      aiApiUrl: AI_API,
    });
  });

  it("a missing x509 key file is a ConfigError naming the variable and the path", () => {
    const dir = tempDir();
    const cert = writeText(join(dir, "cert.pem"), CERT_PEM);
    const env = {
      AICORE_CLIENT_ID: "x509-client",
      AICORE_AUTH_URL: CERT_URL,
      AICORE_BASE_URL: AI_API,
      AICORE_CERT_FILE_PATH: cert,
    };

    expectConfigError(() => loadIn(dir, { env }), "AICORE_KEY_FILE_PATH", "missing");
    expectConfigError(
      () => loadIn(dir, { env: { ...env, AICORE_KEY_FILE_PATH: join(dir, "nope.pem") } }),
      "AICORE_KEY_FILE_PATH",
      join(dir, "nope.pem"),
      "not found",
    );
  });

  it("AICORE_CLIENT_ID without the rest names what is missing", () => {
    const dir = tempDir();

    expectConfigError(
      () => loadIn(dir, { env: { AICORE_CLIENT_ID: "c" } }),
      "AICORE_AUTH_URL",
      "AICORE_BASE_URL",
      "AICORE_CLIENT_SECRET",
    );
  });

  it("a malformed URL is a ConfigError naming the source", () => {
    const dir = tempDir();

    expectConfigError(
      () => loadIn(dir, { env: { ...AICORE_VARIABLES, AICORE_AUTH_URL: "not a url" } }),
      "AICORE_* environment variables",
      "url",
    );
  });
});

describe("~/.aicore/config.json", () => {
  it("is read from the home directory", () => {
    const dir = tempDir();
    const home = join(dir, "home");
    const file = writeJson(join(home, ".aicore", "config.json"), {
      ...AICORE_VARIABLES,
      AICORE_RESOURCE_GROUP: "from-file",
    });

    const config = loadIn(dir, { homeDir: home });

    expectSingleDefault(config, "from-file");
    expect(config.source).toBe(file);
    expect(config.subAccounts[0]!.credentials).toEqual(SECRET_CREDENTIALS);
  });

  it("is read from $AICORE_HOME instead when set", () => {
    const dir = tempDir();
    writeJson(join(dir, "home", ".aicore", "config.json"), { ...AICORE_VARIABLES, AICORE_CLIENT_ID: "home" });
    const file = writeJson(join(dir, "custom", "config.json"), {
      ...AICORE_VARIABLES,
      AICORE_CLIENT_ID: "custom",
    });

    const config = loadIn(dir, { homeDir: join(dir, "home"), env: { AICORE_HOME: join(dir, "custom") } });

    expect(config.source).toBe(file);
    expect(config.subAccounts[0]!.credentials.clientId).toBe("custom");
  });

  it("AICORE_RESOURCE_GROUP in the environment wins over the file", () => {
    const dir = tempDir();
    const home = join(dir, "home");
    writeJson(join(home, ".aicore", "config.json"), {
      ...AICORE_VARIABLES,
      AICORE_RESOURCE_GROUP: "from-file",
    });

    const config = loadIn(dir, { homeDir: home, env: { AICORE_RESOURCE_GROUP: "from-env" } });

    expectSingleDefault(config, "from-env");
  });

  it("complete AICORE_* variables win over the file", () => {
    const dir = tempDir();
    const home = join(dir, "home");
    writeJson(join(home, ".aicore", "config.json"), { ...AICORE_VARIABLES, AICORE_CLIENT_ID: "from-file" });

    const config = loadIn(dir, { homeDir: home, env: { ...AICORE_VARIABLES, AICORE_CLIENT_ID: "from-env" } });

    expect(config.source).toBe("AICORE_* environment variables");
    expect(config.subAccounts[0]!.credentials.clientId).toBe("from-env");
  });

  it("invalid JSON names the file", () => {
    const dir = tempDir();
    const home = join(dir, "home");
    const file = writeText(join(home, ".aicore", "config.json"), "{");

    expectConfigError(() => loadIn(dir, { homeDir: home }), file, "not valid JSON");
  });

  it("a file without AICORE_CLIENT_ID names the file and the key", () => {
    const dir = tempDir();
    const home = join(dir, "home");
    const file = writeJson(join(home, ".aicore", "config.json"), { AICORE_AUTH_URL: AUTH_URL });

    expectConfigError(() => loadIn(dir, { homeDir: home }), file, "AICORE_CLIENT_ID");
  });

  it("an incomplete file names the file and the missing keys", () => {
    const dir = tempDir();
    const home = join(dir, "home");
    const file = writeJson(join(home, ".aicore", "config.json"), {
      AICORE_CLIENT_ID: "c",
      AICORE_AUTH_URL: AUTH_URL,
    });

    expectConfigError(() => loadIn(dir, { homeDir: home }), file, "AICORE_BASE_URL", "AICORE_CLIENT_SECRET");
  });

  it("wins over VCAP_SERVICES", () => {
    const dir = tempDir();
    const home = join(dir, "home");
    writeJson(join(home, ".aicore", "config.json"), { ...AICORE_VARIABLES, AICORE_CLIENT_ID: "from-home" });

    const config = loadIn(dir, { homeDir: home, env: { VCAP_SERVICES: vcap(true) } });

    expect(config.subAccounts[0]!.credentials.clientId).toBe("from-home");
  });
});

describe("VCAP_SERVICES", () => {
  it("an aicore binding gives one default subaccount", () => {
    const dir = tempDir();

    const config = loadIn(dir, { env: { VCAP_SERVICES: vcap(true) } });

    expectSingleDefault(config);
    expect(config.source).toBe("VCAP_SERVICES");
    expect(config.subAccounts[0]!.credentials).toEqual(SECRET_CREDENTIALS);
  });

  it("finds the binding by label, whatever the service key of the map", () => {
    const dir = tempDir();
    const services = JSON.stringify({
      "user-provided": [{ label: "user-provided", credentials: {} }],
      "my-custom-name": [null, { label: "aicore", credentials: x509Key() }],
    });

    const config = loadIn(dir, { env: { VCAP_SERVICES: services } });

    expect(config.subAccounts[0]!.credentials.type).toBe("x509");
  });

  it("honours AICORE_RESOURCE_GROUP", () => {
    const dir = tempDir();

    const config = loadIn(dir, { env: { VCAP_SERVICES: vcap(true), AICORE_RESOURCE_GROUP: "cf-group" } });

    expectSingleDefault(config, "cf-group");
  });

  it("without an aicore binding: No configuration found", () => {
    const dir = tempDir();

    expectConfigError(
      () => loadIn(dir, { env: { VCAP_SERVICES: vcap(false) } }),
      "No configuration found",
      dir,
    );
  });

  it("invalid JSON names VCAP_SERVICES", () => {
    const dir = tempDir();

    expectConfigError(
      () => loadIn(dir, { env: { VCAP_SERVICES: "nope" } }),
      "VCAP_SERVICES",
      "not valid JSON",
    );
  });

  it("a broken aicore binding names the binding", () => {
    const dir = tempDir();

    expectConfigError(
      () => loadIn(dir, { env: { VCAP_SERVICES: vcap(true, { clientid: "only" }) } }),
      "VCAP_SERVICES (aicore binding)",
    );
  });
});

describe("nothing configured", () => {
  it("is a ConfigError listing the ways to configure", () => {
    const dir = tempDir();

    expectConfigError(
      () => loadIn(dir),
      "No configuration found",
      dir,
      "CONFIG_PATH",
      "AICORE_SERVICE_KEY",
      "VCAP_SERVICES",
    );
  });
});
