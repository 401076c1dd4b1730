// The simulator's x509 mode: x509 service keys, the CA, and the `certurl` token endpoint over
// mutual TLS, which needs the tenant's own client certificate and takes no client secret.
import { X509Certificate } from "node:crypto";
import { Agent, request } from "undici";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSimulator, type Simulator, type X509ServiceKey } from "../../src/simulator/index.js";
import { jsonOf } from "../helpers/simulator-client.js";

let simulator: Simulator;
const agents: Agent[] = [];

beforeAll(async () => {
  simulator = await startSimulator({ x509: true });
});
afterAll(async () => {
  await Promise.all(agents.map((agent) => agent.close()));
  await simulator.close();
});
beforeEach(() => {
  simulator.requestLog.clear();
  simulator.faults.clear();
});

/** An undici agent presenting `key`'s certificate (or none) and trusting the simulator's CA. */
function agentFor(key: Pick<X509ServiceKey, "certificate" | "key"> | undefined): Agent {
  const agent = new Agent({
    connect: { ca: simulator.caCertificate!, ...(key ? { cert: key.certificate, key: key.key } : {}) },
  });
  agents.push(agent);
  return agent;
}

function tokenRequest(url: string, dispatcher: Agent, body: Record<string, string>) {
  return request(`${url}/oauth/token`, {
    method: "POST",
    dispatcher,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(body).toString(),
  });
}

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8"));
}

describe("x509 service keys", () => {
  it("have clientid, PEM certificate and key, certurl on HTTPS, the usual url and AI_API_URL, no secret", () => {
    const secretKey = simulator.serviceKey("tenant-a");
    const key = simulator.serviceKey("tenant-a", { x509: true });
    expect(key).toMatchObject({
      clientid: secretKey.clientid,
      url: secretKey.url,
      serviceurls: secretKey.serviceurls,
      identityzoneid: secretKey.identityzoneid,
      "credential-type": "x509",
      certurl: `${simulator.x509Url}/xsuaa/tenant-a`,
    });
    expect(key).not.toHaveProperty("clientsecret");
    expect(simulator.x509Url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(key.certificate).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+\n-----END CERTIFICATE-----\n?$/);
    expect(key.key).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n?$/);
  });

  it("carry a client certificate for the client id, signed by the simulator's CA", () => {
    const ca = new X509Certificate(simulator.caCertificate!);
    expect(ca.ca).toBe(true);
    for (const tenant of ["tenant-a", "tenant-b"]) {
      const key = simulator.serviceKey(tenant, { x509: true });
      const certificate = new X509Certificate(key.certificate);
      expect(certificate.subject.split("\n")).toContain(`CN=${key.clientid}`);
      expect(certificate.checkIssued(ca)).toBe(true);
      expect(certificate.verify(ca.publicKey)).toBe(true);
      expect(certificate.keyUsage).toContain("1.3.6.1.5.5.7.3.2"); // clientAuth
    }
  });

  it("are listed with the CA by the landscape description", () => {
    const landscape = simulator.landscape();
    expect(landscape.caCertificate).toBe(simulator.caCertificate);
    expect(landscape.tenants[1]?.x509ServiceKey).toEqual(simulator.serviceKey("tenant-b", { x509: true }));
  });

  it("need a simulator in x509 mode", async () => {
    const plain = await startSimulator();
    try {
      expect(plain.caCertificate).toBeUndefined();
      expect(plain.x509Url).toBeUndefined();
      expect(() => plain.serviceKey("tenant-a", { x509: true })).toThrow(/x509: true/);
    } finally {
      await plain.close();
    }
  });
});

