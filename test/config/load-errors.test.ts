// Startup validation: every mistake in config.json is a ConfigError whose message names the file
// and the field to fix.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectConfigError, loadIn, secretKey, useTempDir, writeJson, writeText } from "./helpers.js";

const tempDir = useTempDir();

const DEPLOYMENT = "https://api.ai.prod.eu-central-1.aws.ml.hana.ondemand.com/v2/inference/deployments/d1";

/** A valid config with one subaccount `a` and its key file, merged with `overrides`. */
function writeConfig(dir: string, overrides: Record<string, unknown> = {}): string {
  writeJson(join(dir, "key.json"), secretKey());
  return writeJson(join(dir, "config.json"), {
    subAccounts: { a: { resource_group: "default", service_key_json: "key.json" } },
    ...overrides,
  });
}

describe("the config file itself", () => {
  it("missing file given by configPath", () => {
    const dir = tempDir();

    expectConfigError(
      () => loadIn(dir, { configPath: "missing.json" }),
      join(dir, "missing.json"),
      "not found",
    );
  });

  it("missing file given by CONFIG_PATH names CONFIG_PATH", () => {
    const dir = tempDir();

    expectConfigError(
      () => loadIn(dir, { env: { CONFIG_PATH: "/nonexistent/config.json" } }),
      "CONFIG_PATH",
      "/nonexistent/config.json",
      "not found",
    );
  });

  it("invalid JSON", () => {
    const dir = tempDir();
    const file = writeText(join(dir, "config.json"), '{ "subAccounts": { , }');

    expectConfigError(() => loadIn(dir), file, "not valid JSON");
  });

  it("invalid JSON: line and column only, no fragment of the file (it may hold secrets)", () => {
    const dir = tempDir();
    const file = writeText(
      join(dir, "config.json"),
      '{\n  "secret_authentication_tokens": ["sk-very-secret", x]\n}',
    );

    const message = expectConfigError(() => loadIn(dir), file, "not valid JSON (line 2, column 54)");
    expect(message).not.toContain("sk-very-secret");
  });

  it("truncated JSON reports the end of input", () => {
    const dir = tempDir();
    const file = writeText(join(dir, "config.json"), '{\n  "port": 3001,');

    expectConfigError(
      () => loadIn(dir),
      file,
      "not valid JSON (unexpected end of input at line 2, column 16)",
    );
  });

  it("a JSON value that is not an object", () => {
    const dir = tempDir();
    const file = writeText(join(dir, "config.json"), "[]");

    expectConfigError(() => loadIn(dir), file, "(root)");
  });
});

describe("schema errors name the field", () => {
  it("unknown top-level key (typo secret_authentication_token): a warning suggesting the known key", () => {
    const dir = tempDir();
    const file = writeConfig(dir, { secret_authentication_token: ["k1"] });

    const config = loadIn(dir);
    expect(config.clientKeys).toEqual([]);
    expect(config.warnings).toEqual([
      `${file}: ignoring unknown top-level key "secret_authentication_token" (did you mean "secret_authentication_tokens"?)`,
    ]);
  });

  it("keys the original proxy ignored (ca_cert_bundle) load with a warning naming key and file", () => {
    const dir = tempDir();
    const file = writeConfig(dir, {
      ca_cert_bundle: "/etc/ssl/bundle.pem",
      secret_authentication_tokens: ["k"],
    });

    const config = loadIn(dir);
    expect(config.clientKeys).toEqual(["k"]);
    expect(config.warnings).toEqual([`${file}: ignoring unknown top-level key "ca_cert_bundle"`]);
  });

  it("unknown key inside a subaccount (typo deployment_model)", () => {
    const dir = tempDir();
    const file = writeConfig(dir, {
      subAccounts: { a: { service_key_json: "key.json", deployment_model: {} } },
    });

    expectConfigError(() => loadIn(dir), file, "subAccounts.a", "deployment_model");
  });

  it('wrong type: port "3001"', () => {
    const dir = tempDir();
    const file = writeConfig(dir, { port: "3001" });

    const message = expectConfigError(() => loadIn(dir), file, "port");
    expect(message).toMatch(/port: .*number/);
  });

  it("port out of range", () => {
    const dir = tempDir();
    const file = writeConfig(dir, { port: 70000 });

    expectConfigError(() => loadIn(dir), file, "port");
  });

  it("wrong type: secret_authentication_tokens as a string", () => {
    const dir = tempDir();
    const file = writeConfig(dir, { secret_authentication_tokens: "k1" });

    expectConfigError(() => loadIn(dir), file, "secret_authentication_tokens");
  });

  it("an empty client key", () => {
    const dir = tempDir();
    const file = writeConfig(dir, { secret_authentication_tokens: ["k1", ""] });

    expectConfigError(() => loadIn(dir), file, "secret_authentication_tokens.1");
  });

  it("missing service_key_json", () => {
    const dir = tempDir();
    const file = writeConfig(dir, { subAccounts: { a: { resource_group: "default" } } });

    expectConfigError(() => loadIn(dir), file, "subAccounts.a.service_key_json");
  });

  it("deployment_models value that is not a list", () => {
    const dir = tempDir();
    const file = writeConfig(dir, {
      subAccounts: { a: { service_key_json: "key.json", deployment_models: { "gpt-4o": DEPLOYMENT } } },
    });

    expectConfigError(() => loadIn(dir), file, "subAccounts.a.deployment_models.gpt-4o");
  });

  it("empty deployment_ids list", () => {
    const dir = tempDir();
    const file = writeConfig(dir, {
      subAccounts: { a: { service_key_json: "key.json", deployment_ids: { "gpt-4o": [] } } },
    });

    expectConfigError(() => loadIn(dir), file, "subAccounts.a.deployment_ids.gpt-4o");
  });

  it("reports every issue, not just the first", () => {
    const dir = tempDir();
    const file = writeConfig(dir, { port: "3001", host: 5 });

    expectConfigError(() => loadIn(dir), file, "port", "host");
  });
});

