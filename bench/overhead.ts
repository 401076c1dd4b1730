/**
 * Gateway overhead benchmark: drives the gateway and, in the same run, the SAP AI Core simulator
 * directly with the same chat requests (JSON and streamed), and prints latency (p50, p99) and
 * throughput for both, plus gateway/simulator ratios. Simulator and gateway run as separate
 * processes (as in production); this process only generates load.
 *
 *   npm run bench -- [--seconds 10] [--concurrency 32]
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Pool } from "undici";

const { values } = parseArgs({
  options: { seconds: { type: "string", default: "10" }, concurrency: { type: "string", default: "32" } },
});
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);
const cli = new URL("../dist/cli/main.js", import.meta.url).pathname;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

function start(args: string[], ready: RegExp): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (match) resolve({ child, match });
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`${args[0] ?? "gateway"} exited with ${code}: ${output}`)));
  });
}

interface Target {
  name: string;
  origin: string;
  path: string;
  headers: Record<string, string>;
}

interface Result {
  latencies: number[];
  requests: number;
  errors: number;
  elapsedMs: number;
}

async function drive(target: Target, body: string, stream: boolean): Promise<Result> {
  const pool = new Pool(target.origin, { connections: concurrency, pipelining: 1 });
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  const worker = async () => {
    while (performance.now() < deadline) {
      const begin = performance.now();
      try {
        const response = await pool.request({
          method: "POST",
          path: target.path,
          headers: target.headers,
          body,
        });
        const text = await response.body.text();
        if (response.statusCode !== 200 || (stream && !text.includes("[DONE]"))) errors += 1;
        else latencies.push(performance.now() - begin);
      } catch {
        errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsedMs = performance.now() - started;
  await pool.close();
  return { latencies, requests: latencies.length, errors, elapsedMs };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function summary(result: Result) {
  const sorted = [...result.latencies].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    rps: (result.requests / result.elapsedMs) * 1000,
    errors: result.errors,
  };
}

async function main(): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), "bench-"));
  const simulator = await start(
    ["simulate", "--port", "0", "--keys-dir", directory, "--quiet", "--interval-ms", "0"],
    /listening on (http:\/\/[\d.:]+)/,
  );
  const simulatorUrl = simulator.match[1]!;
  const key = (await import(join(directory, "tenant-a.json"), { with: { type: "json" } })) as {
    default: Record<string, string> & { serviceurls: { AI_API_URL: string } };
  };
  const serviceKey = key.default;
  writeFileSync(
    join(directory, "config.json"),
    JSON.stringify({
      subAccounts: { a: { resource_group: "default", service_key_json: "tenant-a.json" } },
      secret_authentication_tokens: ["bench"],
      cache_dir: "cache",
    }),
  );
  const port = await freePort();
  const gateway = await start(
    ["-c", join(directory, "config.json"), "-p", String(port)],
    /Gateway listening/,
  );
  try {
    const token = (
      (await (
        await fetch(`${serviceKey.url}/oauth/token`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({
            grant_type: "client_credentials",
            client_id: serviceKey.clientid!,
            client_secret: serviceKey.clientsecret!,
          }),
        })
      ).json()) as { access_token: string }
    ).access_token;
    const listing = (await (
      await fetch(`${serviceKey.serviceurls.AI_API_URL}/v2/lm/deployments`, {
        headers: { authorization: `Bearer ${token}`, "ai-resource-group": "default" },
      })
    ).json()) as { resources: { id: string; configurationName: string }[] };
    const deployment = listing.resources.find((item) => item.configurationName === "gpt-4o")!.id;
    const apiPath = new URL(serviceKey.serviceurls.AI_API_URL).pathname;
    const direct: Target = {
      name: "simulator",
      origin: simulatorUrl,
      path: `${apiPath}/v2/inference/deployments/${deployment}/chat/completions?api-version=2024-10-21`,
      headers: {
        authorization: `Bearer ${token}`,
        "ai-resource-group": "default",
        "content-type": "application/json",
      },
    };
    const viaGateway: Target = {
      name: "gateway",
      origin: `http://127.0.0.1:${port}`,
      path: "/v1/chat/completions",
      headers: { authorization: "Bearer bench", "content-type": "application/json" },
    };
    const messages = [{ role: "user", content: "count to 200" }];
    const rows: string[] = [];
    for (const stream of [false, true]) {
      const simulatorBody = JSON.stringify({
        messages,
        ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
      });
      const gatewayBody = JSON.stringify({ model: "gpt-4o", messages, ...(stream ? { stream: true } : {}) });
      await drive(direct, simulatorBody, stream); // warm-up at the same load
      const base = summary(await drive(direct, simulatorBody, stream));
      await drive(viaGateway, gatewayBody, stream);
      const proxied = summary(await drive(viaGateway, gatewayBody, stream));
      const mode = stream ? "stream" : "json";
      const format = (label: string, value: ReturnType<typeof summary>) =>
        `${mode.padEnd(7)}${label.padEnd(11)}p50 ${value.p50.toFixed(2).padStart(7)} ms  p99 ${value.p99.toFixed(2).padStart(7)} ms  ${value.rps.toFixed(0).padStart(6)} req/s  errors ${value.errors}`;
      rows.push(format("simulator", base), format("gateway", proxied));
      rows.push(
        `${mode.padEnd(7)}ratio      p50 x${(proxied.p50 / base.p50).toFixed(2)}  p99 x${(proxied.p99 / base.p99).toFixed(2)}  throughput x${(proxied.rps / base.rps).toFixed(2)}  (added p50 ${(proxied.p50 - base.p50).toFixed(2)} ms)`,
      );
    }
    console.log(
      `\n${seconds}s per run, ${concurrency} concurrent requests, gpt-4o "count to 200"\n${rows.join("\n")}\n`,
    );
  } finally {
    gateway.child.kill("SIGTERM");
    simulator.child.kill("SIGTERM");
  }
}

await main();
