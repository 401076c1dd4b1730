/**
 * Builds the simulator's Fastify app. Bodies arrive as raw strings so that each route can answer
 * malformed input the way the real upstream does instead of with Fastify's own error shape.
 */
import Fastify, { type FastifyInstance } from "fastify";
import type { SimulatorState } from "../state.js";
import { registerAiApiRoutes } from "./ai-api-routes.js";
import { registerControlRoutes } from "./control-routes.js";
import { registerInferenceRoutes } from "./inference-routes.js";
import { registerXsuaaRoutes } from "./xsuaa-routes.js";

export interface SimulatorAppOptions {
  /** Called once per finished request with a one-line summary (the CLI prints it). */
  onRequestLine?: (line: string) => void;
}

export function buildSimulatorApp(
  state: SimulatorState,
  baseUrl: () => string,
  options: SimulatorAppOptions = {},
): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 100 * 1024 * 1024, forceCloseConnections: true });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "string" }, (_request, body, done) => done(null, body));

  registerXsuaaRoutes(app, state, baseUrl);
  registerAiApiRoutes(app, state, baseUrl);
  registerInferenceRoutes(app, state);
  registerControlRoutes(app, state, baseUrl);

  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .type("text/plain; charset=utf-8")
      .send(`No route for ${request.method} ${request.url.split("?")[0]}`),
  );
  const onLine = options.onRequestLine;
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
  return app;
}
