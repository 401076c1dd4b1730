// Client-credentials tokens per subaccount against the simulator's XSUAA: cached until shortly
// before `exp`, one fetch in flight, refreshed near expiry, dropped and refetched after a 401
// (retrying the call once), bad credentials named by subaccount, each subaccount on its own token.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import OpenAI from "openai";
import { Agent } from "undici";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseServiceKey } from "../../src/config/service-key.js";
import { ProxyError } from "../../src/errors/proxy-error.js";
import { DiscoveryError } from "../../src/sap/deployment-discovery.js";
import { TokenProvider } from "../../src/sap/token-provider.js";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";
import { jsonOf } from "../helpers/simulator-client.js";
import { ConfigDir, manualClock, pathsSeen, serve, type RunningGateway } from "./setup.js";

const LIFETIME_S = 43199;
const clock = manualClock();
let simulator: Simulator;
const http = new Agent();

beforeAll(async () => {
  simulator = await startSimulator({ now: clock.now });
});
afterAll(async () => {
  await simulator.close();
  await http.close();
});
beforeEach(() => {
  simulator.requestLog.clear();
  simulator.faults.clear();
});

function provider(tenant: string, secret?: string, refreshMarginSeconds?: number): TokenProvider {
  const key = simulator.serviceKey(tenant);
  const credentials = parseServiceKey(secret === undefined ? key : { ...key, clientsecret: secret }, tenant);
  return new TokenProvider(tenant, credentials, {
    http,
    clock: clock.now,
    ...(refreshMarginSeconds === undefined ? {} : { refreshMarginSeconds }),
  });
}

function tokenRequests(): number {
  return pathsSeen(simulator).filter((path) => path === "/oauth/token").length;
}

function claimsOf(token: string): { exp: number; iat: number; zid: string } {
  return JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8"));
}

describe("TokenProvider", () => {
  it("fetches once for 20 concurrent callers and caches the token", async () => {
    const tokens = provider("tenant-a");
    const results = await Promise.all(Array.from({ length: 20 }, () => tokens.token()));
    expect(new Set(results).size).toBe(1);
    expect(tokenRequests()).toBe(1);
    const sent = simulator.requestLog.all()[0]!;
    expect(sent.method).toBe("POST");
    expect(sent.body).toMatchObject({
      grant_type: "client_credentials",
      client_id: simulator.serviceKey("tenant-a").clientid,
    });
    expect(await tokens.token()).toBe(results[0]);
    expect(tokenRequests()).toBe(1);
  });

  it("keeps the token until shortly before exp, then fetches a new one", async () => {
    const tokens = provider("tenant-a");
    const first = await tokens.token();
    expect(claimsOf(first).exp - claimsOf(first).iat).toBe(LIFETIME_S);
    // default margin: 5 minutes before exp
    clock.advance((LIFETIME_S - 301) * 1000);
    expect(await tokens.token()).toBe(first);
    expect(tokenRequests()).toBe(1);
    clock.advance(2000);
    const second = await tokens.token();
    expect(second).not.toBe(first);
    expect(tokenRequests()).toBe(2);
    expect(claimsOf(second).iat).toBe(Math.floor(clock.now() / 1000));
  });

  it("refreshes halfway through a token's life when the margin exceeds it", async () => {
    const shortLived = await startSimulator({ now: clock.now, behaviour: { tokenLifetimeSeconds: 120 } });
    try {
      const key = shortLived.serviceKey("tenant-a");
      const tokens = new TokenProvider("tenant-a", parseServiceKey(key, "key"), { http, clock: clock.now });
      const first = await tokens.token();
      clock.advance(59_000);
      expect(await tokens.token()).toBe(first);
      clock.advance(2_000);
      expect(await tokens.token()).not.toBe(first);
    } finally {
      await shortLived.close();
    }
  });

  it("drops an invalidated token but keeps a newer one", async () => {
    const tokens = provider("tenant-a");
    const first = await tokens.token();
    tokens.invalidate(first);
    const second = await tokens.token();
    expect(second).not.toBe(first);
    tokens.invalidate(first);
    expect(await tokens.token()).toBe(second);
    expect(tokenRequests()).toBe(2);
  });

  it("reports bad credentials with the subaccount's name and does not cache the failure", async () => {
    const tokens = provider("tenant-a", "wrong-secret");
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => tokens.token()));
    expect(tokenRequests()).toBe(1);
    for (const result of results) {
      expect(result.status).toBe("rejected");
      const error = (result as PromiseRejectedResult).reason as ProxyError;
      expect(error).toBeInstanceOf(ProxyError);
      expect(error.code).toBe("upstream_auth_failed");
      expect(error.message).toContain('Subaccount "tenant-a"');
      expect(error.message).toContain("invalid_client: Bad credentials");
    }
    await expect(tokens.token()).rejects.toThrow(/Subaccount "tenant-a"/);
    expect(tokenRequests()).toBe(2);
  });

  it("recovers after a failed token request (5xx is retryable)", async () => {
    simulator.faults.add({ kind: "http-error", path: "/oauth/token", status: 503, times: 1 });
    const tokens = provider("tenant-b");
    const error = (await tokens.token().catch((caught: unknown) => caught)) as ProxyError;
    expect(error).toBeInstanceOf(ProxyError);
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('Subaccount "tenant-b"');
    expect(claimsOf(await tokens.token()).zid).toBeTruthy();
  });

  it("names the subaccount when the token endpoint is unreachable", async () => {
    const key = simulator.serviceKey("tenant-a");
    const tokens = new TokenProvider(
      "tenant-a",
      parseServiceKey({ ...key, url: "http://127.0.0.1:9" }, "key"),
      { http, clock: clock.now },
    );
    const error = (await tokens.token().catch((caught: unknown) => caught)) as ProxyError;
    expect(error.code).toBe("upstream_unreachable");
    expect(error.message).toContain('Subaccount "tenant-a": cannot reach the token endpoint');
  });
});

