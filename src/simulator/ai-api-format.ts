/**
 * AI API (`/v2/lm/*`) response bodies: deployments with both `backendDetails` and
 * `backend_details` (reference section 3.1), the foundation-model catalog (section 3.3) and the
 * AI API error shape (section 5).
 */
import { randomUUID } from "node:crypto";
import { MODEL_CATALOG } from "./catalog.js";
import type { SimDeployment } from "./landscape.js";

export function aiApiError(
  code: string,
  message: string,
  target: string,
): { error: Record<string, unknown> } {
  return { error: { code, message, requestId: randomUUID(), target, details: {} } };
}

export function deploymentJson(deployment: SimDeployment, apiUrl: string): Record<string, unknown> {
  const backend =
    deployment.executableId === "orchestration"
      ? {}
      : { model: { name: deployment.model.name, version: deployment.modelVersion } };
  const running = deployment.status === "RUNNING";
  return {
    id: deployment.id,
    deploymentUrl: running ? `${apiUrl}/v2/inference/deployments/${deployment.id}` : "",
    configurationId: deployment.configurationId,
    configurationName: deployment.configurationName,
    executableId: deployment.executableId,
    scenarioId: deployment.scenarioId,
    status: deployment.status,
    statusMessage: null,
    targetStatus: running ? "RUNNING" : "STOPPED",
    lastOperation: "CREATE",
    latestRunningConfigurationId: deployment.configurationId,
    ttl: null,
    details: {
      scaling: { backendDetails: {}, backend_details: {} },
      resources: { backendDetails: backend, backend_details: backend },
    },
    createdAt: deployment.createdAt,
    modifiedAt: deployment.createdAt,
    submissionTime: deployment.createdAt,
    startTime: running ? deployment.createdAt : null,
    completionTime: null,
  };
}

export function modelCatalogJson(): { count: number; resources: Record<string, unknown>[] } {
  const resources = MODEL_CATALOG.filter((model) => model.kind !== "orchestration").map((model) => ({
    model: model.name,
    executableId: model.executableId,
    description: `${model.displayName} by ${model.provider}`,
    displayName: model.displayName,
    provider: model.provider,
    accessType: "Remote",
    allowedScenarios: [{ scenarioId: "foundation-models", executableId: model.executableId }],
    versions: [
      {
        name: model.version,
        isLatest: true,
        deprecated: model.deprecated ?? false,
        contextLength: model.contextLength,
        inputTypes: model.inputTypes,
        capabilities: model.kind === "embedding" ? ["embeddings"] : ["text-generation"],
        streamingSupported: model.kind === "chat",
      },
    ],
  }));
  return { count: resources.length, resources };
}
