// Review item 8: `api_versions` overrides (and model detection) follow the registered model a
// client's alias resolves to, not the alias itself: on /v1/chat/completions and /v1/embeddings.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../helpers/gateway.js";

let setup: TestGateway;
const auth = { authorization: "Bearer test-key", "content-type": "application/json" };

function idOf(model: string): string {
  const tenant = setup.simulator.tenants.find((entry) => entry.name === "tenant-a")!;
  return tenant.deployments.find((deployment) => deployment.model.name === model)!.id;
}

beforeAll(async () => {
  let ids: Record<string, string[]> = {};
  setup = await startTestGateway({
    subAccounts: (simulator, directory) => {
      writeFileSync(join(directory, "key.json"), JSON.stringify(simulator.serviceKey("tenant-a")));
      const tenant = simulator.tenants.find((entry) => entry.name === "tenant-a")!;
      const id = (model: string) => tenant.deployments.find((d) => d.model.name === model)!.id;
      ids = { "team-gpt": [id("gpt-4.1")], "team-embed": [id("text-embedding-3-small")] };
      return { "tenant-a": { service_key_json: "key.json", deployment_ids: ids } };
    },
    extra: {
      model_aliases: { tg: "team-gpt", te: "team-embed" },
      api_versions: { "team-gpt": "2025-03-01-preview", "team-embed": "2024-06-01" },
    },
  });
  expect(idOf("gpt-4.1")).toBe(ids["team-gpt"]![0]);
});
afterAll(() => setup.close());

function lastApiVersion(suffix: string): unknown {
  return setup.simulator.requestLog
    .all()
    .filter((entry) => entry.path.endsWith(suffix))
    .at(-1)?.query["api-version"];
}

it("chat: an alias gets the api-version configured for the model it resolves to", async () => {
  const response = await fetch(`${setup.url}/v1/chat/completions`, {
    method: "POST",
    headers: auth,
    body: JSON.stringify({ model: "tg", messages: [{ role: "user", content: "hi" }] }),
  });
  expect(response.status).toBe(200);
  expect(lastApiVersion("/chat/completions")).toBe("2025-03-01-preview");
});

it("embeddings: an alias gets the api-version configured for the model it resolves to", async () => {
  const response = await fetch(`${setup.url}/v1/embeddings`, {
    method: "POST",
    headers: auth,
    body: JSON.stringify({ model: "te", input: "hello" }),
  });
  expect(response.status).toBe(200);
  expect(lastApiVersion("/embeddings")).toBe("2024-06-01");
});
