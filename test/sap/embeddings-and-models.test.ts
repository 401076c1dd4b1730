// Embeddings and the model list through the gateway, driven by the official openai SDK:
// base64 (the SDK's default) and float encodings, aliases resolved to what runs behind them,
// /v1/models and /v1/models/{id} for every routable name, paths with and without /v1.
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";
import { jsonOf } from "../helpers/simulator-client.js";
import { ConfigDir, deploymentUrl, serve, type RunningGateway } from "./setup.js";

let simulator: Simulator;
let directory: ConfigDir;
let gateway: RunningGateway;
let openai: OpenAI;

beforeAll(async () => {
  simulator = await startSimulator();
  directory = new ConfigDir(simulator);
  gateway = await serve(
    directory.config({
      "tenant-a": directory.account("tenant-a"),
      "tenant-b": directory.account("tenant-b", {
        deployment_models: {
          embedder: [deploymentUrl(simulator, "tenant-b", "text-embedding-3-large")],
          "gpt-4o": [deploymentUrl(simulator, "tenant-b", "gpt-4o")],
        },
      }),
    }),
  );
  openai = new OpenAI({ apiKey: "test-key", baseURL: `${gateway.url}/v1`, maxRetries: 0 });
});
afterAll(async () => {
  await gateway.close();
  await simulator.close();
  directory.remove();
});
beforeEach(() => simulator.requestLog.clear());

const norm = (vector: number[]) => Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));

function lastInference() {
  return simulator.requestLog
    .all()
    .filter((entry) => entry.path.includes("/inference/"))
    .at(-1)!;
}

const get = (path: string) =>
  fetch(`${gateway.url}${path}`, { headers: { authorization: "Bearer test-key" } });

describe("POST /v1/embeddings", () => {
  it("serves the SDK's default base64 encoding, decoded by the SDK", async () => {
    const result = await openai.embeddings.create({
      model: "text-embedding-3-small",
      input: ["hello world", "goodbye"],
    });
    expect(result.object).toBe("list");
    expect(result.data.map((item) => item.index)).toEqual([0, 1]);
    for (const item of result.data) {
      expect(item.embedding).toHaveLength(1536);
      expect(norm(item.embedding)).toBeCloseTo(1, 4);
    }
    expect(result.usage.prompt_tokens).toBeGreaterThan(0);
    const sent = lastInference();
    expect(sent.tenant).toBe("tenant-a");
    expect(sent.path).toMatch(/\/embeddings$/);
    expect(sent.query["api-version"]).toMatch(/^\d{4}-\d{2}-\d{2}/);
    expect(sent.body).toEqual({
      model: "text-embedding-3-small",
      input: ["hello world", "goodbye"],
      encoding_format: "base64",
    });
  });

  it("gives the same vectors as float encoding, with dimensions", async () => {
    const base64 = await openai.embeddings.create({
      model: "text-embedding-3-small",
      input: "hello world",
      dimensions: 256,
    });
    const float = await openai.embeddings.create({
      model: "text-embedding-3-small",
      input: "hello world",
      dimensions: 256,
      encoding_format: "float",
    });
    expect(float.data[0]!.embedding).toHaveLength(256);
    const a = base64.data[0]!.embedding;
    const b = float.data[0]!.embedding;
    expect(a).toHaveLength(256);
    a.forEach((value, index) => expect(value).toBeCloseTo(b[index]!, 5));
  });

  it("serves an alias by the deployment behind it, in that subaccount's resource group", async () => {
    const result = await openai.embeddings.create({ model: "embedder", input: "x" });
    expect(result.data[0]!.embedding).toHaveLength(3072);
    const sent = lastInference();
    expect(sent.tenant).toBe("tenant-b");
    expect(sent.headers["ai-resource-group"]).toBe("team-b");
    expect(sent.body).toMatchObject({ model: "text-embedding-3-large" });
  });

  it("works without the /v1 prefix", async () => {
    const response = await fetch(`${gateway.url}/embeddings`, {
      method: "POST",
      headers: { authorization: "Bearer test-key", "content-type": "application/json" },
      body: JSON.stringify({ model: "text-embedding-3-small", input: "plain", encoding_format: "float" }),
    });
    expect(response.status).toBe(200);
    expect((await jsonOf(response)).data[0].embedding).toHaveLength(1536);
  });

  it("refuses chat models, unknown models and empty input", async () => {
    const chat = await openai.embeddings
      .create({ model: "gpt-4o", input: "x" })
      .catch((caught: unknown) => caught);
    expect(chat).toBeInstanceOf(OpenAI.BadRequestError);
    expect((chat as InstanceType<typeof OpenAI.APIError>).message).toContain("not an embedding model");
    const unknown = await openai.embeddings
      .create({ model: "text-embedding-9", input: "x" })
      .catch((caught: unknown) => caught);
    expect(unknown).toBeInstanceOf(OpenAI.NotFoundError);
    const empty = await openai.embeddings
      .create({ model: "text-embedding-3-small", input: [] })
      .catch((caught: unknown) => caught);
    expect(empty).toBeInstanceOf(OpenAI.BadRequestError);
    expect(lastInference()).toBeUndefined();
  });
});

describe("GET /v1/models", () => {
  it("lists every routable name once, with owners by family", async () => {
    const expected = [
      ...new Set([
        ...simulator.tenants
          .find((tenant) => tenant.name === "tenant-a")!
          .deployments.filter((deployment) => deployment.executableId !== "orchestration")
          .map((deployment) => deployment.model.name),
        "embedder",
        "gpt-4o",
      ]),
    ].sort();
    const models = await openai.models.list();
    expect(models.data.map((model) => model.id)).toEqual(expected);
    const owners = Object.fromEntries(models.data.map((model) => [model.id, model.owned_by]));
    expect(owners).toMatchObject({
      "gpt-4o": "openai",
      embedder: "openai",
      "anthropic--claude-4.5-sonnet": "anthropic",
      "gemini-2.5-pro": "google",
      "amazon--nova-pro": "amazon",
    });
    expect(models.data.every((model) => model.object === "model" && Number.isInteger(model.created))).toBe(
      true,
    );
  });

  it("is the same without the /v1 prefix", async () => {
    const withPrefix = await jsonOf(await get("/v1/models"));
    const without = await jsonOf(await get("/models"));
    expect(without).toEqual(withPrefix);
    expect(without.object).toBe("list");
  });

  it("describes one model, with and without /v1, and answers 404 for unknown ones", async () => {
    const model = await openai.models.retrieve("anthropic--claude-4.5-sonnet");
    expect(model).toMatchObject({
      id: "anthropic--claude-4.5-sonnet",
      object: "model",
      owned_by: "anthropic",
    });
    expect(await jsonOf(await get("/models/embedder"))).toMatchObject({ id: "embedder", owned_by: "openai" });
    const missing = await openai.models.retrieve("gpt-9").catch((caught: unknown) => caught);
    expect(missing).toBeInstanceOf(OpenAI.NotFoundError);
    expect((missing as InstanceType<typeof OpenAI.APIError>).code).toBe("model_not_found");
    const plain = await get("/models/gpt-9");
    expect(plain.status).toBe(404);
    expect((await jsonOf(plain)).error).toMatchObject({
      code: "model_not_found",
      type: "invalid_request_error",
    });
  });

  it("needs the client key", async () => {
    expect((await fetch(`${gateway.url}/v1/models`)).status).toBe(401);
    expect((await fetch(`${gateway.url}/models/gpt-4o`)).status).toBe(401);
  });
});
