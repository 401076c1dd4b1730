// The original proxy's config.json, read unchanged: both README examples, paths relative to the
// config file, the legacy single-account form, model_filters and the TLS section.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isModelAllowed } from "../../src/config/gateway-config.js";
import {
  AI_API,
  AUTH_URL,
  expectConfigError,
  loadIn,
  secretKey,
  useTempDir,
  writeJson,
  writeText,
} from "./helpers.js";

const tempDir = useTempDir();

// Verbatim from the seed README, section "Configuration", Option 1 (deployment ids).
const SEED_DEPLOYMENT_IDS = `{
       "subAccounts": {
           "subAccount1": {
               "resource_group": "default",
               "service_key_json": "demokey1.json",
               "deployment_ids": {
                   "gpt-4o": [
                       "d12345"
                   ],
                   "gpt-4.1": [
                       "d67890"
                   ]
               }
           },
           "subAccount2": {
               "resource_group": "default",
               "service_key_json": "demokey2.json",
               "deployment_ids": {
                   "gpt-4o": [
                       "d54321"
                   ],
                    "4-sonnet": [
                        "d98765"
                    ],
                    "4.5-sonnet": [
                        "d13579"
                    ]
               }
           }
       },
       "secret_authentication_tokens": ["<hidden_key_1>", "<hidden_key_2>"],
       "port": 3001,
       "host": "127.0.0.1"
   }`;

// Verbatim from the seed README, section "Configuration", Option 2 (deployment URLs).
const SEED_DEPLOYMENT_URLS = `{
       "subAccounts": {
           "subAccount1": {
               "resource_group": "default",
               "service_key_json": "demokey1.json",
               "deployment_models": {
                   "gpt-4o": [
                       "https://api.ai.intprod-eu12.eu-central-1.aws.ml.hana.ondemand.com/v2/inference/deployments/<hidden_id_1>"
                   ],
                   "gpt-4.1": [
                       "https://api.ai.intprod-eu12.eu-central-1.aws.ml.hana.ondemand.com/v2/inference/deployments/<hidden_id_1b>"
                   ]
               }
           },
           "subAccount2": {
               "resource_group": "default",
               "service_key_json": "demokey2.json",
               "deployment_models": {
                   "gpt-4o": [
                       "https://api.ai.intprod-eu12.eu-central-1.aws.ml.hana.ondemand.com/v2/inference/deployments/<hidden_id_3>"
                   ],
                    "4-sonnet": [
                        "https://api.ai.intprod-eu12.eu-central-1.aws.ml.hana.ondemand.com/v2/inference/deployments/<hidden_id_4>"
                    ],
                    "4.5-sonnet": [
                        "https://api.ai.intprod-eu12.eu-central-1.aws.ml.hana.ondemand.com/v2/inference/deployments/<hidden_id_5>"
                    ]
               }
           }
       },
       "secret_authentication_tokens": ["<hidden_key_1>", "<hidden_key_2>"],
       "port": 3001,
       "host": "127.0.0.1"
   }`;

const DEPLOYMENT_BASE =
  "https://api.ai.intprod-eu12.eu-central-1.aws.ml.hana.ondemand.com/v2/inference/deployments";

/** The two demo keys next to the config: one with AI_API_URL ending in /v2, one with a slash. */
function writeDemoKeys(dir: string): void {
  writeJson(join(dir, "demokey1.json"), secretKey({ clientid: "client-1", clientsecret: "secret-1" }));
  writeJson(
    join(dir, "demokey2.json"),
    secretKey({
      clientid: "client-2",
      clientsecret: "secret-2",
      url: "https://sub2.authentication.eu10.hana.ondemand.com/",
      serviceurls: { AI_API_URL: `${AI_API}/v2/` },
    }),
  );
}

