// x509 service keys end to end: the built gateway (a child process trusting the simulator's CA
// through Node's standard NODE_EXTRA_CA_CERTS) fetches its token from `certurl` over mutual TLS,
// with `client_id` and no secret, and serves a chat completion with it; from a config file and
// from AICORE_SERVICE_KEY. In process, without that trust, the token endpoint is refused.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Agent } from "undici";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseServiceKey } from "../../src/config/service-key.js";
import { ProxyError } from "../../src/errors/proxy-error.js";
import { TokenProvider } from "../../src/sap/token-provider.js";
import { startSimulator, type LoggedRequest, type Simulator } from "../../src/simulator/index.js";
import { freePort, runCli, stopChildren } from "../helpers/cli.js";
import { jsonOf } from "../helpers/simulator-client.js";

let simulator: Simulator;
let caFile: string;
const http = new Agent();

beforeAll(async () => {
  simulator = await startSimulator({ x509: true });
  caFile = join(mkdtempSync(join(tmpdir(), "x509-ca-")), "simulator-ca.pem");
  writeFileSync(caFile, simulator.caCertificate!);
});
afterAll(async () => {
  stopChildren();
  await simulator.close();
  await http.close();
});
beforeEach(() => {
  simulator.requestLog.clear();
});

function tokenRequests(): LoggedRequest[] {
  return simulator.requestLog.all().filter((entry) => entry.path === "/oauth/token");
}

async function chat(port: number, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`http://127.0.0.1:${port}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({
      model: "gpt-4o",
      messages: [{ role: "user", content: "reply with exactly: signed in by certificate" }],
    }),
  });
}

/** The token request went to certurl over mTLS with this tenant's certificate and no secret. */
function expectCertificateTokenRequest(tenant: string): void {
  const key = simulator.serviceKey(tenant, { x509: true });
  const requests = tokenRequests();
  expect(requests.length).toBeGreaterThanOrEqual(1);
  for (const entry of requests) {
    expect(entry).toMatchObject({ tenant, status: 200, clientCertificate: key.clientid });
    expect(entry.body).toEqual({ grant_type: "client_credentials", client_id: key.clientid });
    expect(entry.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(entry.headers.authorization).toBeUndefined();
  }
}

describe("gateway with an x509 service key", () => {
  it("gets its token over mTLS and serves a chat completion (config file)", async () => {
    const directory = mkdtempSync(join(tmpdir(), "x509-serve-"));
    writeFileSync(
      join(directory, "b.json"),
      JSON.stringify(simulator.serviceKey("tenant-b", { x509: true })),
    );
    writeFileSync(
      join(directory, "config.json"),
      JSON.stringify({
        subAccounts: { b: { service_key_json: "b.json", resource_group: "team-b" } },
        secret_authentication_tokens: ["k1"],
      }),
    );
    const port = await freePort();
    await runCli(["-c", join(directory, "config.json"), "-p", String(port)], {
      env: { NODE_EXTRA_CA_CERTS: caFile },
    });

    const response = await chat(port, { authorization: "Bearer k1" });
    expect(response.status).toBe(200);
    expect((await jsonOf(response)).choices[0].message.content).toBe("signed in by certificate");
    expectCertificateTokenRequest("tenant-b");
    const inference = simulator.requestLog
      .all({ tenant: "tenant-b" })
      .find((entry) => entry.path.endsWith("/chat/completions"));
    expect(inference).toMatchObject({ status: 200, clientCertificate: null });
    expect(inference?.headers.authorization).toBe("Bearer <redacted>");
  });

  it("gets its token over mTLS from AICORE_SERVICE_KEY (PEM with literal \\n, no config file)", async () => {
    const key = simulator.serviceKey("tenant-a", { x509: true });
    const escaped = {
      ...key,
      certificate: key.certificate.replace(/\n/g, "\\n"),
      key: key.key.replace(/\n/g, "\\n"),
    };
    const empty = mkdtempSync(join(tmpdir(), "x509-env-"));
    const port = await freePort();
    await runCli(["-p", String(port)], {
      cwd: empty,
      replaceEnv: true,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: empty,
        NODE_EXTRA_CA_CERTS: caFile,
        AICORE_SERVICE_KEY: JSON.stringify(escaped),
      },
    });

    const response = await chat(port);
    expect(response.status).toBe(200);
    expect((await jsonOf(response)).choices[0].message.content).toBe("signed in by certificate");
    expectCertificateTokenRequest("tenant-a");
  });
});

describe("TokenProvider with an x509 key", () => {
  it("refuses a token endpoint whose server certificate it does not trust", async () => {
    // This test process was not started with NODE_EXTRA_CA_CERTS, so the simulator's CA is unknown.
    const key = simulator.serviceKey("tenant-a", { x509: true });
    const credentials = parseServiceKey(key, "tenant-a");
    expect(credentials).toMatchObject({ type: "x509", tokenUrl: `${key.certurl}/oauth/token` });
    const tokens = new TokenProvider("a", credentials, { http, clock: Date.now });
    const error = await tokens.token().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ProxyError);
    expect((error as ProxyError).message).toMatch(/cannot reach the token endpoint.*certificate/);
    expect(tokenRequests()).toEqual([]);
  });
});