describe("service keys", () => {
  it("missing service-key file names the field, the config file and the key path", () => {
    const dir = tempDir();
    const file = writeJson(join(dir, "config.json"), {
      subAccounts: { a: { service_key_json: "keys/missing.json" } },
    });

    expectConfigError(
      () => loadIn(dir),
      file,
      "subAccounts.a.service_key_json",
      join(dir, "keys", "missing.json"),
      "not found",
    );
  });

  it("service-key file with invalid JSON", () => {
    const dir = tempDir();
    const keyFile = writeText(join(dir, "key.json"), "{ clientid: x }");
    const file = writeJson(join(dir, "config.json"), {
      subAccounts: { a: { service_key_json: "key.json" } },
    });

    expectConfigError(() => loadIn(dir), file, "subAccounts.a.service_key_json", keyFile, "not valid JSON");
  });

  it("service key without clientsecret or certificate", () => {
    const dir = tempDir();
    const key = secretKey();
    delete key.clientsecret;
    const keyFile = writeJson(join(dir, "key.json"), key);
    const file = writeJson(join(dir, "config.json"), {
      subAccounts: { a: { service_key_json: "key.json" } },
    });

    expectConfigError(() => loadIn(dir), file, "subAccounts.a.service_key_json", keyFile, "clientsecret");
  });

  it("x509 service key without its private key", () => {
    const dir = tempDir();
    writeJson(join(dir, "key.json"), {
      ...secretKey({ "credential-type": "x509", certificate: "-----BEGIN CERTIFICATE-----" }),
      clientsecret: undefined,
    });
    const file = writeJson(join(dir, "config.json"), {
      subAccounts: { a: { service_key_json: "key.json" } },
    });

    expectConfigError(() => loadIn(dir), file, "subAccounts.a.service_key_json", '"key"');
  });

  it("service key without serviceurls.AI_API_URL names that field", () => {
    const dir = tempDir();
    writeJson(join(dir, "key.json"), secretKey({ serviceurls: {} }));
    const file = writeJson(join(dir, "config.json"), {
      subAccounts: { a: { service_key_json: "key.json" } },
    });

    expectConfigError(() => loadIn(dir), file, "subAccounts.a.service_key_json", "serviceurls.AI_API_URL");
  });

  it("names the subaccount whose key is broken", () => {
    const dir = tempDir();
    writeJson(join(dir, "good.json"), secretKey());
    writeJson(join(dir, "bad.json"), { hello: "world" });
    const file = writeJson(join(dir, "config.json"), {
      subAccounts: { good: { service_key_json: "good.json" }, bad: { service_key_json: "bad.json" } },
    });

    expectConfigError(() => loadIn(dir), file, "subAccounts.bad.service_key_json", "clientid");
  });
});

describe("structure", () => {
  it("a deployment URL that is not a deployment URL", () => {
    const dir = tempDir();
    const file = writeConfig(dir, {
      subAccounts: {
        a: {
          service_key_json: "key.json",
          deployment_models: { "gpt-4o": [DEPLOYMENT, "https://api.ai.prod.example.com/v2/lm/deployments"] },
        },
      },
    });

    expectConfigError(
      () => loadIn(dir),
      file,
      "subAccounts.a.deployment_models.gpt-4o.1",
      "is not a deployment URL",
    );
  });

  it("a deployment id put into deployment_models", () => {
    const dir = tempDir();
    const file = writeConfig(dir, {
      subAccounts: { a: { service_key_json: "key.json", deployment_models: { "gpt-4o": ["d12345"] } } },
    });

    expectConfigError(() => loadIn(dir), file, "subAccounts.a.deployment_models.gpt-4o.0", '"d12345"');
  });

  it("empty subAccounts", () => {
    const dir = tempDir();
    const file = writeJson(join(dir, "config.json"), { subAccounts: {} });

    expectConfigError(() => loadIn(dir), file, "subAccounts");
  });

  it("no subaccount at all", () => {
    const dir = tempDir();
    const file = writeJson(join(dir, "config.json"), { port: 3001 });

    expectConfigError(() => loadIn(dir), file, "subAccounts");
  });

  it("both the legacy form and subAccounts", () => {
    const dir = tempDir();
    const file = writeConfig(dir, { service_key_json: "key.json" });

    expectConfigError(() => loadIn(dir), file, "subAccounts", "service_key_json", "not both");
  });
});
