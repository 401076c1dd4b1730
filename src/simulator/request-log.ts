/**
 * The simulator's request log: what reached it, so tests can assert what a client (the gateway)
 * sent upstream. Bearer tokens are not kept, only whether one was sent.
 */

export interface LoggedRequest {
  /** Sequence number, starting at 1. */
  seq: number;
  time: string;
  tenant: string | null;
  method: string;
  /** Path below the tenant prefix, e.g. `/v2/inference/deployments/<id>/invoke`. */
  path: string;
  query: Record<string, string>;
  /** Lower-case header names; `authorization` is replaced by `Bearer <redacted>` or `Basic <redacted>`. */
  headers: Record<string, string>;
  deploymentId: string | null;
  /**
   * Subject CN of the client certificate presented on the x509 (mTLS) token endpoint; null for
   * requests over plain HTTP.
   */
  clientCertificate: string | null;
  /** Parsed JSON body, the form fields of a token request, or the raw text. */
  body: unknown;
  status: number | null;
  /** The fault that was applied, if any. */
  fault: string | null;
}

export class RequestLog {
  private entries: LoggedRequest[] = [];
  private seq = 0;

  constructor(private readonly limit: number) {}

  record(entry: Omit<LoggedRequest, "seq" | "status" | "fault">): LoggedRequest {
    const logged: LoggedRequest = { ...entry, seq: ++this.seq, status: null, fault: null };
    this.entries.push(logged);
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
    return logged;
  }

  all(filter: { tenant?: string; deploymentId?: string } = {}): LoggedRequest[] {
    return this.entries.filter(
      (entry) =>
        (filter.tenant === undefined || entry.tenant === filter.tenant) &&
        (filter.deploymentId === undefined || entry.deploymentId === filter.deploymentId),
    );
  }

  last(): LoggedRequest | undefined {
    return this.entries.at(-1);
  }

  clear(): void {
    this.entries = [];
  }
}

export function redactHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(", ") : value;
    const lower = name.toLowerCase();
    result[lower] = lower === "authorization" ? text.replace(/^(\S+)\s+.*$/, "$1 <redacted>") : text;
  }
  return result;
}
