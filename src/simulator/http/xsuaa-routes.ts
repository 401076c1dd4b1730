/**
 * XSUAA token endpoint (reference sections 1.2 and 7.1): client credentials as form fields or
 * HTTP Basic, a JWT-shaped bearer token, `invalid_client` on bad credentials.
 */
import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { xsuaaUrl } from "../service-key.js";
import type { SimulatorState } from "../state.js";
import {
  applyLatency,
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

function basicCredentials(authorization: string | undefined): { id: string; secret: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(authorization ?? "");
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  return {
    id: decodeURIComponent(decoded.slice(0, colon)),
    secret: decodeURIComponent(decoded.slice(colon + 1)),
  };
}

export function registerXsuaaRoutes(
  app: FastifyInstance,
  state: SimulatorState,
  baseUrl: () => string,
): void {
  app.post("/xsuaa/:tenant/oauth/token", async (request, reply) => {
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
    await applyLatency(plan);
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
    const basic = basicCredentials(headerValue(request, "authorization"));
    const clientId = basic?.id ?? form.get("client_id");
    const clientSecret = basic?.secret ?? form.get("client_secret");
    if (
      clientId === null ||
      clientSecret === null ||
      clientId !== tenant.clientId ||
      !sameSecret(clientSecret, tenant.clientSecret)
    ) {
      return unauthorized("Bad credentials");
    }
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
  });
}
