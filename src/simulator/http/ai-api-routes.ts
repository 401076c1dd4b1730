/**
 * AI API management endpoints (reference sections 3.1-3.3 and 7.3-7.5): list and get deployments
 * with filters and paging, and the foundation-model catalog.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { deploymentJson, modelCatalogJson } from "../ai-api-format.js";
import type { DeploymentStatus } from "../landscape.js";
import { aiApiUrl } from "../service-key.js";
import type { SimulatorState } from "../state.js";
import { applyCommonFaults, guard, type GuardedRequest } from "./guard.js";
import { queryOf, retryAfterHeader, sendAiApiError } from "./request-context.js";

const STATUSES: readonly DeploymentStatus[] = [
  "PENDING",
  "RUNNING",
  "COMPLETED",
  "DEAD",
  "STOPPING",
  "STOPPED",
  "UNKNOWN",
];

/** Common prologue: auth, resource group, faults. Returns the guarded request or undefined when answered. */
async function prologue(
  state: SimulatorState,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<(GuardedRequest & { resourceGroup: string }) | undefined> {
  const guarded = guard(state, request, reply, null);
  if (!guarded) return undefined;
  const fault = await applyCommonFaults(state, request, reply, guarded, { stream: false });
  if (fault === "handled") return undefined;
  if (fault?.kind === "http-error") {
    void reply.headers(fault.status === 429 ? retryAfterHeader(state, fault.retryAfter) : {});
    void sendAiApiError(
      reply,
      guarded.logged,
      fault.status,
      String(fault.status),
      fault.message ?? "Injected fault",
    );
    return undefined;
  }
  const group = guarded.resourceGroup;
  if (group === undefined || group === "") {
    void sendAiApiError(
      reply,
      guarded.logged,
      state.behaviour.aiApiMissingResourceGroupStatus,
      "MissingResourceGroup",
      "Missing header parameter 'AI-Resource-Group'",
    );
    return undefined;
  }
  if (!guarded.tenant.resourceGroups.has(group)) {
    void sendAiApiError(
      reply,
      guarded.logged,
      404,
      "ResourceGroupNotFound",
      `Resource group '${group}' not found`,
    );
    return undefined;
  }
  return { ...guarded, resourceGroup: group };
}

function parseCount(value: string | undefined, fallback: number, max: number): number | "invalid" {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) return "invalid";
  const number = Number(value);
  return number > max ? "invalid" : number;
}

export function registerAiApiRoutes(
  app: FastifyInstance,
  state: SimulatorState,
  baseUrl: () => string,
): void {
  const listDeployments = async (request: FastifyRequest, reply: FastifyReply) => {
    const guarded = await prologue(state, request, reply);
    if (!guarded) return reply;
    const query = queryOf(request);
    const top = parseCount(query.$top, 10_000, 100_000);
    const skip = parseCount(query.$skip, 0, Number.MAX_SAFE_INTEGER);
    if (top === "invalid" || skip === "invalid") {
      return sendAiApiError(
        reply,
        guarded.logged,
        400,
        "InvalidQuery",
        "$top and $skip must be non-negative integers ($top at most 100000)",
      );
    }
    if (query.status !== undefined && !STATUSES.includes(query.status as DeploymentStatus)) {
      return sendAiApiError(
        reply,
        guarded.logged,
        400,
        "InvalidQuery",
        `Invalid status '${query.status}'; expected one of ${STATUSES.join(", ")}`,
      );
    }
    const executables = query.executableIds?.split(",").filter(Boolean);
    const matching = guarded.tenant.deployments.filter(
      (deployment) =>
        deployment.resourceGroup === guarded.resourceGroup &&
        (query.scenarioId === undefined || deployment.scenarioId === query.scenarioId) &&
        (query.status === undefined || deployment.status === query.status) &&
        (query.configurationId === undefined || deployment.configurationId === query.configurationId) &&
        (executables === undefined || executables.includes(deployment.executableId)),
    );
    const apiUrl = aiApiUrl(baseUrl(), guarded.tenant);
    const page = matching.slice(skip, skip + top).map((deployment) => {
      const json = deploymentJson(deployment, apiUrl);
      return query.$select === "status" ? { id: json.id, status: json.status } : json;
    });
    guarded.logged.status = 200;
    return reply.send({ count: matching.length, resources: page });
  };

  const getDeployment = async (request: FastifyRequest, reply: FastifyReply) => {
    const guarded = await prologue(state, request, reply);
    if (!guarded) return reply;
    const { id } = request.params as { id: string };
    const deployment = state.findDeployment(guarded.tenant, id);
    if (!deployment || deployment.resourceGroup !== guarded.resourceGroup) {
      return sendAiApiError(reply, guarded.logged, 404, "DeploymentNotFound", `Deployment '${id}' not found`);
    }
    const json = deploymentJson(deployment, aiApiUrl(baseUrl(), guarded.tenant));
    guarded.logged.status = 200;
    if (queryOf(request).$select === "status") return reply.send({ id: json.id, status: json.status });
    return reply.send({ ...json, statusDetails: {} });
  };

  const listModels = async (request: FastifyRequest, reply: FastifyReply) => {
    const guarded = await prologue(state, request, reply);
    if (!guarded) return reply;
    guarded.logged.status = 200;
    return reply.send(modelCatalogJson());
  };

  for (const prefix of ["/api/:tenant/v2", "/v2"]) {
    app.get(`${prefix}/lm/deployments`, listDeployments);
    app.get(`${prefix}/lm/deployments/:id`, getDeployment);
    app.get(`${prefix}/lm/scenarios/foundation-models/models`, listModels);
  }
}
