// GET /health (open liveness) and GET /health/ready (the readiness view of every subaccount and
// deployment, behind the client keys), as failover changes deployment states.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../helpers/gateway.js";
import { jsonOf } from "../helpers/simulator-client.js";

const auth = { authorization: "Bearer test-key", "content-type": "application/json" };
let setup: TestGateway;
let lonely: TestGateway;

beforeAll(async () => {
  setup = await startTestGateway();
  lonely = await startTestGateway({
    simulator: { tenants: [{ name: "solo", deployments: [{ model: "gpt-4o" }] }] },
  });
});
afterAll(async () => {
  await setup.close();
  await lonely.close();
});

function chat(target: TestGateway, model: string) {
  return fetch(`${target.url}/v1/chat/completions`, {
    method: "POST",
    headers: auth,
    body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] }),
  });
}

describe("health endpoints", () => {
  it("answers liveness without a key and readiness only with one", async () => {
    expect((await fetch(`${setup.url}/health`)).status).toBe(200);
    expect((await fetch(`${setup.url}/health/ready`)).status).toBe(401);
    const ready = await fetch(`${setup.url}/health/ready`, { headers: auth });
    expect(ready.status).toBe(200);
    const report = await jsonOf(ready);
    expect(report.status).toBe("ready");
    expect(report.subAccounts.map((account: { name: string }) => account.name).sort()).toEqual([
      "tenant-a",
      "tenant-b",
    ]);
    expect(report.models["gpt-4o"]).toEqual({ ready: 2, total: 2 });
  });

  it("shows a deployment cooling down after a 429, with its error, while the model stays ready", async () => {
    const tenantA = setup.simulator.tenants.find((tenant) => tenant.name === "tenant-a")!;
    const gpt = tenantA.deployments.find((deployment) => deployment.model.name === "gpt-4o")!;
    setup.simulator.faults.add({ kind: "http-error", status: 429, retryAfter: 120, deployment: gpt.id });
    for (let index = 0; index < 2; index += 1) expect((await chat(setup, "gpt-4o")).status).toBe(200);
    const report = await jsonOf(await fetch(`${setup.url}/health/ready`, { headers: auth }));
    const view = report.subAccounts
      .find((account: { name: string }) => account.name === "tenant-a")
      .deployments.find((deployment: { deploymentId: string }) => deployment.deploymentId === gpt.id);
    expect(view).toMatchObject({ status: "cooling-down", inFlight: 0, models: ["gpt-4o"] });
    expect(Date.parse(view.availableAt)).toBeGreaterThan(Date.now() + 100_000);
    expect(view.recentErrors[0]).toMatchObject({ status: 429 });
    expect(report.models["gpt-4o"]).toEqual({ ready: 1, total: 2 });
    expect(report.status).toBe("ready");
    setup.simulator.faults.clear();
  });

  it("answers 503 when no deployment can serve", async () => {
    lonely.simulator.faults.add({ kind: "http-error", status: 503 });
    expect((await chat(lonely, "gpt-4o")).status).toBe(503);
    const response = await fetch(`${lonely.url}/health/ready`, { headers: auth });
    expect(response.status).toBe(503);
    expect((await jsonOf(response)).status).toBe("unavailable");
  });

  it("is unavailable when no model is registered at all", async () => {
    const empty = await startTestGateway({
      simulator: { tenants: [{ name: "bare", deployments: [{ model: "orchestration" }] }] },
    });
    try {
      const response = await fetch(`${empty.url}/health/ready`, { headers: auth });
      expect(response.status).toBe(503);
      expect((await jsonOf(response)).status).toBe("unavailable");
    } finally {
      await empty.close();
    }
  });
});
