// The gateway's command line as a user runs it: `npm start -- -c config.json -p <port>`, the
// demo, config errors (non-zero exit, message naming file and field), the open-auth warning.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";
import { cli, freePort, runCli, stopChildren } from "../helpers/cli.js";
import { jsonOf } from "../helpers/simulator-client.js";

const simulators: Simulator[] = [];

afterAll(async () => {
  stopChildren();
  for (const simulator of simulators) await simulator.close();
});

function run(args: string[], ready = /Gateway listening/): Promise<{ output: () => string }> {
  return runCli(args, { ready });
}

async function configWithSimulator(extra: Record<string, unknown> = {}): Promise<string> {
  const simulator = await startSimulator();
  simulators.push(simulator);
  const directory = mkdtempSync(join(tmpdir(), "serve-"));
  writeFileSync(join(directory, "a.json"), JSON.stringify(simulator.serviceKey("tenant-a")));
  writeFileSync(
    join(directory, "config.json"),
    JSON.stringify({
      subAccounts: { a: { service_key_json: "a.json" } },
      secret_authentication_tokens: ["k1"],
      ...extra,
    }),
  );
  return join(directory, "config.json");
}

describe("sap-ai-proxy -c config.json -p <port>", () => {
  it("serves the configured subaccount on the given port", async () => {
    const port = await freePort();
    await run(["-c", await configWithSimulator(), "-p", String(port)]);
    const models = await fetch(`http://127.0.0.1:${port}/v1/models`, {
      headers: { authorization: "Bearer k1" },
    });
    expect(models.status).toBe(200);
    expect((await jsonOf(models)).data.map((model: { id: string }) => model.id)).toContain("gpt-4o");
  });

  it("warns loudly when no client keys are configured", async () => {
    const port = await freePort();
    const { output } = await run([
      "-c",
      await configWithSimulator({ secret_authentication_tokens: [] }),
      "-p",
      String(port),
    ]);
    expect(output()).toContain("CLIENT AUTHENTICATION IS DISABLED");
    expect((await fetch(`http://127.0.0.1:${port}/v1/models`)).status).toBe(200);
  });

  it("exits non-zero with a message naming the file and the field on a bad config", () => {
    const directory = mkdtempSync(join(tmpdir(), "bad-"));
    const file = join(directory, "config.json");
    writeFileSync(file, JSON.stringify({ subAccounts: { a: { service_key_json: "a.json" } }, port: "3001" }));
    const result = spawnSync(process.execPath, [cli, "-c", file], { encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(file);
    expect(result.stderr).toContain("port");
  });

  it("with -p 0 prints the port it actually listens on", async () => {
    const { output } = await run(["-c", await configWithSimulator(), "-p", "0"]);
    const port = Number(/Gateway listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output())![1]);
    expect(port).toBeGreaterThan(0);
    const models = await fetch(`http://127.0.0.1:${port}/v1/models`, {
      headers: { authorization: "Bearer k1" },
    });
    expect(models.status).toBe(200);
  });

  it("accepts the original proxy's --log-requests with a warning", async () => {
    const port = await freePort();
    const { output } = await run(["-c", await configWithSimulator(), "-p", String(port), "--log-requests"]);
    expect(output()).toContain("--log-requests (from the original proxy) is accepted for compatibility");
    const models = await fetch(`http://127.0.0.1:${port}/v1/models`, {
      headers: { authorization: "Bearer k1" },
    });
    expect(models.status).toBe(200);
  });

  it("prints its version", () => {
    const result = spawnSync(process.execPath, [cli, "--version"], { encoding: "utf8" });
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe("sap-ai-proxy demo", () => {
  it("prints a base URL, a key and a curl that work", async () => {
    const port = await freePort();
    const { output } = await run(["demo", "-p", String(port)], /OpenAI SDKs and tools/);
    const text = output();
    expect(text).toContain(`http://127.0.0.1:${port}/v1`);
    const key = /API key:\s+(\S+)/.exec(text)![1]!;
    expect(text).toContain("curl ");
    const response = await fetch(`http://127.0.0.1:${port}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({
        model: "gpt-4o",
        messages: [{ role: "user", content: "Hello from the demo!" }],
      }),
    });
    expect(response.status).toBe(200);
    expect((await jsonOf(response)).choices[0].message.content).toBe("Echo: Hello from the demo!");
  });

  it("with -p 0 prints the bound port, and removes its temporary directory (service keys) when stopped", async () => {
    const { child, output } = await runCli(["demo", "-p", "0"], { ready: /OpenAI SDKs and tools/ });
    const text = output();
    const port = Number(/Gateway:\s+http:\/\/127\.0\.0\.1:(\d+)\/v1/.exec(text)![1]);
    expect(port).toBeGreaterThan(0);
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBeLessThan(500);
    const configFile = /\(config: (.+config\.json)\)/.exec(text)![1]!;
    expect(existsSync(dirname(configFile))).toBe(true);
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
    expect(existsSync(dirname(configFile))).toBe(false);
  });
});