describe("the seed README examples, unchanged", () => {
  it("loads the deployment_ids form", () => {
    const dir = tempDir();
    const file = writeText(join(dir, "config.json"), SEED_DEPLOYMENT_IDS);
    writeDemoKeys(dir);

    const config = loadIn(dir, { configPath: file });

    expect(config.source).toBe(file);
    expect(config.subAccounts.map((account) => account.name)).toEqual(["subAccount1", "subAccount2"]);
    expect(config.subAccounts.map((account) => account.resourceGroup)).toEqual(["default", "default"]);
    const [first, second] = config.subAccounts;
    expect(first!.deploymentIds).toEqual({ "gpt-4o": ["d12345"], "gpt-4.1": ["d67890"] });
    expect(first!.deploymentModels).toEqual({});
    expect(second!.deploymentIds).toEqual({
      "gpt-4o": ["d54321"],
      "4-sonnet": ["d98765"],
      "4.5-sonnet": ["d13579"],
    });
    expect(first!.credentials).toEqual({
      type: "secret",
      clientId: "client-1",
      clientSecret: "secret-1",
      tokenUrl: `${AUTH_URL}/oauth/token`,
      aiApiUrl: AI_API,
    });
    expect(second!.credentials).toEqual({
      type: "secret",
      clientId: "client-2",
      clientSecret: "secret-2",
      tokenUrl: "https://sub2.authentication.eu10.hana.ondemand.com/oauth/token",
      aiApiUrl: AI_API,
    });
    expect(config.clientKeys).toEqual(["<hidden_key_1>", "<hidden_key_2>"]);
    expect(config.port).toBe(3001);
    expect(config.host).toBe("127.0.0.1");
    expect(config.debug).toBe(false);
    expect(config.modelFilter).toEqual({ include: [], exclude: [] });
  });

  it("loads the deployment_models (URL) form", () => {
    const dir = tempDir();
    writeText(join(dir, "config.json"), SEED_DEPLOYMENT_URLS);
    writeDemoKeys(dir);

    // No configPath: ./config.json in cwd is picked up.
    const config = loadIn(dir);

    expect(config.source).toBe(join(dir, "config.json"));
    expect(config.subAccounts.map((account) => account.name)).toEqual(["subAccount1", "subAccount2"]);
    const [first, second] = config.subAccounts;
    expect(first!.deploymentModels).toEqual({
      "gpt-4o": [`${DEPLOYMENT_BASE}/<hidden_id_1>`],
      "gpt-4.1": [`${DEPLOYMENT_BASE}/<hidden_id_1b>`],
    });
    expect(first!.deploymentIds).toEqual({});
    expect(Object.keys(second!.deploymentModels)).toEqual(["gpt-4o", "4-sonnet", "4.5-sonnet"]);
    for (const account of config.subAccounts) {
      expect(account.resourceGroup).toBe("default");
      expect(account.credentials.tokenUrl).toMatch(/^https:\/\/[^/]+\/oauth\/token$/);
      expect(account.credentials.aiApiUrl).toBe(AI_API);
      expect(account.credentials.aiApiUrl).not.toMatch(/\/v2\/?$/);
    }
    expect(config.clientKeys).toEqual(["<hidden_key_1>", "<hidden_key_2>"]);
    expect(config.port).toBe(3001);
    expect(config.host).toBe("127.0.0.1");
  });

  it("accepts both maps in one subaccount and defaults resource_group to default", () => {
    const dir = tempDir();
    writeJson(join(dir, "k.json"), secretKey());
    const file = writeJson(join(dir, "config.json"), {
      subAccounts: {
        a: {
          service_key_json: "k.json",
          deployment_models: { "gpt-4o": [`${DEPLOYMENT_BASE}/d1`] },
          deployment_ids: { "gpt-4.1": ["d2"] },
        },
        b: { resource_group: "team-b", service_key_json: "k.json" },
      },
    });

    const config = loadIn(dir, { configPath: file });

    expect(config.subAccounts[0]).toMatchObject({
      name: "a",
      resourceGroup: "default",
      deploymentModels: { "gpt-4o": [`${DEPLOYMENT_BASE}/d1`] },
      deploymentIds: { "gpt-4.1": ["d2"] },
    });
    // A subaccount listing neither map is valid: it exposes all its running deployments.
    expect(config.subAccounts[1]).toMatchObject({
      name: "b",
      resourceGroup: "team-b",
      deploymentModels: {},
      deploymentIds: {},
    });
    expect(config.clientKeys).toEqual([]);
    expect(config.port).toBe(3001);
    expect(config.host).toBe("127.0.0.1");
  });
});

