/**
 * OAuth client-credentials tokens for one subaccount (reference/sap-ai-core-wire-formats.md
 * section 1.2): cached until shortly before `exp`, one fetch in flight at a time, dropped when the
 * upstream answers 401 so the next call fetches a fresh one. x509 keys use mutual TLS.
 */
import { Agent, request, type Dispatcher } from "undici";
import { ProxyError } from "../errors/proxy-error.js";
import type { ServiceKeyCredentials } from "../config/service-key.js";

export interface TokenProviderOptions {
  http: Dispatcher;
  clock: () => number;
  /** Refresh this many seconds before expiry (SAP's SDKs use 60 min for multi-hour tokens). */
  refreshMarginSeconds?: number;
}

interface CachedToken {
  value: string;
  refreshAtMs: number;
}

function expiryFromJwt(token: string): number | undefined {
  const payload = token.split(".")[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { exp?: unknown };
    return typeof claims.exp === "number" ? claims.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** `promise`, or the signal's reason as soon as `signal` aborts (the promise itself goes on). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: Error) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error
    ? signal.reason
    : new DOMException("The operation was aborted", "AbortError");
}

export class TokenProvider {
  private cached: CachedToken | undefined;
  private inFlight: Promise<string> | undefined;
  private readonly dispatcher: Dispatcher;

  constructor(
    readonly subAccount: string,
    private readonly credentials: ServiceKeyCredentials,
    private readonly options: TokenProviderOptions,
  ) {
    this.dispatcher =
      credentials.type === "x509"
        ? new Agent({ connect: { cert: credentials.certificate, key: credentials.privateKey } })
        : options.http;
  }

  /**
   * A valid access token; fetches one when none is cached or the cached one is about to expire.
   * `signal` aborted: this caller stops waiting (rejects with the signal's reason); the shared
   * fetch goes on for the others.
   */
  async token(signal?: AbortSignal): Promise<string> {
    if (this.cached && this.options.clock() < this.cached.refreshAtMs) return this.cached.value;
    this.inFlight ??= this.fetchToken().finally(() => {
      this.inFlight = undefined;
    });
    return signal ? untilAborted(this.inFlight, signal) : this.inFlight;
  }

  /** Forget `token` after the upstream rejected it (a newer token is kept). */
  invalidate(token: string): void {
    if (this.cached?.value === token) this.cached = undefined;
  }

  private async fetchToken(): Promise<string> {
    const form = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: this.credentials.clientId,
    });
    if (this.credentials.type === "secret") form.set("client_secret", this.credentials.clientSecret);
    const started = this.options.clock();
    let response: Dispatcher.ResponseData;
    try {
      response = await request(this.credentials.tokenUrl, {
        method: "POST",
        dispatcher: this.dispatcher,
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
        body: form.toString(),
      });
    } catch (error) {
      throw new ProxyError(
        "upstream_unreachable",
        502,
        `Subaccount "${this.subAccount}": cannot reach the token endpoint (${(error as Error).message})`,
        {
          retryable: true,
          cause: error,
        },
      );
    }
    const text = await response.body.text();
    if (response.statusCode !== 200) {
      let detail = text.slice(0, 300);
      try {
        const body = JSON.parse(text) as { error?: string; error_description?: string };
        if (body.error)
          detail = `${body.error}${body.error_description ? `: ${body.error_description}` : ""}`;
      } catch {
        // keep the raw text
      }
      throw new ProxyError(
        "upstream_auth_failed",
        response.statusCode === 401
          ? 502
          : response.statusCode >= 500 || response.statusCode === 429
            ? 503
            : 502,
        `Subaccount "${this.subAccount}": token request failed with ${response.statusCode} (${detail}); check its service key`,
        {
          retryable: response.statusCode >= 500 || response.statusCode === 429,
          upstream: { status: response.statusCode, body: text },
        },
      );
    }
    let body: { access_token?: unknown; expires_in?: unknown };
    try {
      body = JSON.parse(text) as { access_token?: unknown; expires_in?: unknown };
    } catch {
      // e.g. an HTML login page: the key's `url` is not the XSUAA of this subaccount
      throw new ProxyError(
        "upstream_auth_failed",
        502,
        `Subaccount "${this.subAccount}": the token endpoint did not return JSON; check the service key's url`,
        { upstream: { status: response.statusCode, body: text.slice(0, 300) } },
      );
    }
    if (body === null || typeof body !== "object" || typeof body.access_token !== "string") {
      throw new ProxyError(
        "upstream_auth_failed",
        502,
        `Subaccount "${this.subAccount}": token response has no access_token`,
      );
    }
    const expiresAtMs =
      expiryFromJwt(body.access_token) ??
      started + (typeof body.expires_in === "number" ? body.expires_in : 3600) * 1000;
    const lifetimeMs = Math.max(0, expiresAtMs - started);
    const marginMs = Math.min((this.options.refreshMarginSeconds ?? 300) * 1000, lifetimeMs / 2);
    this.cached = { value: body.access_token, refreshAtMs: expiresAtMs - marginMs };
    return body.access_token;
  }
}
