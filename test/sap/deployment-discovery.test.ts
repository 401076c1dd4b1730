// Deployment discovery at startup against the simulator: deployment_models URLs and
// deployment_ids mixed (also within one subaccount), auto-discovery of RUNNING deployments,
// families from the AI API (names only as a fallback), mismatch warnings, unknown ids, model
// filters, and the 7-day on-disk cache with --refresh-cache.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import OpenAI from "openai";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Candidate } from "../../src/routing/model-registry.js";
import { DiscoveryError } from "../../src/sap/deployment-discovery.js";
import { toDeploymentInfo } from "../../src/sap/deployments-api.js";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";
import {
  captureLogger,
  ConfigDir,
  DAY,
  deploymentId,
  deploymentUrl,
  HOUR,
  manualClock,
  pathsSeen,
  serve,
  WARN,
  type RunningGateway,
} from "./setup.js";

const clock = manualClock();
let simulator: Simulator;
let directory: ConfigDir;
const running: RunningGateway[] = [];

beforeAll(async () => {
  simulator = await startSimulator({ now: clock.now });
});
afterAll(() => simulator.close());
beforeEach(() => {
  simulator.requestLog.clear();
  simulator.faults.clear();
  directory = new ConfigDir(simulator);
});
afterEach(async () => {
  for (const gateway of running.splice(0)) await gateway.close();
  directory.remove();
});

async function start(
  subAccounts: Record<string, unknown>,
  options: { extra?: Record<string, unknown>; refreshCache?: boolean } = {},
) {
  const capture = captureLogger();
  const gateway = await serve(directory.config(subAccounts, options.extra), {
    clock: clock.now,
    logger: capture.logger,
    ...(options.refreshCache ? { refreshCache: true } : {}),
  });
  running.push(gateway);
  const registry = gateway.gateway.context.registry;
  const openai = new OpenAI({ apiKey: "test-key", baseURL: `${gateway.url}/v1`, maxRetries: 0 });
  return { ...capture, gateway, registry, openai };
}

/** What startup would log or throw, without keeping a gateway. */
async function startupError(subAccounts: Record<string, unknown>): Promise<Error> {
  const result = await serve(directory.config(subAccounts), { clock: clock.now }).then(
    (gateway) => {
      running.push(gateway);
      return new Error("startup succeeded");
    },
    (error: unknown) => error as Error,
  );
  return result;
}

function only(candidates: readonly Candidate[]): Candidate {
  expect(candidates).toHaveLength(1);
  return candidates[0]!;
}

/** Models the simulator runs (RUNNING, not orchestration) for the given tenants. */
function runningModels(...tenants: string[]): string[] {
  const names = simulator.tenants
    .filter((tenant) => tenants.includes(tenant.name))
    .flatMap((tenant) => tenant.deployments)
    .filter((deployment) => deployment.status === "RUNNING" && deployment.executableId !== "orchestration")
    .map((deployment) => deployment.model.name);
  return [...new Set(names)].sort();
}

const ask = (openai: OpenAI, model: string) =>
  openai.chat.completions.create({ model, messages: [{ role: "user", content: "reply with exactly: ok" }] });

