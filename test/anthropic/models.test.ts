// GET /v1/models in both shapes on one path: Anthropic's for clients that send anthropic-version
// (the SDK, Claude Code's gateway model discovery), OpenAI's for everyone else; Claude models
// listed with their Anthropic ids; every listed id routable; configured aliases.
import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../helpers/gateway.js";
import { jsonOf } from "../helpers/simulator-client.js";
import { ANTHROPIC_HEADERS, lastInference } from "./helpers.js";

let setup: TestGateway;
let client: Anthropic;

beforeAll(async () => {
  setup = await startTestGateway({
    extra: { model_aliases: { "team-default": "claude-opus-4-6", sonnet: "anthropic--claude-4.6-sonnet" } },
  });
  client = new Anthropic({ apiKey: "test-key", baseURL: setup.url, maxRetries: 0 });
});
afterAll(() => setup.close());

const anthropicGet = (path: string) => fetch(`${setup.url}${path}`, { headers: ANTHROPIC_HEADERS });

describe("GET /v1/models for Anthropic clients", () => {
  it("lists Claude models next to their Anthropic ids and aliases, then Gemini and GPT chat models", async () => {
    const response = await anthropicGet("/v1/models?limit=1000");
    expect(response.status).toBe(200);
    const page = await jsonOf(response);
    const ids = page.data.map((model: { id: string }) => model.id);
    expect(ids).toEqual([
      "anthropic--claude-4.5-haiku",
      "claude-haiku-4-5",
      "anthropic--claude-4.5-sonnet",
      "claude-sonnet-4-5",
      "anthropic--claude-4.6-opus",
      "claude-opus-4-6",
      "team-default",
      "anthropic--claude-4.6-sonnet",
      "claude-sonnet-4-6",
      "sonnet",
      "gemini-2.5-flash",
      "gemini-2.5-pro",
      "gemini-3.5-flash",
      "gpt-4.1",
      "gpt-4o",
      "gpt-5",
      "o4-mini",
    ]);
    expect(page).toMatchObject({ has_more: false, first_id: ids[0], last_id: ids.at(-1) });
    expect(page.data[3]).toEqual({
      type: "model",
      id: "claude-sonnet-4-5",
      display_name: "Claude Sonnet 4.5",
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it("pages through the SDK's auto-pagination", async () => {
    const ids: string[] = [];
    for await (const model of client.models.list({ limit: 3 })) ids.push(model.id);
    expect(ids).toHaveLength(17);
    expect(new Set(ids).size).toBe(17);
    const first = await client.models.list({ limit: 3 });
    expect(first.has_more).toBe(true);
  });

  it("routes every listed id", async () => {
    const { data } = await jsonOf(await anthropicGet("/models?limit=1000"));
    for (const { id } of data) {
      const message = await client.messages.create({
        model: id,
        max_tokens: 400,
        messages: [{ role: "user", content: "say exactly: routed" }],
      });
      expect(message.content[0]).toMatchObject({ text: "routed" });
    }
    // configured aliases resolve to what they name
    await client.messages.create({
      model: "team-default",
      max_tokens: 20,
      messages: [{ role: "user", content: "say exactly: opus" }],
    });
    const opus = setup.simulator.tenants
      .flatMap((tenant) => tenant.deployments)
      .find((deployment) => deployment.model.name === "anthropic--claude-4.6-opus")!;
    expect(lastInference(setup).deploymentId).toBe(opus.id);
  });

  it("describes one model, and answers 404 for unknown ones", async () => {
    expect(await client.models.retrieve("claude-opus-4-6")).toMatchObject({
      type: "model",
      id: "claude-opus-4-6",
      display_name: "Claude Opus 4.6",
    });
    const missing = await client.models.retrieve("claude-opus-9").catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(Anthropic.NotFoundError);
  });
});

describe("GET /v1/models for OpenAI clients", () => {
  it("keeps OpenAI's shape without anthropic-version", async () => {
    const response = await fetch(`${setup.url}/v1/models`, { headers: { authorization: "Bearer test-key" } });
    const list = await jsonOf(response);
    expect(list.object).toBe("list");
    expect(list.data.map((model: { id: string }) => model.id)).toContain("gpt-4o");
    expect(list.data[0]).toMatchObject({ object: "model", owned_by: expect.any(String) });
    const alias = await fetch(`${setup.url}/v1/models/claude-sonnet-4-5`, {
      headers: { authorization: "Bearer test-key" },
    });
    expect(await jsonOf(alias)).toMatchObject({ id: "claude-sonnet-4-5", owned_by: "anthropic" });
  });
});
