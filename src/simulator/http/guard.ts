/**
 * The checks every `/v2/**` call goes through before its handler: tenant, bearer token, resource
 * group, and the faults that apply to it. Returns what the handler needs, or `undefined` after
 * it has answered the request itself.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { DecisiveFault } from "../faults.js";
import type { SimDeployment, SimTenant } from "../landscape.js";
import type { LoggedRequest } from "../request-log.js";
import type { SimulatorState } from "../state.js";
import {
  applyLatency,
  checkToken,
  describeFault,
  headerValue,
  logRequest,
  resolveTenant,
  sendUnauthorized,
  tenantPath,
} from "./request-context.js";

export interface GuardedRequest {
  tenant: SimTenant;
  resourceGroup: string | undefined;
  logged: LoggedRequest;
}

export function guard(
  state: SimulatorState,
  request: FastifyRequest,
  reply: FastifyReply,
  deploymentId: string | null,
): GuardedRequest | undefined {
  const tenant = resolveTenant(state, request);
  const logged = logRequest(state, request, tenant, deploymentId);
  if (!tenant) {
    const params = request.params as { tenant?: string };
    if (params.tenant !== undefined) {
      logged.status = 404;
      void reply.code(404).type("text/plain; charset=utf-8").send(`Unknown tenant "${params.tenant}"`);
      return undefined;
    }
    void sendUnauthorized(
      state,
      reply,
      logged,
      headerValue(request, "authorization") ? "invalid" : "missing",
    );
    return undefined;
  }
  const token = checkToken(state, request, tenant);
  if (!token.ok) {
    void sendUnauthorized(state, reply, logged, token.reason);
    return undefined;
  }
  return { tenant, resourceGroup: headerValue(request, "ai-resource-group"), logged };
}

/** Plans faults for a guarded request, applies latency, and answers the ones that are not family-specific. */
export async function applyCommonFaults(
  state: SimulatorState,
  request: FastifyRequest,
  reply: FastifyReply,
  guarded: GuardedRequest,
  target: { deployment?: SimDeployment; stream: boolean },
): Promise<DecisiveFault | "handled" | undefined> {
  const plan = state.faults.plan({
    tenant: guarded.tenant.name,
    path: tenantPath(request),
    stream: target.stream,
    ...(target.deployment ? { deployment: target.deployment.id, model: target.deployment.model.name } : {}),
  });
  guarded.logged.fault = describeFault(plan);
  await applyLatency(plan, reply.raw);
  const fault = plan.fault;
  if (fault?.kind === "token-expired") {
    void sendUnauthorized(state, reply, guarded.logged, "expired");
    return "handled";
  }
  if (fault?.kind === "drop" && fault.afterEvents === 0) {
    request.raw.socket.destroy();
    void reply.hijack();
    return "handled";
  }
  return fault;
}
