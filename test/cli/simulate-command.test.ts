// `sap-ai-proxy simulate` as a user runs it: the built CLI in a child process, service-key files,
// the printed landscape, and a token and deployment list fetched with those keys; with --x509,
// x509 keys, the CA file and a token over mutual TLS.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Agent, request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, stopChildren } from "../helpers/cli.js";
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

describe("sap-ai-proxy simulate --x509", () => {
  const x509KeysDir = mkdtempSync(join(tmpdir(), "sim-x509-keys-"));
  let x509Output = "";
  beforeAll(async () => {
    const { output } = await runCli(["simulate", "--port", "0", "--keys-dir", x509KeysDir, "--x509", "-q"], {
      ready: /Try it:/,
    });
    x509Output = output();
  });
  afterAll(() => stopChildren());

  it("writes x509 keys and the CA file, and names the mTLS endpoint and the trust setting", () => {
    expect(readdirSync(x509KeysDir).sort()).toEqual(["simulator-ca.pem", "tenant-a.json", "tenant-b.json"]);
    expect(x509Output).toMatch(/x509 \(mTLS\) token endpoint on https:\/\/127\.0\.0\.1:\d+/);
    expect(x509Output).toContain(`NODE_EXTRA_CA_CERTS=${join(x509KeysDir, "simulator-ca.pem")}`);
    const key = JSON.parse(readFileSync(join(x509KeysDir, "tenant-a.json"), "utf8"));
    expect(key).toMatchObject({ "credential-type": "x509", certurl: expect.stringMatching(/^https:/) });
    expect(key).not.toHaveProperty("clientsecret");
  });

  it("issues a token over mTLS to a client using the written key and CA", async () => {
    const key = JSON.parse(readFileSync(join(x509KeysDir, "tenant-a.json"), "utf8"));
    const agent = new Agent({
      connect: {
        cert: key.certificate,
        key: key.key,
        ca: readFileSync(join(x509KeysDir, "simulator-ca.pem"), "utf8"),
      },
    });
    try {
      const response = await request(`${key.certurl}/oauth/token`, {
        method: "POST",
        dispatcher: agent,
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "client_credentials", client_id: key.clientid }).toString(),
      });
      expect(response.statusCode).toBe(200);
      expect(((await response.body.json()) as { token_type: string }).token_type).toBe("bearer");
    } finally {
      await agent.close();
    }
  });
});