describe("POST {certurl}/oauth/token over mutual TLS", () => {
  it("rejects a TLS client without a certificate at the handshake", async () => {
    const key = simulator.serviceKey("tenant-a", { x509: true });
    await expect(
      tokenRequest(key.certurl, agentFor(undefined), {
        grant_type: "client_credentials",
        client_id: key.clientid,
      }),
    ).rejects.toThrow();
    expect(simulator.requestLog.all()).toEqual([]);
  });

  it("rejects a client whose certificate is not signed by the simulator's CA", async () => {
    const key = simulator.serviceKey("tenant-a", { x509: true });
    const other = await startSimulator({ x509: true });
    try {
      const foreign = other.serviceKey("tenant-a", { x509: true });
      await expect(
        tokenRequest(key.certurl, agentFor(foreign), {
          grant_type: "client_credentials",
          client_id: key.clientid,
        }),
      ).rejects.toThrow();
    } finally {
      await other.close();
    }
  });

  it("answers invalid_client when the certificate belongs to another tenant", async () => {
    const key = simulator.serviceKey("tenant-a", { x509: true });
    const other = simulator.serviceKey("tenant-b", { x509: true });
    const response = await tokenRequest(key.certurl, agentFor(other), {
      grant_type: "client_credentials",
      client_id: key.clientid,
    });
    expect(response.statusCode).toBe(401);
    expect(response.headers["www-authenticate"]).toContain('Basic realm="UAA/client"');
    expect(await response.body.json()).toEqual({
      error: "invalid_client",
      error_description: "Bad credentials",
    });
    expect(simulator.requestLog.last()).toMatchObject({
      tenant: "tenant-a",
      path: "/oauth/token",
      status: 401,
      clientCertificate: other.clientid,
    });
  });

  it("answers invalid_client when client_id names another client than the certificate", async () => {
    const key = simulator.serviceKey("tenant-a", { x509: true });
    const dispatcher = agentFor(key);
    for (const clientId of [simulator.serviceKey("tenant-b").clientid, undefined]) {
      const response = await tokenRequest(key.certurl, dispatcher, {
        grant_type: "client_credentials",
        ...(clientId ? { client_id: clientId } : {}),
      });
      expect(response.statusCode).toBe(401);
      expect(await response.body.json()).toMatchObject({ error: "invalid_client" });
    }
  });

  it("issues the tenant a token, like the secret flow, for its own certificate and client id", async () => {
    const key = simulator.serviceKey("tenant-b", { x509: true });
    const response = await tokenRequest(key.certurl, agentFor(key), {
      grant_type: "client_credentials",
      client_id: key.clientid,
    });
    expect(response.statusCode).toBe(200);
    const body = (await response.body.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      token_type: "bearer",
      expires_in: simulator.behaviour.tokenLifetimeSeconds,
    });
    const token = body.access_token as string;
    expect(claimsOf(token)).toMatchObject({
      zid: key.identityzoneid,
      cid: key.clientid,
      iss: `${key.url}/oauth/token`,
    });
    const logged = simulator.requestLog.last()!;
    expect(logged).toMatchObject({ tenant: "tenant-b", path: "/oauth/token", status: 200 });
    expect(logged.clientCertificate).toBe(key.clientid);
    expect(logged.body).toEqual({ grant_type: "client_credentials", client_id: key.clientid });

    // The token works on the AI API, which stays on the plain HTTP listener.
    const listing = await fetch(`${key.serviceurls.AI_API_URL}/v2/lm/deployments`, {
      headers: { authorization: `Bearer ${token}`, "ai-resource-group": "team-b" },
    });
    expect(listing.status).toBe(200);
    expect((await jsonOf(listing)).count).toBe(8);
    expect(simulator.requestLog.last()?.clientCertificate).toBeNull();
  });

  it("applies fault rules as the secret flow does", async () => {
    const key = simulator.serviceKey("tenant-a", { x509: true });
    simulator.faults.add({
      tenant: "tenant-a",
      path: "/oauth/token",
      kind: "http-error",
      status: 503,
      times: 1,
    });
    const dispatcher = agentFor(key);
    const form = { grant_type: "client_credentials", client_id: key.clientid };
    expect((await tokenRequest(key.certurl, dispatcher, form)).statusCode).toBe(503);
    expect((await tokenRequest(key.certurl, dispatcher, form)).statusCode).toBe(200);
  });

  it("does not give a token for the client id alone on the plain XSUAA url", async () => {
    const key = simulator.serviceKey("tenant-a", { x509: true });
    const response = await fetch(`${key.url}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "client_credentials", client_id: key.clientid }),
    });
    expect(response.status).toBe(401);
  });

  it("serves only the token endpoint", async () => {
    const key = simulator.serviceKey("tenant-a", { x509: true });
    const response = await request(`${simulator.x509Url}/api/tenant-a/v2/lm/deployments`, {
      dispatcher: agentFor(key),
    });
    expect(response.statusCode).toBe(404);
    await response.body.dump();
  });
});