describe("auto-discovery (neither deployment_models nor deployment_ids)", () => {
  it("exposes every RUNNING deployment under its SAP model name, not STOPPED ones nor orchestration", async () => {
    const { registry, openai } = await start({
      "tenant-a": directory.account("tenant-a"),
      "tenant-b": directory.account("tenant-b"),
    });
    expect(registry.names()).toEqual(runningModels("tenant-a", "tenant-b"));
    expect(registry.names()).not.toContain("orchestration");
    // gpt-4.1 is STOPPED in tenant-b, RUNNING in tenant-a
    expect(only(registry.candidates("gpt-4.1")).subAccount).toBe("tenant-a");
    expect(registry.candidates("gpt-4o").map((candidate) => candidate.subAccount)).toEqual([
      "tenant-a",
      "tenant-b",
    ]);
    const b = only(registry.candidates("gemini-3.5-flash"));
    expect(b).toMatchObject({
      subAccount: "tenant-b",
      resourceGroup: "team-b",
      deploymentId: deploymentId(simulator, "tenant-b", "gemini-3.5-flash"),
      deploymentUrl: deploymentUrl(simulator, "tenant-b", "gemini-3.5-flash"),
      family: "vertex-gemini",
      sapModel: "gemini-3.5-flash",
    });
    const families = Object.fromEntries(
      registry.names().map((name) => [name, registry.candidates(name)[0]!.family]),
    );
    expect(families).toMatchObject({
      "gpt-4o": "azure-openai-chat",
      "o4-mini": "azure-openai-chat",
      "text-embedding-3-small": "azure-openai-embedding",
      "anthropic--claude-4.5-sonnet": "bedrock-claude",
      "amazon--nova-pro": "bedrock-other",
      "amazon--titan-embed-text": "bedrock-other",
      "gemini-2.5-pro": "vertex-gemini",
    });
    // both subaccounts serve gpt-4o: requests alternate between them
    simulator.requestLog.clear();
    await ask(openai, "gpt-4o");
    await ask(openai, "gpt-4o");
    expect(pathsSeen(simulator).length).toBe(2);
    expect(simulator.requestLog.all().map((entry) => entry.tenant)).toEqual(["tenant-a", "tenant-b"]);
  });

  it("asks the AI API once per subaccount, with the resource group", async () => {
    await start({ "tenant-b": directory.account("tenant-b") });
    const listings = simulator.requestLog.all().filter((entry) => entry.path === "/v2/lm/deployments");
    expect(listings).toHaveLength(1);
    expect(listings[0]!.headers["ai-resource-group"]).toBe("team-b");
    expect(listings[0]!.query).toMatchObject({ $top: "10000" });
  });
});

