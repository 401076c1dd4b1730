/**
 * XSUAA token endpoint (reference sections 1.2 and 7.1): client credentials as form fields or
 * HTTP Basic, a JWT-shaped bearer token, `invalid_client` on bad credentials. The x509 variant
 * (`certurl`, served over mutual TLS by the simulator's HTTPS listener) runs the same handler and
 * authenticates the client by its certificate and `client_id` instead of a secret.
 */
import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { SimTenant } from "../landscape.js";
import { xsuaaUrl } from "../service-key.js";
import type { SimulatorState } from "../state.js";
import {
  applyLatency,
  clientCertificateName,
  describeFault,
  headerValue,
  logRequest,
  rawBody,
  retryAfterHeader,
  tenantPath,
} from "./request-context.js";

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** HTTP Basic credentials; `null` when the header is Basic but its content is malformed. */
function basicCredentials(
  authorization: string | undefined,
): { id: string; secret: string } | null | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(authorization ?? "");
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  try {
    return {
      id: decodeURIComponent(decoded.slice(0, colon)),
      secret: decodeURIComponent(decoded.slice(colon + 1)),
    };
  } catch {
    return null; // a malformed %-escape: bad credentials, not a server error
  }
}

/** Decides whether a well-formed client-credentials request authenticates as `tenant`. */
type ClientAuthentication = (request: FastifyRequest, form: URLSearchParams, tenant: SimTenant) => boolean;

/** Secret keys: `client_id` and `client_secret` as form fields or HTTP Basic. */
const bySecret: ClientAuthentication = (request, form, tenant) => {
  const basic = basicCredentials(headerValue(request, "authorization"));
  if (basic === null) return false;
  const clientId = basic?.id ?? form.get("client_id");
  const clientSecret = basic?.secret ?? form.get("client_secret");
  return (
    clientId !== null &&
    clientSecret !== null &&
    clientId === tenant.clientId &&
    sameSecret(clientSecret, tenant.clientSecret)
  );
};

/**
 * x509 keys: the TLS client certificate must be the tenant's (CN = its client id) and `client_id`
 * (form field, or the user part of HTTP Basic) must name the same client; no secret is needed.
 */
const byCertificate: ClientAuthentication = (request, form, tenant) => {
  const basic = basicCredentials(headerValue(request, "authorization"));
  if (basic === null) return false;
  const clientId = basic?.id ?? form.get("client_id");
  return clientId === tenant.clientId && clientCertificateName(request) === tenant.clientId;
};

export function registerXsuaaRoutes(
  app: FastifyInstance,
  state: SimulatorState,
  baseUrl: () => string,
): void {
  app.post("/xsuaa/:tenant/oauth/token", tokenHandler(state, baseUrl, bySecret));
}

/** The `certurl` token endpoint; `app` must be an HTTPS server that requests client certificates. */
export function registerXsuaaCertificateRoutes(
  app: FastifyInstance,
  state: SimulatorState,
  baseUrl: () => string,
): void {
  app.post("/xsuaa/:tenant/oauth/token", tokenHandler(state, baseUrl, byCertificate));
}

function tokenHandler(
  state: SimulatorState,
  baseUrl: () => string,
  authenticate: ClientAuthentication,
): (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply> {
  return async (request, reply) => {
    const tenant = state.tenants.get((request.params as { tenant: string }).tenant);
    const logged = logRequest(state, request, tenant, null);
    const unauthorized = (description: string) => {
      logged.status = 401;
      return reply
        .code(401)
        .header(
          "www-authenticate",
          `Basic realm="UAA/client", error="unauthorized", error_description="${description}"`,
        )
        .send({ error: "invalid_client", error_description: description });
    };
    if (!tenant) return unauthorized("Bad credentials");

    const plan = state.faults.plan({ tenant: tenant.name, path: tenantPath(request), stream: false });
    logged.fault = describeFault(plan);
    await applyLatency(plan, reply.raw);
    if (plan.fault?.kind === "drop") {
      request.raw.socket.destroy();
      return reply.hijack();
    }
    if (plan.fault?.kind === "http-error") {
      logged.status = plan.fault.status;
      return reply
        .code(plan.fault.status)
        .headers(plan.fault.status === 429 ? retryAfterHeader(state, plan.fault.retryAfter) : {})
        .send({ error: "server_error", error_description: plan.fault.message ?? "Injected fault" });
    }

    const contentType = headerValue(request, "content-type") ?? "";
    if (!contentType.includes("application/x-www-form-urlencoded")) {
      logged.status = 400;
      return reply.code(400).send({
        error: "invalid_request",
        error_description: "Content-Type must be application/x-www-form-urlencoded",
      });
    }
    const form = new URLSearchParams(rawBody(request));
    const grantType = form.get("grant_type");
    if (grantType !== "client_credentials") {
      logged.status = 400;
      return reply.code(400).send({
        error: "unsupported_grant_type",
        error_description: `Unsupported grant type: ${grantType ?? "(missing)"}`,
      });
    }
    if (!authenticate(request, form, tenant)) return unauthorized("Bad credentials");
    const { token, claims } = state.tokens.issue(
      tenant,
      xsuaaUrl(baseUrl(), tenant),
      state.behaviour.tokenLifetimeSeconds,
    );
    logged.status = 200;
    return reply.code(200).send({
      access_token: token,
      token_type: "bearer",
      expires_in: claims.exp - claims.iat,
      scope: claims.scope.join(" "),
      jti: claims.jti,
    });
  };
}
