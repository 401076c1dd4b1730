/**
 * The simulator's own control API under `/_sim`, for tests and CI pipelines that run the
 * simulator out of process: landscape and service keys, fault rules, request log, token expiry.
 * Not part of SAP AI Core.
 */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { faultRuleSchema } from "../faults.js";
import type { SimulatorPki } from "../pki.js";
import { serviceKeyFor, x509ServiceKeyFor } from "../service-key.js";
import type { SimulatorState } from "../state.js";

/** The x509 token endpoint of a simulator in x509 mode. */
export interface X509Endpoint {
  pki: SimulatorPki;
  /** `https://host:port` of the mTLS listener. */
  url: () => string;
}

export function describeLandscape(state: SimulatorState, baseUrl: string, x509?: X509Endpoint) {
  return {
    ...(x509 ? { caCertificate: x509.pki.caCertificate } : {}),
    tenants: [...state.tenants.values()].map((tenant) => {
      const client = x509?.pki.clients.get(tenant.name);
      return {
        name: tenant.name,
        serviceKey: serviceKeyFor(baseUrl, tenant),
        ...(x509 && client ? { x509ServiceKey: x509ServiceKeyFor(baseUrl, x509.url(), tenant, client) } : {}),
        resourceGroups: [...tenant.resourceGroups],
        deployments: tenant.deployments.map((deployment) => ({
          id: deployment.id,
          resourceGroup: deployment.resourceGroup,
          model: deployment.model.name,
          executableId: deployment.executableId,
          status: deployment.status,
        })),
      };
    }),
  };
}

export function registerControlRoutes(
  app: FastifyInstance,
  state: SimulatorState,
  baseUrl: () => string,
  x509?: X509Endpoint,
): void {
  app.get("/_sim/landscape", () => describeLandscape(state, baseUrl(), x509));

  app.get("/_sim/faults", () => ({ faults: state.faults.list() }));
  app.post("/_sim/faults", (request, reply) => {
    let body: unknown;
    try {
      body = JSON.parse(typeof request.body === "string" && request.body ? request.body : "null");
    } catch {
      return reply.code(400).send({ error: "The fault rule is not valid JSON" });
    }
    const parsed = faultRuleSchema.safeParse(body);
    if (!parsed.success) return reply.code(400).send({ error: z.prettifyError(parsed.error) });
    return reply.code(201).send({ id: state.faults.add(parsed.data) });
  });
  app.delete("/_sim/faults", (_request, reply) => {
    state.faults.clear();
    return reply.code(204).send();
  });
  app.delete("/_sim/faults/:id", (request, reply) => {
    const removed = state.faults.remove((request.params as { id: string }).id);
    return reply.code(removed ? 204 : 404).send();
  });

  app.get("/_sim/requests", (request) => {
    const query = request.query as { tenant?: string; deployment?: string };
    return {
      requests: state.requestLog.all({
        ...(query.tenant ? { tenant: query.tenant } : {}),
        ...(query.deployment ? { deploymentId: query.deployment } : {}),
      }),
    };
  });
  app.delete("/_sim/requests", (_request, reply) => {
    state.requestLog.clear();
    return reply.code(204).send();
  });

  app.post("/_sim/tenants/:tenant/expire-tokens", (request, reply) => {
    const name = (request.params as { tenant: string }).tenant;
    if (!state.tenants.has(name)) return reply.code(404).send({ error: `Unknown tenant "${name}"` });
    state.tokens.expireAll(name);
    return reply.code(204).send();
  });
}
