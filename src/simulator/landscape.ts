/**
 * Tenants (SAP subaccounts) and their deployments as the simulator serves them, built from a
 * short specification. Ids are derived deterministically from the spec, so a landscape started
 * twice has the same deployment ids and credentials (handy for configs that point at it).
 */
import { createHash } from "node:crypto";
import { findCatalogModel, type CatalogModel, type Executable } from "./catalog.js";

export type DeploymentStatus =
  "PENDING" | "RUNNING" | "COMPLETED" | "DEAD" | "STOPPING" | "STOPPED" | "UNKNOWN";

export interface DeploymentSpec {
  /** SAP model name from the catalog, e.g. `gpt-4o` or `anthropic--claude-4.5-sonnet`. */
  model: string;
  /** 16 hex characters; derived from tenant, model and position when omitted. */
  id?: string;
  resourceGroup?: string;
  status?: DeploymentStatus;
  /** Backend model version shown in `backend_details`; `latest` by default, as SAP shows. */
  modelVersion?: string;
  configurationName?: string;
  createdAt?: string;
}

export interface TenantSpec {
  /** Short name, used in URLs: `[a-z0-9-]+`. */
  name: string;
  clientId?: string;
  clientSecret?: string;
  /** Resource groups that exist; `default` plus every group a deployment names. */
  resourceGroups?: string[];
  deployments: DeploymentSpec[];
}

export interface SimDeployment {
  readonly id: string;
  readonly resourceGroup: string;
  readonly scenarioId: string;
  readonly executableId: Executable;
  readonly model: CatalogModel;
  readonly modelVersion: string;
  readonly configurationId: string;
  readonly configurationName: string;
  readonly status: DeploymentStatus;
  readonly createdAt: string;
}

export interface SimTenant {
  readonly name: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** XSUAA identity zone id (the `zid` claim of issued tokens). */
  readonly zoneId: string;
  readonly subdomain: string;
  readonly resourceGroups: ReadonlySet<string>;
  readonly deployments: readonly SimDeployment[];
}

function digest(...parts: string[]): string {
  return createHash("sha256").update(parts.join("\u0000")).digest("hex");
}

function uuidFrom(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export class LandscapeError extends Error {}

export function buildTenant(spec: TenantSpec): SimTenant {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(spec.name)) {
    throw new LandscapeError(`Tenant name "${spec.name}" must match [a-z0-9][a-z0-9-]*`);
  }
  const seen = new Set<string>();
  const deployments = spec.deployments.map((deployment, index): SimDeployment => {
    const model = findCatalogModel(deployment.model);
    if (!model) {
      throw new LandscapeError(
        `Tenant "${spec.name}": unknown model "${deployment.model}" (not in the catalog)`,
      );
    }
    const id = deployment.id ?? digest(spec.name, deployment.model, String(index)).slice(0, 16);
    if (!/^[0-9a-f]{16}$/.test(id)) {
      throw new LandscapeError(
        `Tenant "${spec.name}": deployment id "${id}" must be 16 lower-case hex characters`,
      );
    }
    if (seen.has(id)) throw new LandscapeError(`Tenant "${spec.name}": duplicate deployment id "${id}"`);
    seen.add(id);
    const isOrchestration = model.executableId === "orchestration";
    return {
      id,
      resourceGroup: deployment.resourceGroup ?? "default",
      scenarioId: isOrchestration ? "orchestration" : "foundation-models",
      executableId: model.executableId,
      model,
      modelVersion: deployment.modelVersion ?? "latest",
      configurationId: uuidFrom(digest("configuration", spec.name, id)),
      configurationName:
        deployment.configurationName ?? (isOrchestration ? "defaultOrchestrationConfig" : model.name),
      status: deployment.status ?? "RUNNING",
      createdAt: deployment.createdAt ?? "2026-01-15T09:30:00Z",
    };
  });
  const resourceGroups = new Set(["default", ...(spec.resourceGroups ?? [])]);
  for (const deployment of deployments) resourceGroups.add(deployment.resourceGroup);
  const zoneHex = digest("zone", spec.name);
  return {
    name: spec.name,
    clientId:
      spec.clientId ??
      `sb-${uuidFrom(digest("client", spec.name))}!b${parseInt(zoneHex.slice(0, 5), 16)}|aicore!b540`,
    clientSecret: spec.clientSecret ?? digest("secret", spec.name).slice(0, 40),
    zoneId: uuidFrom(zoneHex),
    subdomain: spec.name,
    resourceGroups,
    deployments,
  };
}

/** The landscape `sap-ai-proxy simulate` and the demo serve: every model family, two tenants. */
export function sampleLandscape(): TenantSpec[] {
  return [
    {
      name: "tenant-a",
      deployments: [
        { model: "gpt-4o" },
        { model: "gpt-4.1" },
        { model: "gpt-5" },
        { model: "o4-mini" },
        { model: "text-embedding-3-small" },
        { model: "anthropic--claude-4.5-sonnet" },
        { model: "anthropic--claude-4.5-haiku" },
        { model: "anthropic--claude-4.6-opus" },
        { model: "amazon--nova-pro" },
        { model: "amazon--titan-embed-text" },
        { model: "gemini-2.5-pro" },
        { model: "gemini-2.5-flash" },
        { model: "orchestration" },
      ],
    },
    {
      name: "tenant-b",
      resourceGroups: ["team-b"],
      deployments: [
        { model: "gpt-4o", resourceGroup: "team-b" },
        { model: "gpt-5", resourceGroup: "team-b" },
        { model: "text-embedding-3-large", resourceGroup: "team-b" },
        { model: "anthropic--claude-4.5-sonnet", resourceGroup: "team-b" },
        { model: "anthropic--claude-4.6-sonnet", resourceGroup: "team-b" },
        { model: "gemini-2.5-flash", resourceGroup: "team-b" },
        { model: "gemini-3.5-flash", resourceGroup: "team-b" },
        { model: "gpt-4.1", resourceGroup: "team-b", status: "STOPPED" },
      ],
    },
  ];
}