describe("paths", () => {
  it("resolves service_key_json relative to the config file, not cwd", () => {
    const dir = tempDir();
    // A decoy at <cwd>/keys/a.json that must not be read.
    writeJson(join(dir, "keys", "a.json"), secretKey({ clientid: "decoy" }));
    writeJson(join(dir, "sub", "keys", "a.json"), secretKey({ clientid: "right-one" }));
    writeJson(join(dir, "sub", "config.json"), {
      subAccounts: { a: { service_key_json: "keys/a.json" } },
    });

    const config = loadIn(dir, { configPath: "sub/config.json" });

    expect(config.source).toBe(join(dir, "sub", "config.json"));
    expect(config.subAccounts[0]!.credentials.clientId).toBe("right-one");
  });

  it("falls back to the working directory (as the original proxy did) when the key is not beside the config", () => {
    const dir = tempDir();
    writeJson(join(dir, "keys", "a.json"), secretKey({ clientid: "from-cwd" }));
    const file = writeJson(join(dir, "sub", "config.json"), {
      subAccounts: { a: { service_key_json: "keys/a.json" } },
    });

    const config = loadIn(dir, { configPath: "sub/config.json" });

    expect(config.subAccounts[0]!.credentials.clientId).toBe("from-cwd");
    expect(config.warnings).toEqual([
      `${file}: subAccounts.a.service_key_json: "keys/a.json" is not in the config file's directory; using ${join(dir, "keys", "a.json")} (relative to the working directory, as the original proxy did)`,
    ]);
  });

  it("names the path beside the config file when the key is in neither place", () => {
    const dir = tempDir();
    writeJson(join(dir, "sub", "config.json"), { subAccounts: { a: { service_key_json: "keys/a.json" } } });

    expectConfigError(
      () => loadIn(dir, { configPath: "sub/config.json" }),
      join(dir, "sub", "keys", "a.json"),
      "not found",
    );
  });

  it("accepts an absolute service_key_json path", () => {
    const dir = tempDir();
    const keyFile = writeJson(join(dir, "elsewhere", "key.json"), secretKey({ clientid: "absolute" }));
    const file = writeJson(join(dir, "conf", "config.json"), {
      subAccounts: { a: { service_key_json: keyFile } },
    });

    const config = loadIn(join(dir, "conf"), { configPath: file });

    expect(config.subAccounts[0]!.credentials.clientId).toBe("absolute");
  });

  it("puts the deployment cache next to the config file unless cache_dir says otherwise", () => {
    const dir = tempDir();
    writeJson(join(dir, "sub", "k.json"), secretKey());
    writeJson(join(dir, "sub", "config.json"), { subAccounts: { a: { service_key_json: "k.json" } } });
    writeJson(join(dir, "sub", "custom.json"), {
      subAccounts: { a: { service_key_json: "k.json" } },
      cache_dir: "cache",
    });

    expect(loadIn(dir, { configPath: "sub/config.json" }).cacheDir).toBe(
      join(dir, "sub", ".cache", "deployments"),
    );
    expect(loadIn(dir, { configPath: "sub/custom.json" }).cacheDir).toBe(join(dir, "sub", "cache"));
  });

  it("reads our optional sections: api_versions and body_limit_mb", () => {
    const dir = tempDir();
    writeJson(join(dir, "k.json"), secretKey());
    writeJson(join(dir, "config.json"), {
      subAccounts: { a: { service_key_json: "k.json" } },
      api_versions: { "gpt-4o": "2024-10-21" },
      body_limit_mb: 2,
    });

    const config = loadIn(dir);

    expect(config.apiVersions).toEqual({ "gpt-4o": "2024-10-21" });
    expect(config.bodyLimitBytes).toBe(2 * 1024 * 1024);
    expect(
      loadIn(dir, {
        configPath: writeJson(join(dir, "plain.json"), {
          subAccounts: { a: { service_key_json: "k.json" } },
        }),
      }).bodyLimitBytes,
    ).toBe(100 * 1024 * 1024);
  });
});

describe("Anthropic sections", () => {
  it("reads model_aliases, bedrock_betas and stream_ping_interval_ms, with defaults", () => {
    const dir = tempDir();
    writeJson(join(dir, "k.json"), secretKey());
    writeJson(join(dir, "config.json"), {
      subAccounts: { a: { service_key_json: "k.json" } },
      model_aliases: { "claude-sonnet-4-5": "4.5-sonnet" },
      bedrock_betas: { "new-beta-2026-01-01": "new-beta-2026-01-01", "effort-2025-11-24": null },
      stream_ping_interval_ms: 2500,
    });

    const config = loadIn(dir);

    expect(config.modelAliases).toEqual({ "claude-sonnet-4-5": "4.5-sonnet" });
    expect(config.bedrockBetas).toEqual({
      "new-beta-2026-01-01": "new-beta-2026-01-01",
      "effort-2025-11-24": null,
    });
    expect(config.streamPingIntervalMs).toBe(2500);
    const plain = loadIn(dir, {
      configPath: writeJson(join(dir, "plain.json"), { subAccounts: { a: { service_key_json: "k.json" } } }),
    });
    expect(plain.modelAliases).toEqual({});
    expect(plain.bedrockBetas).toEqual({});
    expect(plain.streamPingIntervalMs).toBe(10_000);
  });

  it("rejects a negative ping interval and an empty alias target", () => {
    const dir = tempDir();
    writeJson(join(dir, "k.json"), secretKey());
    const file = writeJson(join(dir, "config.json"), {
      subAccounts: { a: { service_key_json: "k.json" } },
      stream_ping_interval_ms: -1,
      model_aliases: { sonnet: "" },
    });
    expectConfigError(() => loadIn(dir), file, "stream_ping_interval_ms", "model_aliases.sonnet");
  });
});