describe("deployment_models and deployment_ids", () => {
  it("may be mixed, also within one subaccount, next to an auto-discovering one", async () => {
    const sonnetId = deploymentId(simulator, "tenant-a", "anthropic--claude-4.5-sonnet");
    const { registry, openai, messages } = await start({
      "tenant-a": directory.account("tenant-a", {
        deployment_models: {
          "gpt-4o": [deploymentUrl(simulator, "tenant-a", "gpt-4o")],
          "claude-sonnet": [`${deploymentUrl(simulator, "tenant-a", "anthropic--claude-4.5-sonnet")}/`],
        },
        deployment_ids: {
          "4.5-sonnet": [sonnetId],
          "gpt-5": [deploymentId(simulator, "tenant-a", "gpt-5")],
        },
      }),
      "tenant-b": directory.account("tenant-b"),
    });
    // tenant-a exposes only what it configures, tenant-b everything it runs
    expect(registry.names()).toEqual(
      [...new Set(["gpt-4o", "claude-sonnet", "4.5-sonnet", "gpt-5", ...runningModels("tenant-b")])].sort(),
    );
    expect(registry.names()).not.toContain("gemini-2.5-pro");
    // aliases are recognised by what runs behind them
    for (const alias of ["4.5-sonnet", "claude-sonnet"]) {
      expect(only(registry.candidates(alias))).toEqual({
        subAccount: "tenant-a",
        resourceGroup: "default",
        deploymentId: sonnetId,
        deploymentUrl: deploymentUrl(simulator, "tenant-a", "anthropic--claude-4.5-sonnet"),
        family: "bedrock-claude",
        sapModel: "anthropic--claude-4.5-sonnet",
      });
    }
    expect(
      registry.candidates("gpt-5").map((candidate) => [candidate.subAccount, candidate.sapModel]),
    ).toEqual([
      ["tenant-a", "gpt-5"],
      ["tenant-b", "gpt-5"],
    ]);
    expect(messages(WARN)).toEqual([]);
    // the configured URL and the resolved id both serve
    simulator.requestLog.clear();
    expect((await ask(openai, "gpt-5")).choices[0]!.message.content).toBe("ok");
    expect((await ask(openai, "gpt-5")).choices[0]!.message.content).toBe("ok");
    expect((await ask(openai, "gpt-4o")).choices[0]!.message.content).toBe("ok");
    expect(simulator.requestLog.all().map((entry) => [entry.tenant, entry.status])).toEqual([
      ["tenant-a", 200],
      ["tenant-b", 200],
      ["tenant-a", 200],
    ]);
  });

  it("takes the family from the AI API even when the name says otherwise, and warns", async () => {
    const geminiId = deploymentId(simulator, "tenant-a", "gemini-2.5-pro");
    const gpt41Id = deploymentId(simulator, "tenant-a", "gpt-4.1");
    const haikuId = deploymentId(simulator, "tenant-a", "anthropic--claude-4.5-haiku");
    const embeddingUrl = deploymentUrl(simulator, "tenant-a", "text-embedding-3-small");
    const { registry, lines } = await start({
      "tenant-a": directory.account("tenant-a", {
        deployment_ids: { "gpt-4": [geminiId], "gpt-4o": [gpt41Id] },
        deployment_models: {
          "claude-sonnet": [deploymentUrl(simulator, "tenant-a", "anthropic--claude-4.5-haiku")],
          embedder: [embeddingUrl],
        },
      }),
    });
    expect(only(registry.candidates("gpt-4"))).toMatchObject({
      family: "vertex-gemini",
      sapModel: "gemini-2.5-pro",
    });
    expect(only(registry.candidates("gpt-4o"))).toMatchObject({
      family: "azure-openai-chat",
      sapModel: "gpt-4.1",
    });
    expect(only(registry.candidates("claude-sonnet"))).toMatchObject({
      family: "bedrock-claude",
      sapModel: "anthropic--claude-4.5-haiku",
    });
    expect(only(registry.candidates("embedder"))).toMatchObject({
      family: "azure-openai-embedding",
      sapModel: "text-embedding-3-small",
    });
    const warnings = lines.filter((line) => line.level === WARN);
    expect(warnings.map((line) => line.msg).sort()).toEqual(
      [
        `Configuration mismatch: Model 'gpt-4' mapped to deployment '${geminiId}' which is running 'gemini-2.5-pro' (Family mismatch)`,
        `Configuration mismatch: Model 'gpt-4o' mapped to deployment '${gpt41Id}' which is running 'gpt-4.1' (Version mismatch)`,
        `Configuration mismatch: Model 'claude-sonnet' mapped to deployment '${haikuId}' which is running 'anthropic--claude-4.5-haiku' (Variant mismatch)`,
      ].sort(),
    );
    expect(warnings.every((line) => line.subAccount === "tenant-a")).toBe(true);
  });

  it("guesses families from names when only URLs are configured and the listing fails", async () => {
    simulator.faults.add({ kind: "http-error", path: "/v2/lm/deployments", status: 500 });
    const { registry, messages, openai } = await start({
      "tenant-a": directory.account("tenant-a", {
        deployment_models: {
          "claude-sonnet": [deploymentUrl(simulator, "tenant-a", "anthropic--claude-4.5-sonnet")],
          "gpt-4o": [deploymentUrl(simulator, "tenant-a", "gpt-4o")],
        },
      }),
    });
    expect(only(registry.candidates("claude-sonnet"))).toMatchObject({
      family: "bedrock-claude",
      sapModel: null,
    });
    expect(only(registry.candidates("gpt-4o"))).toMatchObject({
      family: "azure-openai-chat",
      sapModel: null,
    });
    expect(messages(WARN)).toEqual([
      expect.stringMatching(
        /^Cannot list deployments \(Subaccount "tenant-a": listing deployments of resource group "default" failed with 500: .*\); model families are guessed from names$/,
      ),
    ]);
    simulator.faults.clear();
    expect((await ask(openai, "gpt-4o")).choices[0]!.message.content).toBe("ok");
  });

  it("fails startup when the listing fails and deployments must be discovered", async () => {
    simulator.faults.add({ kind: "http-error", path: "/v2/lm/deployments", status: 503 });
    const error = await startupError({
      "tenant-a": directory.account("tenant-a", {
        deployment_ids: { "gpt-4o": [deploymentId(simulator, "tenant-a", "gpt-4o")] },
      }),
    });
    expect(error).toBeInstanceOf(DiscoveryError);
    expect(error.message).toMatch(/^Subaccount "tenant-a": listing deployments .* failed with 503/);
  });

  it("fails startup with a DiscoveryError naming the subaccount and an unknown id", async () => {
    const error = await startupError({
      "tenant-a": directory.account("tenant-a"),
      "tenant-b": directory.account("tenant-b", {
        deployment_ids: { "gpt-4o": [deploymentId(simulator, "tenant-b", "gpt-4o"), "0123456789abcdef"] },
      }),
    });
    expect(error).toBeInstanceOf(DiscoveryError);
    expect(error.message).toBe(
      'Subaccount "tenant-b": deployment_ids.gpt-4o: deployment "0123456789abcdef" does not exist in resource group "team-b"',
    );
    expect(pathsSeen(simulator, "tenant-b")).toContain("/v2/lm/deployments/0123456789abcdef");
  });

  it("does not find a deployment of another resource group", async () => {
    const error = await startupError({
      "tenant-b": directory.account("tenant-b", {
        resource_group: "default",
        deployment_ids: { "gpt-4o": [deploymentId(simulator, "tenant-b", "gpt-4o")] },
      }),
    });
    expect(error).toBeInstanceOf(DiscoveryError);
    expect(error.message).toContain(
      `deployment "${deploymentId(simulator, "tenant-b", "gpt-4o")}" does not exist`,
    );
  });

  it("warns about a STOPPED deployment and a URL that is not among the deployments", async () => {
    const stoppedId = deploymentId(simulator, "tenant-b", "gpt-4.1");
    const apiUrl = simulator.serviceKey("tenant-b").serviceurls.AI_API_URL;
    const { messages, registry } = await start({
      "tenant-b": directory.account("tenant-b", {
        deployment_ids: { "gpt-4.1": [stoppedId] },
        deployment_models: { "gpt-4o": [`${apiUrl}/v2/inference/deployments/fedcba9876543210`] },
      }),
    });
    expect(messages(WARN).sort()).toEqual(
      [
        `Deployment '${stoppedId}' for model 'gpt-4.1' is STOPPED`,
        "Deployment 'fedcba9876543210' of model 'gpt-4o' is not among the subaccount's deployments",
      ].sort(),
    );
    expect(only(registry.candidates("gpt-4.1")).deploymentUrl).toBe(
      `${apiUrl}/v2/inference/deployments/${stoppedId}`,
    );
  });
});

