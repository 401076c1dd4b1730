/**
 * Operability endpoints: `GET /health` (liveness, open) and `GET /health/ready` (readiness view of
 * every subaccount and deployment: state, cooldown, in-flight, recent errors; protected by the
 * client keys because it names deployments and shows upstream error messages). Readiness answers
 * 200 while every model has at least one deployment that can take requests, 200 "degraded" when
 * some models have none, and 503 when no deployment can serve.
 */
import type { FastifyInstance } from "fastify";
import type { DeploymentView } from "../routing/routing-state.js";
import type { GatewayContext } from "./gateway-context.js";

interface ModelReadiness {
  ready: number;
  total: number;
}

export interface ReadinessReport {
  status: "ready" | "degraded" | "unavailable";
  models: Record<string, ModelReadiness>;
  subAccounts: { name: string; deployments: DeploymentView[] }[];
}

/** A deployment that would be tried now (half-open takes a probe). */
function canServe(view: DeploymentView): boolean {
  return view.status === "ready" || view.status === "half-open";
}

export function readinessReport(context: GatewayContext): ReadinessReport {
  const views = context.routing.snapshot(context.registry);
  const models: Record<string, ModelReadiness> = {};
  for (const view of views) {
    for (const model of view.models) {
      const entry = (models[model] ??= { ready: 0, total: 0 });
      entry.total += 1;
      if (canServe(view)) entry.ready += 1;
    }
  }
  const entries = Object.values(models);
  const servable = entries.filter((entry) => entry.ready > 0).length;
  const status =
    entries.length > 0 && servable === entries.length ? "ready" : servable > 0 ? "degraded" : "unavailable";
  const bySubAccount = new Map<string, DeploymentView[]>();
  for (const view of views)
    bySubAccount.set(view.subAccount, [...(bySubAccount.get(view.subAccount) ?? []), view]);
  return {
    status,
    models,
    subAccounts: [...bySubAccount].map(([name, deployments]) => ({ name, deployments })),
  };
}

export function registerHealthRoutes(app: FastifyInstance, context: GatewayContext): void {
  app.get("/health", () => ({ status: "ok" }));
  app.get("/health/ready", (_request, reply) => {
    const report = readinessReport(context);
    return reply.code(report.status === "unavailable" ? 503 : 200).send(report);
  });
}
