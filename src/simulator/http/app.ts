/**
 * Builds the simulator's Fastify apps: the main one (XSUAA, AI API, inference, control API) on
 * plain HTTP, and in x509 mode a second one on HTTPS with mutual TLS that serves only the `certurl`
 * token endpoint. Bodies arrive as raw strings so that each route can answer malformed input the
 * way the real upstream does instead of with Fastify's own error shape.
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import type { SimulatorPki } from "../pki.js";
import type { SimulatorState } from "../state.js";
import { registerAiApiRoutes } from "./ai-api-routes.js";
import { registerControlRoutes, type X509Endpoint } from "./control-routes.js";
import { registerInferenceRoutes } from "./inference-routes.js";
import { registerXsuaaCertificateRoutes, registerXsuaaRoutes } from "./xsuaa-routes.js";

export interface SimulatorAppOptions {
  /** Called once per finished request with a one-line summary (the CLI prints it). */
  onRequestLine?: (line: string) => void;
  /** x509 mode: the control API then also describes x509 keys and the CA. */
  x509?: X509Endpoint;
}

const FASTIFY_OPTIONS = {
  logger: false,
  bodyLimit: 100 * 1024 * 1024,
  forceCloseConnections: true,
} satisfies FastifyServerOptions;

/** Raw-string bodies, a plain-text 404, and the per-request line. */
function prepare(app: FastifyInstance, onLine: ((line: string) => void) | undefined): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "string" }, (_request, body, done) => done(null, body));
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .type("text/plain; charset=utf-8")
      .send(`No route for ${request.method} ${request.url.split("?")[0]}`),
  );
  if (onLine) {
    app.addHook("onRequest", (request, reply, done) => {
      const started = process.hrtime.bigint();
      reply.raw.once("close", () => {
        const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
        const path = request.url.split("?")[0] ?? "";
        const outcome = reply.raw.writableFinished ? String(reply.raw.statusCode) : "connection closed early";
        onLine(`${request.method} ${path} -> ${outcome} (${elapsed.toFixed(1)} ms)`);
      });
      done();
    });
  }
}

export function buildSimulatorApp(
  state: SimulatorState,
  baseUrl: () => string,
  options: SimulatorAppOptions = {},
): FastifyInstance {
  const app = Fastify(FASTIFY_OPTIONS);
  prepare(app, options.onRequestLine);
  registerXsuaaRoutes(app, state, baseUrl);
  registerAiApiRoutes(app, state, baseUrl);
  registerInferenceRoutes(app, state);
  registerControlRoutes(app, state, baseUrl, options.x509);
  return app;
}

/**
 * The x509 token endpoint: HTTPS with the simulator's server certificate, a client certificate
 * signed by the simulator's CA required at the TLS handshake. `baseUrl` is the main app's (tokens
 * name the XSUAA `url` as issuer, as with secret keys).
 */
export function buildCertificateApp(
  state: SimulatorState,
  baseUrl: () => string,
  pki: SimulatorPki,
  options: Pick<SimulatorAppOptions, "onRequestLine"> = {},
): FastifyInstance {
  const app = Fastify({
    ...FASTIFY_OPTIONS,
    https: {
      key: pki.server.key,
      cert: pki.server.certificate,
      ca: pki.caCertificate,
      requestCert: true,
      rejectUnauthorized: true,
    },
  });
  prepare(app, options.onRequestLine);
  registerXsuaaCertificateRoutes(app, state, baseUrl);
  return app;
}