describe("model filters", () => {
  it("apply to discovered names: filtered models answer 404 and are not listed", async () => {
    const { registry, openai, messages } = await start(
      { "tenant-a": directory.account("tenant-a") },
      { extra: { model_filters: { include: ["^gpt-", "^anthropic--"], exclude: ["haiku"] } } },
    );
    expect(registry.names()).toEqual([
      "anthropic--claude-4.5-sonnet",
      "anthropic--claude-4.6-opus",
      "gpt-4.1",
      "gpt-4o",
      "gpt-5",
    ]);
    expect((await openai.models.list()).data.map((model) => model.id)).toEqual(registry.names());
    const error = await ask(openai, "gemini-2.5-pro").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(messages()).toContain(
      "Model 'gemini-2.5-pro' filtered out by model_filters (matches no include pattern)",
    );
    expect(messages()).toContain(
      "Model 'anthropic--claude-4.5-haiku' filtered out by model_filters (matches an exclude pattern)",
    );
  });

  it("treat a filtered configured model as never configured (its ids are not even resolved)", async () => {
    const { registry, messages } = await start(
      {
        "tenant-a": directory.account("tenant-a", {
          deployment_ids: {
            "gpt-4o": [deploymentId(simulator, "tenant-a", "gpt-4o")],
            "gpt-4o-test": ["0123456789abcdef"],
          },
          deployment_models: { "gpt-4-test": [deploymentUrl(simulator, "tenant-a", "gemini-2.5-pro")] },
        }),
      },
      { extra: { model_filters: { exclude_filters: ["-test$"] } } },
    );
    expect(registry.names()).toEqual(["gpt-4o"]);
    expect(pathsSeen(simulator)).not.toContain("/v2/lm/deployments/0123456789abcdef");
    // no mismatch warning for the filtered alias
    expect(messages(WARN)).toEqual([]);
  });
});