describe("TokenProvider against a wrong XSUAA url", () => {
  it("reports a 200 HTML login page as upstream_auth_failed, not a SyntaxError", async () => {
    const server = createServer((_request, response) => {
      response.writeHead(200, { "content-type": "text/html" });
      response.end("<!DOCTYPE html><html><body>Log on</body></html>");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const key = simulator.serviceKey("tenant-a");
      const tokens = new TokenProvider(
        "tenant-a",
        parseServiceKey({ ...key, url: `http://127.0.0.1:${port}` }, "key"),
        { http, clock: clock.now },
      );
      const error = (await tokens.token().catch((caught: unknown) => caught)) as ProxyError;
      expect(error).toBeInstanceOf(ProxyError);
      expect(error.code).toBe("upstream_auth_failed");
      expect(error.status).toBe(502);
      expect(error.message).toContain('Subaccount "tenant-a"');
      expect(error.message).toContain("token endpoint did not return JSON; check the service key's url");
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe("tokens through the gateway", () => {
  let directory: ConfigDir;
  let running: RunningGateway | undefined;

  beforeEach(() => {
    directory = new ConfigDir(simulator);
  });
  afterEach(async () => {
    await running?.close();
    running = undefined;
    directory.remove();
  });

  async function start(subAccounts: Record<string, unknown>): Promise<OpenAI> {
    running = await serve(directory.config(subAccounts), { clock: clock.now });
    return new OpenAI({ apiKey: "test-key", baseURL: `${running.url}/v1`, maxRetries: 0 });
  }

  const chat = (openai: OpenAI) =>
    openai.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "reply with exactly: ok" }],
    });

  it("retries once with a fresh token after the tenant's tokens expired", async () => {
    const openai = await start({ "tenant-a": directory.account("tenant-a") });
    expect((await chat(openai)).choices[0]!.message.content).toBe("ok");
    simulator.requestLog.clear();
    simulator.expireTokens("tenant-a");
    expect((await chat(openai)).choices[0]!.message.content).toBe("ok");
    const log = simulator.requestLog.all().map((entry) => [entry.path, entry.status]);
    expect(log).toEqual([
      [expect.stringMatching(/^\/v2\/inference\/deployments\/\w+\/chat\/completions$/), 401],
      ["/oauth/token", 200],
      [expect.stringMatching(/^\/v2\/inference\/deployments\/\w+\/chat\/completions$/), 200],
    ]);
    // the fresh token is kept: no further token request
    simulator.requestLog.clear();
    await chat(openai);
    expect(tokenRequests()).toBe(0);
  });

  it("retries once on a token-expired fault and gives up after the second 401", async () => {
    const openai = await start({ "tenant-a": directory.account("tenant-a") });
    await chat(openai);
    simulator.requestLog.clear();
    simulator.faults.add({ kind: "token-expired", path: "/chat/completions", times: 1 });
    expect((await chat(openai)).choices[0]!.message.content).toBe("ok");
    expect(simulator.requestLog.all().map((entry) => [entry.path.split("/").pop(), entry.status])).toEqual([
      ["completions", 401],
      ["token", 200],
      ["completions", 200],
    ]);
    expect(simulator.requestLog.all()[0]!.fault).toBe("token-expired");

    simulator.requestLog.clear();
    simulator.faults.add({ kind: "token-expired", path: "/chat/completions", times: 2 });
    const error = await chat(openai).catch((caught: unknown) => caught);
    // SAP refusing the gateway's token is not the client's auth problem: 502, not 401
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
    expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe("upstream_auth_failed");
    expect((error as InstanceType<typeof OpenAI.APIError>).message).toContain(
      "SAP AI Core (tenant-a) answered 401: Jwt is expired",
    );
    expect(pathsSeen(simulator).map((path) => path.split("/").pop())).toEqual([
      "completions",
      "token",
      "completions",
    ]);
  });

  it("gives every subaccount its own token", async () => {
    const openai = await start({
      "tenant-a": directory.account("tenant-a"),
      "tenant-b": directory.account("tenant-b"),
    });
    simulator.requestLog.clear();
    for (let index = 0; index < 4; index++) await chat(openai);
    const inference = simulator.requestLog.all().filter((entry) => entry.path.includes("/inference/"));
    expect(inference.map((entry) => entry.status)).toEqual([200, 200, 200, 200]);
    expect(new Set(inference.map((entry) => entry.tenant))).toEqual(new Set(["tenant-a", "tenant-b"]));
    expect(inference.find((entry) => entry.tenant === "tenant-b")!.headers["ai-resource-group"]).toBe(
      "team-b",
    );
    // discovery already fetched one token per tenant; none was refetched after a 401
    expect(tokenRequests()).toBe(0);
  });

  it("a foreign token is rejected by the simulator, so each tenant needs its own", async () => {
    const tokenA = await provider("tenant-a").token();
    const response = await fetch(
      `${simulator.serviceKey("tenant-b").serviceurls.AI_API_URL}/v2/lm/deployments`,
      {
        headers: { authorization: `Bearer ${tokenA}`, "ai-resource-group": "team-b" },
      },
    );
    expect(response.status).toBe(401);
  });

  it("fails startup with the subaccount's name when its credentials are wrong", async () => {
    const config = directory.config({
      "tenant-a": directory.account("tenant-a"),
      "tenant-b": {
        ...directory.account("tenant-b"),
        service_key_json: directory.serviceKey("tenant-b", { clientsecret: "nope" }),
      },
    });
    const error = (await serve(config, { clock: clock.now }).catch((caught: unknown) => caught)) as Error;
    expect(error).toBeInstanceOf(DiscoveryError);
    expect(error.message).toMatch(
      /^Subaccount "tenant-b": token request failed with 401 \(invalid_client: Bad credentials\)/,
    );
  });

  it("answers requests with the subaccount's name when only URLs are configured and credentials are wrong", async () => {
    const url = `${simulator.serviceKey("tenant-a").serviceurls.AI_API_URL}/v2/inference/deployments/x`;
    const openai = await start({
      "tenant-a": {
        ...directory.account("tenant-a"),
        service_key_json: directory.serviceKey("tenant-a", { clientsecret: "nope" }),
        deployment_models: { "gpt-4o": [url] },
      },
    });
    const error = await chat(openai).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
    expect(
      await jsonOf(
        await fetch(`${running!.url}/v1/models`, { headers: { authorization: "Bearer test-key" } }),
      ),
    ).toMatchObject({
      data: [{ id: "gpt-4o" }],
    });
    expect((error as InstanceType<typeof OpenAI.APIError>).message).toContain('Subaccount "tenant-a"');
    expect((error as InstanceType<typeof OpenAI.APIError>).message).toContain("Bad credentials");
  });
});