describe("legacy single-account form", () => {
  it("becomes one subaccount named default", () => {
    const dir = tempDir();
    writeJson(join(dir, "demokey.json"), secretKey({ clientid: "legacy-client" }));
    writeJson(join(dir, "config.json"), {
      service_key_json: "demokey.json",
      deployment_models: { "gpt-4o": [`${DEPLOYMENT_BASE}/d1`, `${DEPLOYMENT_BASE}/d2`] },
      secret_authentication_tokens: ["k1"],
      resource_group: "legacy-group",
      host: "0.0.0.0",
      port: 8080,
    });

    const config = loadIn(dir);

    expect(config.subAccounts).toHaveLength(1);
    expect(config.subAccounts[0]).toEqual({
      name: "default",
      resourceGroup: "legacy-group",
      credentials: {
        type: "secret",
        clientId: "legacy-client",
        clientSecret: "secret-1",
        tokenUrl: `${AUTH_URL}/oauth/token`,
        aiApiUrl: AI_API,
      },
      deploymentModels: { "gpt-4o": [`${DEPLOYMENT_BASE}/d1`, `${DEPLOYMENT_BASE}/d2`] },
      deploymentIds: {},
    });
    expect(config.clientKeys).toEqual(["k1"]);
    expect(config.host).toBe("0.0.0.0");
    expect(config.port).toBe(8080);
  });

  it("defaults resource_group to default", () => {
    const dir = tempDir();
    writeJson(join(dir, "demokey.json"), secretKey());
    writeJson(join(dir, "config.json"), { service_key_json: "demokey.json" });

    expect(loadIn(dir).subAccounts[0]).toMatchObject({ name: "default", resourceGroup: "default" });
  });

  it("names the top-level field, not a made-up subAccounts path, in errors", () => {
    const dir = tempDir();
    const file = writeJson(join(dir, "config.json"), { service_key_json: "missing.json" });

    const message = expectConfigError(() => loadIn(dir), file, "service_key_json", join(dir, "missing.json"));
    expect(message).not.toContain("subAccounts");
  });
});