describe("deployment cache", () => {
  const listed = () => pathsSeen(simulator).filter((path) => path === "/v2/lm/deployments").length;

  it("serves startups for 7 days from disk, then refetches", async () => {
    const accounts = { "tenant-a": directory.account("tenant-a"), "tenant-b": directory.account("tenant-b") };
    const t0 = clock.now();
    const first = await start(accounts);
    expect(listed()).toBe(2);
    expect(first.lines.filter((line) => line.msg === "Fetched deployments from the AI API")).toHaveLength(2);
    expect(readdirSync(join(directory.path, "cache"))).toHaveLength(2);
    await running.pop()!.close();

    simulator.requestLog.clear();
    clock.set(t0 + HOUR);
    const second = await start(accounts);
    expect(pathsSeen(simulator)).toEqual([]); // not even a token
    const cacheLines = second.lines.filter((line) => line.msg.startsWith("Using cache"));
    expect(cacheLines.map((line) => [line.subAccount, line.msg])).toEqual([
      ["tenant-a", "Using cache (expires in 6d 23h)"],
      ["tenant-b", "Using cache (expires in 6d 23h)"],
    ]);
    expect(second.registry.names()).toEqual(first.registry.names());
    // a cached gateway serves like a fresh one
    expect((await ask(second.openai, "gpt-4.1")).choices[0]!.message.content).toBe("ok");
    await running.pop()!.close();

    simulator.requestLog.clear();
    clock.set(t0 + 7 * DAY - 1);
    const third = await start(accounts);
    expect(listed()).toBe(0);
    expect(third.messages()).toContain("Using cache (expires in 0m)");
    await running.pop()!.close();

    clock.set(t0 + 7 * DAY);
    const fourth = await start(accounts);
    expect(listed()).toBe(2);
    expect(fourth.messages().filter((message) => message.startsWith("Using cache"))).toEqual([]);
    await running.pop()!.close();

    // the refetched listing is cached for another 7 days
    simulator.requestLog.clear();
    clock.set(t0 + 7 * DAY + 2 * HOUR);
    const fifth = await start(accounts);
    expect(listed()).toBe(0);
    expect(fifth.messages()).toContain("Using cache (expires in 6d 22h)");
  });

  it("refreshCache clears the cache and refetches", async () => {
    const accounts = { "tenant-a": directory.account("tenant-a") };
    await start(accounts);
    await running.pop()!.close();
    simulator.requestLog.clear();
    clock.advance(HOUR);
    const refreshed = await start(accounts, { refreshCache: true });
    expect(listed()).toBe(1);
    expect(refreshed.messages().filter((message) => message.startsWith("Using cache"))).toEqual([]);
    await running.pop()!.close();
    simulator.requestLog.clear();
    clock.advance(HOUR);
    const after = await start(accounts);
    expect(listed()).toBe(0);
    expect(after.messages()).toContain("Using cache (expires in 6d 23h)");
  });

  it('refreshCache deletes only the cache\'s own files, even with cache_dir "."', async () => {
    const accounts = { "tenant-a": directory.account("tenant-a") };
    await start(accounts, { extra: { cache_dir: "." } });
    await running.pop()!.close();
    const cacheFiles = () => readdirSync(directory.path).filter((name) => /^[0-9a-f]{32}\.json$/.test(name));
    expect(cacheFiles()).toHaveLength(1);
    writeFileSync(join(directory.path, "notes.txt"), "keep me");
    const refreshed = await start(accounts, { extra: { cache_dir: "." }, refreshCache: true });
    expect(refreshed.registry.names()).toEqual(runningModels("tenant-a"));
    expect(readdirSync(directory.path)).toEqual(
      expect.arrayContaining(["config.json", "tenant-a.json", "notes.txt", ...cacheFiles()]),
    );
    expect(cacheFiles()).toHaveLength(1);
  });

  it("keeps the listing and warns when the cache cannot be written", async () => {
    const accounts = { "tenant-a": directory.account("tenant-a") };
    // cache_dir names an existing file: mkdir/write fail
    writeFileSync(join(directory.path, "blocked"), "");
    const { registry, messages } = await start(accounts, { extra: { cache_dir: "blocked" } });
    expect(registry.names()).toEqual(runningModels("tenant-a"));
    expect(messages(WARN).some((message) => message.startsWith("Cannot write the deployment cache"))).toBe(
      true,
    );
  });

  it("looks up a deployment_ids entry missing from the cached listing", async () => {
    const accounts = { "tenant-a": directory.account("tenant-a") };
    await start(accounts);
    await running.pop()!.close();
    // pretend the gemini deployment was created after the listing was cached
    const geminiId = deploymentId(simulator, "tenant-a", "gemini-2.5-pro");
    const cacheDir = join(directory.path, "cache");
    const file = join(cacheDir, readdirSync(cacheDir)[0]!);
    const cached = JSON.parse(readFileSync(file, "utf8")) as { deployments: { id: string }[] };
    cached.deployments = cached.deployments.filter((deployment) => deployment.id !== geminiId);
    writeFileSync(file, JSON.stringify(cached));

    simulator.requestLog.clear();
    clock.advance(HOUR);
    const { registry, messages } = await start({
      "tenant-a": directory.account("tenant-a", { deployment_ids: { "gemini-2.5-pro": [geminiId] } }),
    });
    expect(messages()).toContain("Using cache (expires in 6d 23h)");
    expect(pathsSeen(simulator).filter((path) => path.startsWith("/v2/lm/"))).toEqual([
      `/v2/lm/deployments/${geminiId}`,
    ]);
    expect(only(registry.candidates("gemini-2.5-pro"))).toMatchObject({ family: "vertex-gemini" });
  });

  it("ignores an unreadable cache file", async () => {
    const accounts = { "tenant-a": directory.account("tenant-a") };
    await start(accounts);
    await running.pop()!.close();
    const cacheDir = join(directory.path, "cache");
    writeFileSync(join(cacheDir, readdirSync(cacheDir)[0]!), "{not json");
    simulator.requestLog.clear();
    const { registry } = await start(accounts);
    expect(listed()).toBe(1);
    expect(registry.names()).toEqual(runningModels("tenant-a"));
  });
});

