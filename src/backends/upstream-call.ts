/**
 * One call to a deployment: `{deploymentUrl}{suffix}` with the subaccount's bearer token and
 * `AI-Resource-Group` (reference section 2); on 401 the token is dropped and the call retried once.
 * Non-2xx answers become ProxyErrors that keep the upstream status (4xx, 429 with Retry-After and
 * x-should-retry) and message; SAP's 401/403 (the gateway's credentials) reach the client as 502.
 */
import { request, type Dispatcher } from "undici";
import { ProxyError } from "../errors/proxy-error.js";
import { upstreamStatusError } from "../errors/upstream-status.js";
import type { Candidate } from "../routing/model-registry.js";
import type { TokenProvider } from "../sap/token-provider.js";

export interface UpstreamCall {
  candidate: Candidate;
  tokens: TokenProvider;
  http: Dispatcher;
  suffix: string;
  query?: Record<string, string>;
  body: unknown;
  accept?: string;
  signal?: AbortSignal;
}

export const CLIENT_TYPE = "sap-ai-core-llm-proxy";

function urlOf(call: UpstreamCall): string {
  const query =
    call.query && Object.keys(call.query).length > 0 ? `?${new URLSearchParams(call.query).toString()}` : "";
  return `${call.candidate.deploymentUrl}${call.suffix}${query}`;
}

export async function callDeployment(call: UpstreamCall): Promise<Dispatcher.ResponseData> {
  const payload = JSON.stringify(call.body);
  const send = async (token: string) =>
    request(urlOf(call), {
      method: "POST",
      dispatcher: call.http,
      headers: {
        authorization: `Bearer ${token}`,
        "ai-resource-group": call.candidate.resourceGroup,
        "ai-client-type": CLIENT_TYPE,
        "content-type": "application/json",
        accept: call.accept ?? "application/json",
      },
      body: payload,
      ...(call.signal ? { signal: call.signal } : {}),
    });
  try {
    const token = await call.tokens.token(call.signal);
    const response = await send(token);
    if (response.statusCode !== 401) return response;
    await response.body.dump();
    call.tokens.invalidate(token);
    return await send(await call.tokens.token(call.signal));
  } catch (error) {
    if (error instanceof ProxyError) throw error;
    if (call.signal?.aborted) throw error;
    throw new ProxyError(
      "upstream_unreachable",
      502,
      `Deployment ${call.candidate.deploymentId} of subaccount "${call.candidate.subAccount}" is unreachable (${(error as Error).message})`,
      { retryable: true, cause: error },
    );
  }
}

/**
 * The whole body of a 2xx answer. A body that breaks off (a dropped connection) is a retryable
 * ProxyError; when `signal` was aborted (client gone, timeout) the raw error is rethrown.
 */
export async function readUpstreamText(
  response: Dispatcher.ResponseData,
  signal?: AbortSignal,
): Promise<string> {
  try {
    return await response.body.text();
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ProxyError(
      "upstream_error",
      502,
      `The upstream answer broke off: ${(error as Error).message}`,
      {
        retryable: true,
        cause: error,
      },
    );
  }
}

/** The whole body of a 2xx answer as JSON; not JSON (or broken off): a retryable ProxyError. */
export async function readUpstreamJson(
  response: Dispatcher.ResponseData,
  signal?: AbortSignal,
): Promise<unknown> {
  const text = await readUpstreamText(response, signal);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ProxyError(
      "upstream_error",
      502,
      `The upstream answer is not valid JSON: ${(error as Error).message}`,
      {
        retryable: true,
        cause: error,
      },
    );
  }
}

function messageOf(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown };
    if (typeof body.error === "object" && typeof body.error.message === "string") return body.error.message;
    if (typeof body.message === "string") return body.message;
    if (typeof body.error === "string") return body.error;
  } catch {
    // plain text
  }
  return text.trim().slice(0, 2000) || "(empty body)";
}

/** Reads a non-2xx upstream answer into a ProxyError. */
export async function upstreamError(
  response: Dispatcher.ResponseData,
  candidate: Candidate,
): Promise<ProxyError> {
  // A body that breaks off is read as empty: the status still decides (429/503 fail over).
  const text = await response.body.text().catch(() => "");
  const status = response.statusCode;
  const headers: Record<string, string> = {};
  for (const name of ["retry-after", "retry-after-ms", "x-should-retry"]) {
    const value = response.headers[name];
    if (typeof value === "string") headers[name] = value;
  }
  // Statuses as everywhere (errors/upstream-status.ts): SAP's 401/403 reach the client as 502.
  return upstreamStatusError(
    messageOf(text),
    { status, headers, body: text },
    { subAccount: candidate.subAccount },
  );
}
