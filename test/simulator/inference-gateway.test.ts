// Checks every inference call goes through before reaching a family: token, resource group,
// deployment, executable path; and the request log that records what clients sent.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";
import { fetchToken, tenantClient, type TenantClient, jsonOf } from "../helpers/simulator-client.js";

let simulator: Simulator;
let a: TenantClient;
let b: TenantClient;
const body = JSON.stringify({ messages: [{ role: "user", content: "hi" }] });

beforeAll(async () => {
  simulator = await startSimulator();
  a = await tenantClient(simulator, "tenant-a");
  b = await tenantClient(simulator, "tenant-b");
});
afterAll(() => simulator.close());
beforeEach(() => simulator.requestLog.clear());

function post(client: TenantClient, id: string, suffix: string, headers: Record<string, string>) {
  return fetch(`${client.apiUrl}/v2/inference/deployments/${id}${suffix}`, { method: "POST", headers, body });
}

describe("inference preconditions", () => {
  it("answers 404 without AI-Resource-Group, and for a deployment of another resource group", async () => {
    const { "ai-resource-group": _group, ...headers } = a.headers();
    const missing = await post(a, a.deploymentId("gpt-4o"), "/chat/completions?api-version=1", headers);
    expect(missing.status).toBe(404);
    expect((await jsonOf(missing)).error.message).toContain("AI-Resource-Group");
    const wrongGroup = await post(
      b,
      b.deploymentId("gpt-4o"),
      "/chat/completions?api-version=1",
      b.headers("default"),
    );
    expect(wrongGroup.status).toBe(404);
  });

  it("answers 401 for a token of another tenant and for an expired token", async () => {
    const foreign = await post(b, b.deploymentId("gpt-4o"), "/chat/completions?api-version=1", {
      ...b.headers("team-b"),
      authorization: `Bearer ${a.token}`,
    });
    expect(foreign.status).toBe(401);
    const token = await fetchToken(simulator, "tenant-a");
    simulator.expireTokens("tenant-a");
    const expired = await post(a, a.deploymentId("gpt-4o"), "/chat/completions?api-version=1", {
      ...a.headers(),
      authorization: `Bearer ${token}`,
    });
    expect(expired.status).toBe(401);
    expect(await expired.text()).toBe("Jwt is expired");
    a = await tenantClient(simulator, "tenant-a");
  });

  it("answers 404 for unknown and stopped deployments and for paths of another executable", async () => {
    expect((await post(a, "0123456789abcdef", "/chat/completions?api-version=1", a.headers())).status).toBe(
      404,
    );
    const stopped = b.deploymentId("gpt-4.1");
    const stoppedResponse = await post(b, stopped, "/chat/completions?api-version=1", b.headers("team-b"));
    expect(stoppedResponse.status).toBe(404);
    expect((await jsonOf(stoppedResponse)).error.message).toContain("STOPPED");
    const wrongSuffix = await post(a, a.deploymentId("gpt-4o"), "/invoke", a.headers());
    expect(wrongSuffix.status).toBe(404);
    expect((await jsonOf(wrongSuffix)).error.message).toContain("azure-openai");
    expect((await post(a, a.deploymentId("orchestration"), "/v2/completion", a.headers())).status).toBe(404);
  });

  it("says plainly that orchestration inference is not simulated", async () => {
    const response = await post(a, a.deploymentId("orchestration"), "/v2/completion", a.headers());
    expect(response.status).toBe(404);
    expect((await jsonOf(response)).error).toMatchObject({
      code: "NotSimulated",
      message: expect.stringContaining("not simulated"),
    });
  });

  it("serves inference on the root /v2 path with the tenant taken from the token", async () => {
    const response = await fetch(
      `${simulator.url}/v2/inference/deployments/${b.deploymentId("gpt-4o")}/chat/completions?api-version=1`,
      { method: "POST", headers: b.headers("team-b"), body },
    );
    expect(response.status).toBe(200);
  });
});

describe("request log", () => {
  it("records method, path, query, headers without the token, the parsed body and the status", async () => {
    await a.infer(
      "gpt-4o",
      "/chat/completions?api-version=2024-10-21",
      { messages: [{ role: "user", content: "logged" }] },
      {
        "AI-Client-Type": "test-suite",
      },
    );
    const entry = simulator.requestLog.last()!;
    expect(entry).toMatchObject({
      tenant: "tenant-a",
      method: "POST",
      path: `/v2/inference/deployments/${a.deploymentId("gpt-4o")}/chat/completions`,
      query: { "api-version": "2024-10-21" },
      deploymentId: a.deploymentId("gpt-4o"),
      body: { messages: [{ role: "user", content: "logged" }] },
      status: 200,
      fault: null,
    });
    expect(entry.headers.authorization).toBe("Bearer <redacted>");
    expect(entry.headers["ai-client-type"]).toBe("test-suite");
    expect(JSON.stringify(simulator.requestLog.all())).not.toContain(a.token);
  });

  it("keeps token requests without the client secret and filters by tenant", async () => {
    await fetchToken(simulator, "tenant-b");
    const [entry] = simulator.requestLog.all({ tenant: "tenant-b" });
    expect(entry!.path).toBe("/oauth/token");
    expect(entry!.body).toMatchObject({ grant_type: "client_credentials", client_secret: "<redacted>" });
    expect(JSON.stringify(entry)).not.toContain(simulator.serviceKey("tenant-b").clientsecret);
  });
});
