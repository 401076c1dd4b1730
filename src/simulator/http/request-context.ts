/**
 * Per-request plumbing shared by the simulator's routes: tenant resolution (from the URL prefix,
 * or from the token on the root `/v2` paths), bearer and resource-group checks, request logging
 * and fault planning.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { TLSSocket } from "node:tls";
import { aiApiError } from "../ai-api-format.js";
import type { FaultPlan } from "../faults.js";
import type { SimTenant } from "../landscape.js";
import { redactHeaders, type LoggedRequest } from "../request-log.js";
import type { SimulatorState } from "../state.js";
import type { TokenCheck } from "../tokens.js";

export function headerValue(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function queryOf(request: FastifyRequest): Record<string, string> {
  const result: Record<string, string> = {};
  const query = request.query as Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(query ?? {})) {
    if (typeof value === "string") result[key] = value;
    else if (Array.isArray(value) && typeof value[0] === "string") result[key] = value.join(",");
  }
  return result;
}

export function rawBody(request: FastifyRequest): string {
  return typeof request.body === "string" ? request.body : "";
}

function parsedForLog(raw: string, contentType: string | undefined): unknown {
  if (!raw) return null;
  if (contentType?.includes("x-www-form-urlencoded")) {
    const fields = Object.fromEntries(new URLSearchParams(raw));
    if ("client_secret" in fields) fields.client_secret = "<redacted>";
    return fields;
  }
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

/**
 * The subject CN of the verified client certificate on an mTLS connection, or undefined (plain
 * HTTP, or no certificate accepted by the listener).
 */
export function clientCertificateName(request: FastifyRequest): string | undefined {
  const socket = request.raw.socket;
  if (!(socket instanceof TLSSocket) || !socket.authorized) return undefined;
  const commonName: unknown = socket.getPeerCertificate().subject?.CN;
  return typeof commonName === "string" ? commonName : undefined;
}

/** The path below the tenant prefix (`/api/<tenant>` or `/xsuaa/<tenant>`), without query. */
export function tenantPath(request: FastifyRequest): string {
  const path = request.url.split("?")[0] ?? "";
  return path.replace(/^\/(?:api|xsuaa)\/[^/]+/, "");
}

export function logRequest(
  state: SimulatorState,
  request: FastifyRequest,
  tenant: SimTenant | undefined,
  deploymentId: string | null,
): LoggedRequest {
  return state.requestLog.record({
    time: new Date(state.now()).toISOString(),
    tenant: tenant?.name ?? null,
    method: request.method,
    path: tenantPath(request),
    query: queryOf(request),
    headers: redactHeaders(request.headers),
    deploymentId,
    clientCertificate: clientCertificateName(request) ?? null,
    body: parsedForLog(rawBody(request), headerValue(request, "content-type")),
  });
}

/** Resolves the tenant from `:tenant`, or for root `/v2/*` paths from the bearer token's zone. */
export function resolveTenant(state: SimulatorState, request: FastifyRequest): SimTenant | undefined {
  const params = request.params as { tenant?: string };
  if (params.tenant !== undefined) return state.tenants.get(params.tenant);
  const token = /^Bearer\s+([^.\s]+)\.([^.\s]+)\./i.exec(headerValue(request, "authorization") ?? "");
  if (!token?.[2]) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(token[2], "base64url").toString("utf8")) as { zid?: unknown };
    return typeof claims.zid === "string" ? state.tenantByZone(claims.zid) : undefined;
  } catch {
    return undefined;
  }
}

const JWT_MESSAGES: Record<Exclude<TokenCheck, { ok: true }>["reason"], string> = {
  missing: "Jwt is missing",
  invalid: "Jwt verification fails",
  expired: "Jwt is expired",
};

/**
 * 401 as SAP AI Core's gateway answers it (reference section 5: "Jwt is expired"; body and
 * headers otherwise unverified, section 8 item 7): plain text with a `www-authenticate: Bearer`
 * challenge, or with `gatewayUnauthorizedBody: "json"` the AI API error shape.
 */
export function sendUnauthorized(
  state: SimulatorState,
  reply: FastifyReply,
  logged: LoggedRequest,
  reason: keyof typeof JWT_MESSAGES,
): FastifyReply {
  logged.status = 401;
  reply.code(401).header("www-authenticate", `Bearer realm="SAP AI Core", error="invalid_token"`);
  if (state.behaviour.gatewayUnauthorizedBody === "json")
    return reply.send(aiApiError("Unauthorized", JWT_MESSAGES[reason], logged.path));
  return reply.type("text/plain; charset=utf-8").send(JWT_MESSAGES[reason]);
}

export function sendAiApiError(
  reply: FastifyReply,
  logged: LoggedRequest,
  status: number,
  code: string,
  message: string,
): FastifyReply {
  logged.status = status;
  return reply.code(status).send(aiApiError(code, message, logged.path));
}

export function checkToken(state: SimulatorState, request: FastifyRequest, tenant: SimTenant): TokenCheck {
  return state.tokens.verify(tenant, headerValue(request, "authorization"));
}

/**
 * Applies the latency of a fault plan; the caller applies the decisive fault. The pause ends
 * early when the connection closes (the client gave up, or the simulator is closing), so no
 * timer outlives the request.
 */
export async function applyLatency(plan: FaultPlan, response: ServerResponse): Promise<void> {
  if (plan.latencyMs <= 0 || response.destroyed) return;
  const controller = new AbortController();
  const abort = () => controller.abort();
  response.once("close", abort);
  try {
    await sleep(plan.latencyMs, undefined, { signal: controller.signal });
  } catch {
    // aborted: the connection is gone
  } finally {
    response.off("close", abort);
  }
}

export function retryAfterHeader(
  state: SimulatorState,
  retryAfter: number | string | null | undefined,
): Record<string, string> {
  const value = retryAfter === undefined ? state.behaviour.defaultRetryAfterSeconds : retryAfter;
  return value === null ? {} : { "retry-after": String(value) };
}

export function describeFault(plan: FaultPlan): string | null {
  return plan.fault ? plan.fault.kind + ("status" in plan.fault ? ` ${plan.fault.status}` : "") : null;
}
