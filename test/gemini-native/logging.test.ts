// A Gemini client's key never reaches the log, whether it came as `?key=` (masked in the request
// URLs Fastify logs in debug mode) or as `x-goog-api-key`.
import { mkdtempSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load.js";
import { createLogger, withoutQueryKey } from "../../src/observability/logger.js";
import { buildGateway, type Gateway } from "../../src/server/start-gateway.js";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";
import { allTenants } from "../helpers/gateway.js";
import { userText } from "./helpers.js";

const KEY = "secret-gemini-key-4711";
const lines: string[] = [];
let simulator: Simulator;
let gateway: Gateway;
let url: string;

beforeAll(async () => {
  simulator = await startSimulator();
  const directory = mkdtempSync(join(tmpdir(), "gateway-test-"));
  const config = { subAccounts: allTenants(simulator, directory), secret_authentication_tokens: [KEY] };
  writeFileSync(join(directory, "config.json"), JSON.stringify(config));
  gateway = await buildGateway({
    config: loadConfig({ configPath: join(directory, "config.json"), env: {}, debug: true }),
    logger: createLogger({ debug: true, destination: { write: (line: string) => void lines.push(line) } }),
  });
  await gateway.app.listen({ host: "127.0.0.1", port: 0 });
  url = `http://127.0.0.1:${(gateway.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await gateway.close();
  await simulator.close();
});

it("masks the key in logged URLs and headers", async () => {
  const path = "/v1beta/models/gemini-2.5-flash:streamGenerateContent";
  const body = JSON.stringify({ contents: [userText("reply with exactly: logged")] });
  const headers = { "content-type": "application/json" };
  const byQuery = await fetch(`${url}${path}?alt=sse&key=${KEY}`, { method: "POST", headers, body });
  expect(byQuery.status).toBe(200);
  await byQuery.text();
  const byHeader = await fetch(`${url}${path}?key=wrong`, {
    method: "POST",
    headers: { ...headers, "x-goog-api-key": KEY },
    body,
  });
  expect(byHeader.status).toBe(200);
  await byHeader.text();

  const log = lines.join("");
  expect(log).toContain("incoming request");
  expect(log).toContain("key=[redacted]");
  expect(log).toContain("content streamed");
  expect(log).not.toContain(KEY);
  expect(log).not.toContain("key=wrong");
});

it("masks every spelling of the key parameter", () => {
  expect(withoutQueryKey("/p?alt=sse&key=abc&x=1")).toBe("/p?alt=sse&key=[redacted]&x=1");
  expect(withoutQueryKey("/p?KEY=abc")).toBe("/p?KEY=[redacted]");
  expect(withoutQueryKey("/p?%6Bey=abc")).toBe("/p?%6Bey=[redacted]");
  expect(withoutQueryKey("/p?monkey=1&apikey=2")).toBe("/p?monkey=1&apikey=2");
});
