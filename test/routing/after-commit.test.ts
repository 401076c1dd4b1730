// What is never retried: after the first byte reached the client, a broken upstream ends the
// stream with the client protocol's error event (one attempt in the simulator's log; the failure
// still cools the deployment down), and a 4xx
// about the request is the client's answer on every path (one attempt).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startRoutingGateway, tenantsOf, viewOf, CLAUDE, GEMINI, GPT, type RoutingSetup } from "./helpers.js";
import { clientsFor, UPSTREAM_PATHS, type Clients } from "./paths.js";

let setup: RoutingSetup;
let clients: Clients;

beforeAll(async () => {
  setup = await startRoutingGateway();
  clients = clientsFor(setup);
});
afterAll(() => setup.close());
beforeEach(() => setup.reset());

const COUNT = "count to 40";

interface StreamCase {
  name: string;
  model: string;
  path: string;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
  /** The client protocol's error event is the stream's last frame. */
  endsWithError(text: string): boolean;
}

const openAiEnd = (text: string) => {
  const frames = text.split("\n\n").filter((frame) => frame !== "");
  const last = frames.at(-1) ?? "";
  return last.startsWith("data: ") && "error" in JSON.parse(last.slice(6));
};
const anthropicEnd = (text: string) => {
  const frames = text.split("\n\n").filter((frame) => frame !== "" && !frame.startsWith("event: ping"));
  return frames.at(-1)?.startsWith("event: error\n") === true;
};
const googleEnd = (text: string) => {
  const frames = text.split("\r\n\r\n").filter((frame) => frame !== "");
  return "error" in JSON.parse((frames.at(-1) ?? "data: {}").slice(6));
};

const chatBody = (model: string) => ({ model, stream: true, messages: [{ role: "user", content: COUNT }] });
const messagesBody = (model: string) => ({
  model,
  stream: true,
  max_tokens: 500,
  messages: [{ role: "user", content: COUNT }],
});

const STREAMS: StreamCase[] = [
  ...[GPT, CLAUDE, GEMINI].map((model) => ({
    name: `OpenAI chat on ${model}`,
    model,
    path: "/v1/chat/completions",
    body: chatBody(model),
    endsWithError: openAiEnd,
  })),
  ...[CLAUDE, GPT, GEMINI].map((model) => ({
    name: `Anthropic messages on ${model}`,
    model,
    path: "/v1/messages",
    body: messagesBody(model),
    headers: { "anthropic-version": "2023-06-01" },
    endsWithError: anthropicEnd,
  })),
  {
    name: "Gemini streamGenerateContent",
    model: GEMINI,
    path: `/v1beta/models/${GEMINI}:streamGenerateContent?alt=sse`,
    body: { contents: [{ role: "user", parts: [{ text: COUNT }] }] },
    endsWithError: googleEnd,
  },
];

describe("after the first byte", () => {
  it.each(STREAMS)(
    "$name: a dropped connection ends the stream with an error event, no retry",
    async (stream) => {
      // Five events: past the first meaningful one on every path (Azure's prompt-filter event and
      // role delta come before it; the last events before a drop may be lost with the connection).
      setup.simulator.faults.add({ kind: "drop", afterEvents: 5, tenant: "tenant-a", model: stream.model });
      const response = await fetch(`${setup.url}${stream.path}`, {
        method: "POST",
        headers: { authorization: "Bearer test-key", "content-type": "application/json", ...stream.headers },
        body: JSON.stringify(stream.body),
      });
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(stream.endsWithError(text)).toBe(true);
      expect(tenantsOf(setup)).toEqual(["tenant-a"]);
      // the lease ended, and the broken answer counts against the deployment
      const view = viewOf(setup, "tenant-a", stream.model);
      expect(view.status).toBe("cooling-down");
      expect(view.recentErrors.length).toBeGreaterThan(0);
      expect(
        setup.gateway.context.routing.healthOf({
          subAccount: "tenant-a",
          deploymentId: deploymentOf(stream.model),
        }).inFlight,
      ).toBe(0);
    },
  );
});

function deploymentOf(model: string): string {
  const tenant = setup.simulator.tenants.find((entry) => entry.name === "tenant-a")!;
  return tenant.deployments.find((deployment) => deployment.model.name === model)!.id;
}

describe("client errors", () => {
  it.each(UPSTREAM_PATHS)("$name: an upstream 400 is not retried", async (path) => {
    setup.simulator.faults.add({ kind: "http-error", status: 400, tenant: "tenant-a", model: path.model });
    const error = await path.call(clients).then(
      () => undefined,
      (reason: unknown) => reason as { status?: number },
    );
    expect(error?.status).toBe(400);
    expect(tenantsOf(setup)).toEqual(["tenant-a"]);
  });
});
