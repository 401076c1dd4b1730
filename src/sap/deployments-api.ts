/**
 * The AI API calls the gateway needs (reference/sap-ai-core-wire-formats.md sections 3.1-3.2):
 * list a resource group's deployments and get one by id, reading the backend model from either
 * `backendDetails` or `backend_details`.
 */
import { request, type Dispatcher } from "undici";
import { ProxyError } from "../errors/proxy-error.js";
import type { TokenProvider } from "./token-provider.js";

export interface DeploymentInfo {
  id: string;
  url: string;
  status: string;
  executableId: string | null;
  /** SAP model name (`details.resources.backend_details.model.name`), if any. */
  modelName: string | null;
  modelVersion: string | null;
  scenarioId: string | null;
  createdAt: string | null;
}

export interface AiApiTarget {
  subAccount: string;
  aiApiUrl: string;
  resourceGroup: string;
  tokens: TokenProvider;
  http: Dispatcher;
}

function text(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" ? (value as Record<string, unknown>) : {};
}

export function toDeploymentInfo(raw: unknown, aiApiUrl: string): DeploymentInfo | undefined {
  const item = record(raw);
  const id = text(item.id);
  if (!id) return undefined;
  const resources = record(record(item.details).resources);
  const backend = record(resources.backendDetails ?? resources.backend_details);
  const fallbackBackend = record(resources.backend_details);
  const model = record(backend.model ?? fallbackBackend.model);
  return {
    id,
    url: text(item.deploymentUrl) ?? `${aiApiUrl}/v2/inference/deployments/${id}`,
    status: text(item.status) ?? "UNKNOWN",
    executableId: text(item.executableId),
    modelName: text(model.name),
    modelVersion: text(model.version),
    scenarioId: text(item.scenarioId),
    createdAt: text(item.createdAt),
  };
}

async function getJson(
  target: AiApiTarget,
  path: string,
): Promise<{ status: number; body: unknown; text: string }> {
  const call = async (token: string) =>
    request(`${target.aiApiUrl}${path}`, {
      method: "GET",
      dispatcher: target.http,
      headers: {
        authorization: `Bearer ${token}`,
        "ai-resource-group": target.resourceGroup,
        accept: "application/json",
      },
    });
  let token = await target.tokens.token();
  let response;
  try {
    response = await call(token);
    if (response.statusCode === 401) {
      await response.body.dump();
      target.tokens.invalidate(token);
      token = await target.tokens.token();
      response = await call(token);
    }
  } catch (error) {
    throw new ProxyError(
      "upstream_unreachable",
      502,
      `Subaccount "${target.subAccount}": cannot reach the AI API (${(error as Error).message})`,
      {
        cause: error,
      },
    );
  }
  const body = await response.body.text();
  let parsed: unknown = undefined;
  try {
    parsed = JSON.parse(body);
  } catch {
    // not JSON; reported below
  }
  return { status: response.statusCode, body: parsed, text: body };
}

function failure(target: AiApiTarget, what: string, status: number, body: string): ProxyError {
  return new ProxyError(
    "upstream_error",
    502,
    `Subaccount "${target.subAccount}": ${what} failed with ${status}: ${body.slice(0, 300)}`,
    {
      upstream: { status, body },
    },
  );
}

export async function listDeployments(target: AiApiTarget): Promise<DeploymentInfo[]> {
  const result = await getJson(target, "/v2/lm/deployments?$top=10000&$skip=0");
  const resources = record(result.body).resources;
  if (result.status !== 200 || !Array.isArray(resources)) {
    throw failure(
      target,
      `listing deployments of resource group "${target.resourceGroup}"`,
      result.status,
      result.text,
    );
  }
  return resources.flatMap((item) => toDeploymentInfo(item, target.aiApiUrl) ?? []);
}

export async function getDeployment(target: AiApiTarget, id: string): Promise<DeploymentInfo | undefined> {
  const result = await getJson(target, `/v2/lm/deployments/${encodeURIComponent(id)}`);
  if (result.status === 404) return undefined;
  if (result.status !== 200) throw failure(target, `reading deployment ${id}`, result.status, result.text);
  return toDeploymentInfo(result.body, target.aiApiUrl);
}
