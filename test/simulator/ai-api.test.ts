// AI API of the simulator: deployments (filters, paging, both backend-details spellings), catalog, errors.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";
import { tenantClient, type TenantClient, jsonOf } from "../helpers/simulator-client.js";

let simulator: Simulator;
let a: TenantClient;
let b: TenantClient;

beforeAll(async () => {
  simulator = await startSimulator();
  a = await tenantClient(simulator, "tenant-a");
  b = await tenantClient(simulator, "tenant-b");
});
afterAll(() => simulator.close());

async function get(client: TenantClient, path: string, resourceGroup?: string | null) {
  const headers: Record<string, string> = client.headers(resourceGroup ?? undefined);
  if (resourceGroup === null) delete headers["ai-resource-group"];
  const response = await fetch(`${client.apiUrl}${path}`, { headers });
  return { status: response.status, body: await jsonOf(response) };
}

const javaFixture = JSON.parse(
  readFileSync(
    new URL("../fixtures/sap-ai-sdk-java/core/GPT4DeploymentResponse.json", import.meta.url),
    "utf8",
  ),
);

describe("GET /v2/lm/deployments", () => {
  it("lists the resource group's deployments with the fields of SAP's recorded response", async () => {
    const { status, body } = await get(a, "/v2/lm/deployments");
    expect(status).toBe(200);
    expect(body.count).toBe(13);
    expect(body.resources).toHaveLength(13);
    const gpt = body.resources.find(
      (item: { configurationName: string }) => item.configurationName === "gpt-4o",
    );
    const recorded = javaFixture.resources?.[0] ?? javaFixture;
    for (const key of Object.keys(recorded)) expect(gpt).toHaveProperty(key);
    expect(gpt.id).toMatch(/^[0-9a-f]{16}$/);
    expect(gpt.deploymentUrl).toBe(`${a.apiUrl}/v2/inference/deployments/${gpt.id}`);
    expect(gpt.details.resources.backendDetails).toEqual({ model: { name: "gpt-4o", version: "latest" } });
    expect(gpt.details.resources.backend_details).toEqual(gpt.details.resources.backendDetails);
    expect(gpt.details.scaling).toEqual({ backendDetails: {}, backend_details: {} });
    const orchestration = body.resources.find(
      (item: { scenarioId: string }) => item.scenarioId === "orchestration",
    );
    expect(orchestration).toMatchObject({
      executableId: "orchestration",
      configurationName: "defaultOrchestrationConfig",
      details: { resources: { backendDetails: {}, backend_details: {} } },
    });
  });

  it("filters by scenarioId, status, executableIds (comma-separated) and configurationId", async () => {
    const bedrockOrVertex = await get(
      a,
      "/v2/lm/deployments?scenarioId=foundation-models&status=RUNNING&executableIds=aws-bedrock,gcp-vertexai",
    );
    expect(
      bedrockOrVertex.body.resources.map((item: { executableId: string }) => item.executableId).sort(),
    ).toEqual([...Array(5).fill("aws-bedrock"), ...Array(2).fill("gcp-vertexai")]);
    expect((await get(a, "/v2/lm/deployments?scenarioId=orchestration")).body.count).toBe(1);
    const stopped = await get(b, "/v2/lm/deployments?status=STOPPED", "team-b");
    expect(
      stopped.body.resources.map((item: { configurationName: string }) => item.configurationName),
    ).toEqual(["gpt-4.1"]);
    const one = (await get(a, "/v2/lm/deployments")).body.resources[3];
    const byConfiguration = await get(a, `/v2/lm/deployments?configurationId=${one.configurationId}`);
    expect(byConfiguration.body.resources.map((item: { id: string }) => item.id)).toEqual([one.id]);
  });

  it("pages with $top and $skip, keeping the total count", async () => {
    const all = (await get(a, "/v2/lm/deployments")).body.resources.map((item: { id: string }) => item.id);
    const page = await get(a, "/v2/lm/deployments?$top=4&$skip=3");
    expect(page.body.count).toBe(13);
    expect(page.body.resources.map((item: { id: string }) => item.id)).toEqual(all.slice(3, 7));
    const statusOnly = await get(a, "/v2/lm/deployments?$top=1&$select=status");
    expect(Object.keys(statusOnly.body.resources[0]).sort()).toEqual(["id", "status"]);
  });

  it("answers bad query values, missing and unknown resource groups in the AI API error shape", async () => {
    const badTop = await get(a, "/v2/lm/deployments?$top=abc");
    expect(badTop.status).toBe(400);
    expect(badTop.body.error).toMatchObject({
      code: expect.any(String),
      message: expect.stringContaining("$top"),
    });
    expect(badTop.body.error.requestId).toEqual(expect.any(String));
    expect((await get(a, "/v2/lm/deployments?status=RUNNNING")).status).toBe(400);
    const missing = await get(a, "/v2/lm/deployments", null);
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toContain("AI-Resource-Group");
    const unknown = await get(a, "/v2/lm/deployments", "nope");
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain("nope");
  });

  it("scopes listings to the resource group", async () => {
    expect((await get(b, "/v2/lm/deployments", "default")).body.count).toBe(0);
    expect((await get(b, "/v2/lm/deployments", "team-b")).body.count).toBe(8);
  });
});

describe("GET /v2/lm/deployments/{id}", () => {
  it("returns one deployment with statusDetails, or 404 in the AI API error shape", async () => {
    const id = a.deploymentId("anthropic--claude-4.5-sonnet");
    const found = await get(a, `/v2/lm/deployments/${id}`);
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ id, executableId: "aws-bedrock", statusDetails: {} });
    expect(found.body.details.resources.backend_details.model.name).toBe("anthropic--claude-4.5-sonnet");
    const missing = await get(a, "/v2/lm/deployments/0123456789abcdef");
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({
      message: expect.stringContaining("0123456789abcdef"),
      target: "/v2/lm/deployments/0123456789abcdef",
    });
    const otherGroup = await get(b, `/v2/lm/deployments/${b.deploymentId("gpt-4o")}`, "default");
    expect(otherGroup.status).toBe(404);
  });
});

describe("GET /v2/lm/scenarios/foundation-models/models", () => {
  it("lists the catalog in the AiModelList shape", async () => {
    const { status, body } = await get(a, "/v2/lm/scenarios/foundation-models/models");
    expect(status).toBe(200);
    expect(body.count).toBe(body.resources.length);
    const claude = body.resources.find(
      (item: { model: string }) => item.model === "anthropic--claude-4.5-sonnet",
    );
    expect(claude).toMatchObject({
      executableId: "aws-bedrock",
      allowedScenarios: [{ scenarioId: "foundation-models" }],
    });
    expect(claude.versions[0]).toMatchObject({ isLatest: true, deprecated: false, contextLength: 200000 });
  });
});

describe("root /v2 paths (shared regional API URL)", () => {
  it("resolves the tenant from the token", async () => {
    const response = await fetch(`${simulator.url}/v2/lm/deployments`, { headers: b.headers("team-b") });
    expect(response.status).toBe(200);
    expect((await jsonOf(response)).count).toBe(8);
    const anonymous = await fetch(`${simulator.url}/v2/lm/deployments`, {
      headers: { "ai-resource-group": "default" },
    });
    expect(anonymous.status).toBe(401);
  });
});