describe("model_filters", () => {
  function loadFilters(filters: unknown) {
    const dir = tempDir();
    writeJson(join(dir, "k.json"), secretKey());
    const file = writeJson(join(dir, "config.json"), {
      model_filters: filters,
      subAccounts: { a: { service_key_json: "k.json" } },
    });
    return { file, load: () => loadIn(dir) };
  }

  it("applies include first, then exclude (seed README example)", () => {
    const { modelFilter } = loadFilters({
      include: ["^gpt-.*", "^claude-.*"],
      exclude: [".*-test$", "^experimental-.*"],
    }).load();

    expect(isModelAllowed(modelFilter, "gpt-4o")).toBe(true);
    expect(isModelAllowed(modelFilter, "claude-sonnet-4")).toBe(true);
    expect(isModelAllowed(modelFilter, "gemini-2.5-pro")).toBe(false); // not included
    expect(isModelAllowed(modelFilter, "gpt-4o-test")).toBe(false); // included, then excluded
    expect(isModelAllowed(modelFilter, "experimental-model")).toBe(false);
  });

  it("uses search semantics like Python's re.search (unanchored patterns match anywhere)", () => {
    const { modelFilter } = loadFilters({ include: ["sonnet"] }).load();

    expect(isModelAllowed(modelFilter, "anthropic--claude-4-sonnet")).toBe(true);
    expect(isModelAllowed(modelFilter, "gpt-4o")).toBe(false);
  });

  it("with only exclude, everything else is allowed", () => {
    const { modelFilter } = loadFilters({ exclude: [".*-preview$"] }).load();

    expect(isModelAllowed(modelFilter, "gpt-4o")).toBe(true);
    expect(isModelAllowed(modelFilter, "gpt-5-preview")).toBe(false);
  });

  it("allows every model without a model_filters section", () => {
    const dir = tempDir();
    writeJson(join(dir, "k.json"), secretKey());
    writeJson(join(dir, "config.json"), { subAccounts: { a: { service_key_json: "k.json" } } });

    const { modelFilter } = loadIn(dir);

    expect(isModelAllowed(modelFilter, "anything")).toBe(true);
  });

  it("accepts the wl21st spellings include_filters / exclude_filters", () => {
    const { modelFilter } = loadFilters({
      include_filters: ["^gpt-.*"],
      exclude_filters: [".*-preview$"],
    }).load();

    expect(isModelAllowed(modelFilter, "gpt-4o")).toBe(true);
    expect(isModelAllowed(modelFilter, "gpt-4o-preview")).toBe(false);
    expect(isModelAllowed(modelFilter, "claude-sonnet-4")).toBe(false);
  });

  it("combines both spellings", () => {
    const { modelFilter } = loadFilters({
      include: ["^gpt-"],
      include_filters: ["^claude-"],
      exclude: ["-mini$"],
      exclude_filters: ["-preview$"],
    }).load();

    expect(isModelAllowed(modelFilter, "gpt-4o")).toBe(true);
    expect(isModelAllowed(modelFilter, "claude-sonnet-4")).toBe(true);
    expect(isModelAllowed(modelFilter, "gpt-4o-mini")).toBe(false);
    expect(isModelAllowed(modelFilter, "claude-x-preview")).toBe(false);
    expect(isModelAllowed(modelFilter, "gemini-2.5-pro")).toBe(false);
  });

  it("rejects an invalid include regex naming model_filters.include.<index> and the file", () => {
    const { file, load } = loadFilters({ include: ["^gpt-.*", "([unclosed"] });

    expectConfigError(load, file, "model_filters.include.1", "([unclosed");
  });

  it("rejects an invalid regex at model_filters.include.0", () => {
    const { file, load } = loadFilters({ include: ["*gpt"] });

    expectConfigError(load, file, "model_filters.include.0");
  });

  it("names the field the invalid regex is in for exclude and the wl21st spellings", () => {
    const exclude = loadFilters({ exclude: ["ok", "(?<"] });
    expectConfigError(exclude.load, exclude.file, "model_filters.exclude.1");

    const includeFilters = loadFilters({ include: ["ok"], include_filters: ["["] });
    expectConfigError(includeFilters.load, includeFilters.file, "model_filters.include_filters.0");

    const excludeFilters = loadFilters({ exclude_filters: ["a", "b", ")"] });
    expectConfigError(excludeFilters.load, excludeFilters.file, "model_filters.exclude_filters.2");
  });

  it("rejects a non-string pattern with the field path", () => {
    const { file, load } = loadFilters({ include: [42] });

    expectConfigError(load, file, "model_filters.include.0");
  });

  it("rejects an unknown key in model_filters", () => {
    const { file, load } = loadFilters({ includes: ["^gpt"] });

    expectConfigError(load, file, "model_filters", "includes");
  });
});

describe("tls", () => {
  it("reads cert and key relative to the config file", () => {
    const dir = tempDir();
    writeJson(join(dir, "conf", "k.json"), secretKey());
    const certFile = writeText(join(dir, "conf", "tls", "cert.pem"), "CERT PEM");
    const keyFile = writeText(join(dir, "conf", "tls", "key.pem"), "KEY PEM");
    writeJson(join(dir, "conf", "config.json"), {
      subAccounts: { a: { service_key_json: "k.json" } },
      tls: { cert: "tls/cert.pem", key: "tls/key.pem" },
    });

    const config = loadIn(dir, { configPath: "conf/config.json" });

    expect(config.tls?.cert).toEqual(readFileSync(certFile));
    expect(config.tls?.key).toEqual(readFileSync(keyFile));
  });

  it("has no tls without the section", () => {
    const dir = tempDir();
    writeJson(join(dir, "k.json"), secretKey());
    writeJson(join(dir, "config.json"), { subAccounts: { a: { service_key_json: "k.json" } } });

    expect(loadIn(dir).tls).toBeUndefined();
  });

  it("names tls.key and the file when the key file is missing", () => {
    const dir = tempDir();
    writeJson(join(dir, "k.json"), secretKey());
    writeText(join(dir, "cert.pem"), "CERT PEM");
    const file = writeJson(join(dir, "config.json"), {
      subAccounts: { a: { service_key_json: "k.json" } },
      tls: { cert: "cert.pem", key: "nope.pem" },
    });

    expectConfigError(() => loadIn(dir), file, "tls.key", join(dir, "nope.pem"), "not found");
  });

  it("requires both cert and key", () => {
    const dir = tempDir();
    writeJson(join(dir, "k.json"), secretKey());
    const file = writeJson(join(dir, "config.json"), {
      subAccounts: { a: { service_key_json: "k.json" } },
      tls: { cert: "cert.pem" },
    });

    expectConfigError(() => loadIn(dir), file, "tls.key");
  });
});
