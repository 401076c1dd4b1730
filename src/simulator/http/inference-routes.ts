/**
 * Inference endpoint `POST /v2/inference/deployments/{id}/{suffix}` (reference sections 4 and
 * 7.6): resource-group and deployment checks, faults, then the executable's family emulation.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { familyFor } from "../families/index.js";
import type { InferenceRequest, InferenceResponse } from "../families/types.js";
import type { SimulatorState } from "../state.js";
import { applyCommonFaults, guard } from "./guard.js";
import { queryOf, rawBody, retryAfterHeader, sendAiApiError } from "./request-context.js";
import { writeInferenceResponse } from "./respond.js";
import { applyStreamVariants } from "./stream-variants.js";

export function registerInferenceRoutes(app: FastifyInstance, state: SimulatorState): void {
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const params = request.params as { id: string; "*": string };
    const guarded = guard(state, request, reply, params.id);
    if (!guarded) return reply;
    const { tenant, logged } = guarded;
    const group = guarded.resourceGroup;
    if (group === undefined || group === "") {
      return sendAiApiError(
        reply,
        logged,
        state.behaviour.inferenceMissingResourceGroupStatus,
        "MissingResourceGroup",
        "Missing header parameter 'AI-Resource-Group'",
      );
    }
    const deployment = state.findDeployment(tenant, params.id);
    if (!deployment || deployment.resourceGroup !== group) {
      return sendAiApiError(
        reply,
        logged,
        404,
        "DeploymentNotFound",
        `Deployment '${params.id}' not found in resource group '${group}'`,
      );
    }
    if (deployment.status !== "RUNNING") {
      return sendAiApiError(
        reply,
        logged,
        404,
        "DeploymentNotRunning",
        `Deployment '${params.id}' is ${deployment.status}`,
      );
    }
    const inference: InferenceRequest = {
      tenant,
      deployment,
      suffix: `/${params["*"]}`,
      query: queryOf(request),
      headers: logged.headers,
      rawBody: rawBody(request),
      behaviour: state.behaviour,
      signer: state.signer,
      promptCache: state.promptCache,
      nowMs: state.now(),
    };
    const family = familyFor(deployment.executableId);
    const notServed = () =>
      sendAiApiError(
        reply,
        logged,
        state.behaviour.unknownSuffixStatus,
        "NotFound",
        `Path '${inference.suffix}' is not served by executable '${deployment.executableId}'`,
      );
    if (!family) {
      // e.g. orchestration: listed by the AI API so that discovery sees it, but no inference
      return sendAiApiError(
        reply,
        logged,
        404,
        "NotSimulated",
        `Inference on executable '${deployment.executableId}' (${inference.suffix}) is not simulated by this SAP AI Core simulator`,
      );
    }

    const stream = family.isStreaming(inference);
    const fault = await applyCommonFaults(state, request, reply, guarded, { deployment, stream });
    if (fault === "handled") return reply;

    let result: InferenceResponse | undefined;
    if (fault?.kind === "http-error") {
      const error = family.errorResponse(inference, {
        status: fault.status,
        ...(fault.message !== undefined ? { message: fault.message } : {}),
        kind: fault.status === 429 ? "rate-limit" : fault.status >= 500 ? "server" : "invalid",
      });
      const extra = fault.status === 429 ? retryAfterHeader(state, fault.retryAfter) : {};
      result = { ...error, headers: { ...error.headers, ...extra } };
    } else if (fault?.kind === "stream-error") {
      result = family.throttledStream(inference, fault.message);
    } else {
      result = family.handle(inference);
      if (result) result = applyStreamVariants(result, deployment.executableId, state.behaviour, true);
    }
    if (!result) return notServed();
    if (fault?.kind === "stream-error")
      result = applyStreamVariants(result, deployment.executableId, state.behaviour, false);

    logged.status = result.type === "stream" ? 200 : result.status;
    reply.hijack();
    try {
      await writeInferenceResponse(reply.raw, result, {
        intervalMs: state.behaviour.streamIntervalMs,
        ...(fault?.kind === "drop" ? { dropAfterEvents: fault.afterEvents } : {}),
      });
    } catch {
      // Fastify no longer owns the hijacked response: end the connection instead of leaving it open.
      reply.raw.destroy();
      request.raw.socket.destroy();
    }
    return reply;
  };
  app.post("/api/:tenant/v2/inference/deployments/:id/*", handler);
  app.post("/v2/inference/deployments/:id/*", handler);
}
