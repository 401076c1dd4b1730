// Environment overrides: CONFIG_PATH picks the file (the configPath option wins), PORT and HOST
// override the file (the port option wins), DEBUG switches debug logging.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectConfigError, loadIn, secretKey, useTempDir, writeJson } from "./helpers.js";

const tempDir = useTempDir();

/** A config file `name` in `dir` whose one subaccount is called `account`. */
function writeConfig(
  dir: string,
  name: string,
  account: string,
  extra: Record<string, unknown> = {},
): string {
  writeJson(join(dir, "key.json"), secretKey());
  return writeJson(join(dir, name), {
    subAccounts: { [account]: { service_key_json: "key.json" } },
    port: 4000,
    host: "127.0.0.1",
    ...extra,
  });
}

describe("CONFIG_PATH", () => {
  it("picks the file (relative to cwd) over ./config.json", () => {
    const dir = tempDir();
    writeConfig(dir, "config.json", "from-cwd");
    const file = writeConfig(join(dir, "etc"), "gateway.json", "from-config-path");

    const config = loadIn(dir, { env: { CONFIG_PATH: "etc/gateway.json" } });

    expect(config.source).toBe(file);
    expect(config.subAccounts[0]!.name).toBe("from-config-path");
  });

  it("accepts an absolute path", () => {
    const dir = tempDir();
    const file = writeConfig(join(dir, "etc"), "gateway.json", "absolute");

    expect(loadIn(join(dir, "elsewhere"), { env: { CONFIG_PATH: file } }).subAccounts[0]!.name).toBe(
      "absolute",
    );
  });

  it("loses to the configPath option", () => {
    const dir = tempDir();
    writeConfig(dir, "env.json", "from-env");
    const file = writeConfig(dir, "option.json", "from-option");

    const config = loadIn(dir, { configPath: "option.json", env: { CONFIG_PATH: "env.json" } });

    expect(config.source).toBe(file);
    expect(config.subAccounts[0]!.name).toBe("from-option");
  });

  it("wins over SAP credential sources", () => {
    const dir = tempDir();
    writeConfig(dir, "gateway.json", "from-file");

    const config = loadIn(dir, {
      env: { CONFIG_PATH: "gateway.json", AICORE_SERVICE_KEY: JSON.stringify(secretKey()) },
    });

    expect(config.subAccounts[0]!.name).toBe("from-file");
  });
});

describe("PORT and HOST", () => {
  it("use the file's values without overrides", () => {
    const dir = tempDir();
    writeConfig(dir, "config.json", "a", { host: "0.0.0.0" });

    const config = loadIn(dir);

    expect(config.port).toBe(4000);
    expect(config.host).toBe("0.0.0.0");
  });

  it("override the file", () => {
    const dir = tempDir();
    writeConfig(dir, "config.json", "a");

    const config = loadIn(dir, { env: { PORT: "5005", HOST: "0.0.0.0" } });

    expect(config.port).toBe(5005);
    expect(config.host).toBe("0.0.0.0");
  });

  it("the port option wins over PORT", () => {
    const dir = tempDir();
    writeConfig(dir, "config.json", "a");

    expect(loadIn(dir, { port: 6006, env: { PORT: "5005" } }).port).toBe(6006);
  });

  it("the port option wins over the file", () => {
    const dir = tempDir();
    writeConfig(dir, "config.json", "a");

    expect(loadIn(dir, { port: 0 }).port).toBe(0);
  });

  it("empty PORT and HOST are ignored", () => {
    const dir = tempDir();
    writeConfig(dir, "config.json", "a");

    const config = loadIn(dir, { env: { PORT: "", HOST: "" } });

    expect(config.port).toBe(4000);
    expect(config.host).toBe("127.0.0.1");
  });

  it.each(["abc", "70000", "-1", "3001.5", "0x10", "1e3"])("PORT=%s is a ConfigError naming PORT", (port) => {
    const dir = tempDir();
    writeConfig(dir, "config.json", "a");

    expectConfigError(() => loadIn(dir, { env: { PORT: port } }), "PORT", `"${port}"`);
  });

  it("a valid port option is not checked against a bad PORT", () => {
    const dir = tempDir();
    writeConfig(dir, "config.json", "a");

    expect(loadIn(dir, { port: 7007, env: { PORT: "abc" } }).port).toBe(7007);
  });

  it("PORT also applies when credentials come from SAP's sources", () => {
    const dir = tempDir();

    const config = loadIn(dir, {
      env: { AICORE_SERVICE_KEY: JSON.stringify(secretKey()), PORT: "8088", HOST: "::" },
    });

    expect(config.port).toBe(8088);
    expect(config.host).toBe("::");
  });
});

describe("DEBUG", () => {
  it.each([
    ["1", true],
    ["true", true],
    ["TRUE", true],
    ["yes", true],
    ["0", false],
    ["false", false],
    ["False", false],
    ["no", false],
    ["", false],
  ])("DEBUG=%j -> debug %s", (value, expected) => {
    const dir = tempDir();
    writeConfig(dir, "config.json", "a");

    expect(loadIn(dir, { env: { DEBUG: value } }).debug).toBe(expected);
  });

  it("is off without DEBUG", () => {
    const dir = tempDir();
    writeConfig(dir, "config.json", "a");

    expect(loadIn(dir).debug).toBe(false);
  });

  it("the debug option wins over DEBUG", () => {
    const dir = tempDir();
    writeConfig(dir, "config.json", "a");

    expect(loadIn(dir, { debug: true, env: { DEBUG: "0" } }).debug).toBe(true);
    expect(loadIn(dir, { debug: false, env: { DEBUG: "1" } }).debug).toBe(false);
  });
});
