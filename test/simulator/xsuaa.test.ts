// XSUAA token endpoint of the simulator: credential forms, token shape, rejections, expiry.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";
import { fetchToken, jsonOf } from "../helpers/simulator-client.js";

let clock = Date.parse("2026-11-21T10:00:00Z");
let simulator: Simulator;

beforeAll(async () => {
  simulator = await startSimulator({ now: () => clock, behaviour: { tokenLifetimeSeconds: 3600 } });
});
afterAll(() => simulator.close());

function decodeJwt(token: string): Record<string, unknown> {
  const parts = token.split(".");
  expect(parts).toHaveLength(3);
  return JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8"));
}

async function listDeployments(tenant: string, token: string): Promise<Response> {
  const key = simulator.serviceKey(tenant);
  return fetch(`${key.serviceurls.AI_API_URL}/v2/lm/deployments`, {
    headers: {
      authorization: `Bearer ${token}`,
      "ai-resource-group": tenant === "tenant-b" ? "team-b" : "default",
    },
  });
}

describe("POST {url}/oauth/token", () => {
  it("accepts client credentials as form fields and returns a JWT with exp", async () => {
    const key = simulator.serviceKey("tenant-a");
    const response = await fetch(`${key.url}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: key.clientid,
        client_secret: key.clientsecret,
        response_type: "token",
      }),
    });
    expect(response.status).toBe(200);
    const body = await jsonOf(response);
    expect(body).toMatchObject({ token_type: "bearer", expires_in: 3600 });
    expect(typeof body.jti).toBe("string");
    expect(typeof body.scope).toBe("string");
    const claims = decodeJwt(body.access_token);
    expect(claims.exp).toBe(Math.floor(clock / 1000) + 3600);
    expect(claims.iat).toBe(Math.floor(clock / 1000));
    expect(claims.zid).toBe(key.identityzoneid);
    expect(claims.cid).toBe(key.clientid);
    expect(claims.client_id).toBe(key.clientid);
  });

  it("accepts HTTP Basic credentials", async () => {
    const key = simulator.serviceKey("tenant-b");
    const basic = Buffer.from(`${key.clientid}:${key.clientsecret}`).toString("base64");
    const response = await fetch(`${key.url}/oauth/token`, {
      method: "POST",
      headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials",
    });
    expect(response.status).toBe(200);
    expect(decodeJwt((await jsonOf(response)).access_token).zid).toBe(key.identityzoneid);
  });

  it("answers invalid_client with a Basic challenge on bad credentials", async () => {
    const key = simulator.serviceKey("tenant-a");
    const response = await fetch(`${key.url}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: key.clientid,
        client_secret: "wrong",
      }),
    });
    expect(response.status).toBe(401);
    expect(await jsonOf(response)).toEqual({ error: "invalid_client", error_description: "Bad credentials" });
    expect(response.headers.get("www-authenticate")).toContain('Basic realm="UAA/client"');
  });

  it("answers invalid_client to malformed %-escapes in Basic credentials", async () => {
    const key = simulator.serviceKey("tenant-a");
    const basic = Buffer.from(`${key.clientid}:%E0%A4%A`).toString("base64");
    const response = await fetch(`${key.url}/oauth/token`, {
      method: "POST",
      headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: key.clientid,
        client_secret: key.clientsecret,
      }),
    });
    expect(response.status).toBe(401);
    expect(await jsonOf(response)).toEqual({ error: "invalid_client", error_description: "Bad credentials" });
  });

  it("rejects another tenant's credentials", async () => {
    const a = simulator.serviceKey("tenant-a");
    const b = simulator.serviceKey("tenant-b");
    const response = await fetch(`${a.url}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: b.clientid,
        client_secret: b.clientsecret,
      }),
    });
    expect(response.status).toBe(401);
  });

  it("rejects other grant types and non-form bodies", async () => {
    const key = simulator.serviceKey("tenant-a");
    const wrongGrant = await fetch(`${key.url}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "password",
        client_id: key.clientid,
        client_secret: key.clientsecret,
      }),
    });
    expect(wrongGrant.status).toBe(400);
    expect((await jsonOf(wrongGrant)).error).toBe("unsupported_grant_type");
    const json = await fetch(`${key.url}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ grant_type: "client_credentials" }),
    });
    expect(json.status).toBe(400);
    expect((await jsonOf(json)).error).toBe("invalid_request");
  });
});

describe("bearer checks", () => {
  it("rejects a token of one tenant on another tenant's API", async () => {
    const tokenA = await fetchToken(simulator, "tenant-a");
    expect((await listDeployments("tenant-a", tokenA)).status).toBe(200);
    const foreign = await listDeployments("tenant-b", tokenA);
    expect(foreign.status).toBe(401);
    expect(await foreign.text()).toBe("Jwt verification fails");
  });

  it("rejects missing, forged and expired tokens", async () => {
    const missing = await fetch(
      `${simulator.serviceKey("tenant-a").serviceurls.AI_API_URL}/v2/lm/deployments`,
      {
        headers: { "ai-resource-group": "default" },
      },
    );
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toContain("Bearer");
    expect(await missing.text()).toBe("Jwt is missing");

    const token = await fetchToken(simulator, "tenant-a");
    const [header, payload] = token.split(".");
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString());
    const forgedPayload = Buffer.from(JSON.stringify({ ...claims, exp: claims.exp + 99999 })).toString(
      "base64url",
    );
    expect(
      (await listDeployments("tenant-a", `${header}.${forgedPayload}.${token.split(".")[2]}`)).status,
    ).toBe(401);

    clock += 3601 * 1000;
    const expired = await listDeployments("tenant-a", token);
    expect(expired.status).toBe(401);
    expect(await expired.text()).toBe("Jwt is expired");
    const fresh = await fetchToken(simulator, "tenant-a");
    expect((await listDeployments("tenant-a", fresh)).status).toBe(200);
  });

  it("expires every issued token on demand, and new tokens work", async () => {
    const before = await fetchToken(simulator, "tenant-b");
    simulator.expireTokens("tenant-b");
    expect(await (await listDeployments("tenant-b", before)).text()).toBe("Jwt is expired");
    const after = await fetchToken(simulator, "tenant-b");
    expect((await listDeployments("tenant-b", after)).status).toBe(200);
  });
});
