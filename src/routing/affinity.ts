/**
 * Session affinity (`affinity: "session"`): requests of one conversation prefer the deployment
 * that served it before, so prompt-cache prefixes written there are read back. The key is Claude
 * Code's `X-Claude-Code-Session-Id`, else the session in `metadata.user_id`
 * (`user_<hash>_account_<uuid>_session_<uuid>`, or a JSON string with `session_id`), else a
 * generic `x-session-affinity` header; `X-Claude-Code-Agent-Id` refines it, so that subagents
 * (own prompts, own caches) do not all pile onto their parent's deployment
 * (reference/peers-and-client-contracts.md 3.1). The table forgets keys unused for `ttlMs` and
 * holds at most `limit` keys (least recently used go first).
 */

type Headers = Readonly<Record<string, string | string[] | undefined>>;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text && text.trim() !== "" ? text.trim() : undefined;
}

/** The session part of Anthropic's `metadata.user_id` as Claude Code fills it. */
export function sessionOfUserId(userId: unknown): string | undefined {
  if (typeof userId !== "string" || userId === "") return undefined;
  const match = /_session_([A-Za-z0-9-]+)/.exec(userId);
  if (match) return match[1];
  if (userId.startsWith("{")) {
    try {
      const parsed = JSON.parse(userId) as { session_id?: unknown };
      if (typeof parsed.session_id === "string" && parsed.session_id !== "") return parsed.session_id;
    } catch {
      // not JSON after all
    }
  }
  return undefined;
}

/** The affinity key of a request, or undefined when it carries none. */
export function affinityKey(headers: Headers, body: unknown): string | undefined {
  const metadata =
    body !== null && typeof body === "object"
      ? (body as { metadata?: { user_id?: unknown } }).metadata
      : undefined;
  const session =
    header(headers, "x-claude-code-session-id") ??
    sessionOfUserId(metadata !== null && typeof metadata === "object" ? metadata.user_id : undefined) ??
    header(headers, "x-session-affinity");
  if (session === undefined) return undefined;
  const agent = header(headers, "x-claude-code-agent-id");
  return agent === undefined ? session : `${session}#${agent}`;
}

interface Pin {
  deployment: string;
  usedAt: number;
}

export class AffinityTable {
  private readonly pins = new Map<string, Pin>();

  constructor(private readonly options: { ttlMs: number; limit: number }) {}

  /** The deployment key `key` is pinned to, if the pin is still fresh. */
  get(key: string, nowMs: number): string | undefined {
    const pin = this.pins.get(key);
    if (!pin) return undefined;
    if (nowMs - pin.usedAt > this.options.ttlMs) {
      this.pins.delete(key);
      return undefined;
    }
    return pin.deployment;
  }

  set(key: string, deployment: string, nowMs: number): void {
    this.pins.delete(key);
    this.pins.set(key, { deployment, usedAt: nowMs });
    while (this.pins.size > this.options.limit) {
      const oldest = this.pins.keys().next();
      if (oldest.done) break;
      this.pins.delete(oldest.value);
    }
  }

  get size(): number {
    return this.pins.size;
  }

  clear(): void {
    this.pins.clear();
  }
}