describe("toDeploymentInfo", () => {
  const base = { id: "d1", status: "RUNNING", executableId: "aws-bedrock" };
  it("reads the backend model from either spelling", () => {
    for (const key of ["backendDetails", "backend_details"]) {
      const info = toDeploymentInfo(
        {
          ...base,
          details: {
            resources: { [key]: { model: { name: "anthropic--claude-4.5-sonnet", version: "1" } } },
          },
        },
        "https://api.example",
      );
      expect(info).toMatchObject({ modelName: "anthropic--claude-4.5-sonnet", modelVersion: "1" });
      expect(info!.url).toBe("https://api.example/v2/inference/deployments/d1");
    }
  });

  it("falls back to backend_details when backendDetails is empty", () => {
    const info = toDeploymentInfo(
      {
        ...base,
        details: { resources: { backendDetails: {}, backend_details: { model: { name: "gpt-4o" } } } },
      },
      "https://api.example",
    );
    expect(info!.modelName).toBe("gpt-4o");
  });

  it("has no model for orchestration and no entry without an id", () => {
    expect(
      toDeploymentInfo({ id: "o", executableId: "orchestration", details: { resources: {} } }, "x")!
        .modelName,
    ).toBeNull();
    expect(toDeploymentInfo({ status: "RUNNING" }, "x")).toBeUndefined();
  });
});
