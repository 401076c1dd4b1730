// `sap-ai-proxy simulate` as a user runs it: the built CLI in a child process, service-key files,
// the printed landscape, and a token and deployment list fetched with those keys.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonOf } from "../helpers/simulator-client.js";

const cli = new URL("../../dist/cli/main.js", import.meta.url).pathname;
const keysDir = mkdtempSync(join(tmpdir(), "sim-keys-"));
let child: ChildProcess;
let output = "";

beforeAll(async () => {
  child = spawn(process.execPath, [cli, "simulate", "--port", "0", "--keys-dir", keysDir, "--quiet"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`simulator did not start: ${output}`)), 15_000);
    const check = setInterval(() => {
      if (output.includes("Try it:")) {
        clearInterval(check);
        clearTimeout(timer);
        resolve();
      }
    }, 20);
  });
});
afterAll(() => {
  child.kill("SIGTERM");
});

describe("sap-ai-proxy simulate", () => {
  it("prints the deployments it serves: tenant, resource group, id, model, executable", () => {
    expect(output).toMatch(/SAP AI Core simulator listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(output).toMatch(/tenant-a\s+default\s+[0-9a-f]{16}\s+gpt-4o\s+azure-openai/);
    expect(output).toMatch(/tenant-a\s+default\s+[0-9a-f]{16}\s+anthropic--claude-4\.5-sonnet\s+aws-bedrock/);
    expect(output).toMatch(/tenant-b\s+team-b\s+[0-9a-f]{16}\s+gemini-2\.5-flash\s+gcp-vertexai/);
  });

  it("writes one service key per tenant that a client can use for a token and a deployment list", async () => {
    expect(readdirSync(keysDir).sort()).toEqual(["tenant-a.json", "tenant-b.json"]);
    const key = JSON.parse(readFileSync(join(keysDir, "tenant-b.json"), "utf8"));
    expect(key).toMatchObject({
      clientid: expect.any(String),
      clientsecret: expect.any(String),
      url: expect.any(String),
    });
    const basic = Buffer.from(`${key.clientid}:${key.clientsecret}`).toString("base64");
    const tokenResponse = await fetch(`${key.url}/oauth/token`, {
      method: "POST",
      headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials",
    });
    const { access_token: token } = await jsonOf(tokenResponse);
    const listing = await fetch(`${key.serviceurls.AI_API_URL}/v2/lm/deployments`, {
      headers: { authorization: `Bearer ${token}`, "ai-resource-group": "team-b" },
    });
    expect(listing.status).toBe(200);
    expect((await jsonOf(listing)).count).toBe(8);
  });
});
