/**
 * Test helpers that talk to a running simulator over real HTTP, the way an SAP AI Core client
 * does: fetch a token with the tenant's service key, then call the AI API and inference URLs.
 */
import type { Simulator } from "../../src/simulator/index.js";

export interface TenantClient {
  token: string;
  apiUrl: string;
  /** Headers for AI API and inference calls: bearer token, resource group, JSON. */
  headers(resourceGroup?: string): Record<string, string>;
  /** Deployment id of the first deployment of `model` (in any resource group). */
  deploymentId(model: string): string;
  resourceGroupOf(model: string): string;
  /** POST to `/v2/inference/deployments/{id}{suffix}` with a JSON body. */
  infer(
    model: string,
    suffix: string,
    body: unknown,
    extraHeaders?: Record<string, string>,
  ): Promise<Response>;
}

export async function fetchToken(simulator: Simulator, tenant: string): Promise<string> {
  const key = simulator.serviceKey(tenant);
  const response = await fetch(`${key.url}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: key.clientid,
      client_secret: key.clientsecret,
    }),
  });
  if (response.status !== 200)
    throw new Error(`token request failed: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { access_token: string };
  return body.access_token;
}

export async function tenantClient(simulator: Simulator, tenantName: string): Promise<TenantClient> {
  const token = await fetchToken(simulator, tenantName);
  const tenant = simulator.tenants.find((candidate) => candidate.name === tenantName);
  if (!tenant) throw new Error(`no tenant ${tenantName}`);
  const apiUrl = simulator.serviceKey(tenantName).serviceurls.AI_API_URL;
  const find = (model: string) => {
    const deployment = tenant.deployments.find((candidate) => candidate.model.name === model);
    if (!deployment) throw new Error(`no deployment of ${model} in ${tenantName}`);
    return deployment;
  };
  const headers = (resourceGroup = "default") => ({
    authorization: `Bearer ${token}`,
    "ai-resource-group": resourceGroup,
    "content-type": "application/json",
  });
  return {
    token,
    apiUrl,
    headers,
    deploymentId: (model) => find(model).id,
    resourceGroupOf: (model) => find(model).resourceGroup,
    infer: (model, suffix, body, extraHeaders = {}) => {
      const deployment = find(model);
      return fetch(`${apiUrl}/v2/inference/deployments/${deployment.id}${suffix}`, {
        method: "POST",
        headers: { ...headers(deployment.resourceGroup), ...extraHeaders },
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
    },
  };
}

/** Splits an SSE body into the payloads of its `data:` lines, asserting SAP's framing rules. */
export function sseDataPayloads(text: string): string[] {
  const events = text.split("\n\n").filter((event) => event.length > 0);
  return events.map((event) => {
    if (!event.startsWith("data: ") || event.includes("\n")) {
      throw new Error(`not a single 'data: ' line: ${JSON.stringify(event)}`);
    }
    return event.slice("data: ".length);
  });
}

/** Tests inspect arbitrary JSON bodies; this is the one place that gives up static types for them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyJson = any;

export async function jsonOf(response: Response): Promise<AnyJson> {
  return response.json();
}
