/**
 * Public model name -> every (subaccount, deployment) that serves it. Built once at startup from
 * configuration and deployment discovery; read on every request.
 */
import type { ModelFamily } from "../sap/model-family.js";

export interface Candidate {
  readonly subAccount: string;
  readonly resourceGroup: string;
  readonly deploymentId: string;
  /** `{AI_API_URL}/v2/inference/deployments/{id}`, without trailing slash. */
  readonly deploymentUrl: string;
  readonly family: ModelFamily;
  /** The SAP model name the deployment runs, when known (e.g. `gpt-4o`). */
  readonly sapModel: string | null;
}

export class ModelRegistry {
  private readonly models = new Map<string, Candidate[]>();

  add(publicName: string, candidate: Candidate): void {
    const list = this.models.get(publicName) ?? [];
    if (
      !list.some(
        (existing) =>
          existing.subAccount === candidate.subAccount && existing.deploymentId === candidate.deploymentId,
      )
    ) {
      list.push(candidate);
    }
    this.models.set(publicName, list);
  }

  candidates(publicName: string): readonly Candidate[] {
    return this.models.get(publicName) ?? [];
  }

  /** Public names whose deployments run `sapModel`, sorted; the name equal to it first. */
  publicNamesServing(sapModel: string): string[] {
    const names = [...this.models.entries()]
      .filter(([, list]) => list.some((candidate) => candidate.sapModel === sapModel))
      .map(([name]) => name)
      .sort();
    return names.includes(sapModel) ? [sapModel, ...names.filter((name) => name !== sapModel)] : names;
  }

  names(): string[] {
    return [...this.models.keys()].sort();
  }

  get size(): number {
    return this.models.size;
  }
}
