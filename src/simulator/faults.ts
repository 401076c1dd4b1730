/**
 * Fault injection: rules matched per tenant, deployment, model and path, applied by the request
 * handlers. A rule can fire a limited number of times (`times`) or until removed.
 */
import { z } from "zod";

const matchFields = {
  /** Tenant name. */
  tenant: z.string().optional(),
  /** Deployment id. */
  deployment: z.string().optional(),
  /** SAP model name of the deployment. */
  model: z.string().optional(),
  /** Substring of the request path below the tenant, e.g. `/chat/completions` or `/oauth/token`. */
  path: z.string().optional(),
  /** How many requests the rule applies to; unlimited when omitted. */
  times: z.number().int().positive().optional(),
};

export const faultRuleSchema = z.discriminatedUnion("kind", [
  z.object({
    ...matchFields,
    kind: z.literal("http-error"),
    status: z.number().int().min(400).max(599),
    /** `Retry-After` value (seconds, or an HTTP date string); null for none; behaviour default otherwise. */
    retryAfter: z
      .union([
        z.number().int().nonnegative(),
        z
          .string()
          .refine(
            (value) => /^\d+$/.test(value) || (/[a-z]/i.test(value) && !Number.isNaN(Date.parse(value))),
            "must be delay seconds (digits) or an HTTP date",
          ),
        z.null(),
      ])
      .optional(),
    message: z.string().optional(),
  }),
  /** A 200 stream whose first event is the family's throttling error. */
  z.object({ ...matchFields, kind: z.literal("stream-error"), message: z.string().optional() }),
  /** Close the connection after this many streamed events (0: before any byte of the response). */
  z.object({
    ...matchFields,
    kind: z.literal("drop"),
    afterEvents: z.number().int().nonnegative().default(2),
  }),
  /** Delay before the response starts. */
  z.object({ ...matchFields, kind: z.literal("latency"), ms: z.number().int().nonnegative() }),
  /** Answer 401 as if the bearer token had expired. */
  z.object({ ...matchFields, kind: z.literal("token-expired") }),
]);

export type FaultRuleInput = z.input<typeof faultRuleSchema>;
export type FaultRule = z.output<typeof faultRuleSchema>;
export type FaultOf<K extends FaultRule["kind"]> = Extract<FaultRule, { kind: K }>;

export interface FaultContext {
  tenant: string;
  path: string;
  deployment?: string;
  model?: string;
  stream: boolean;
}

/** Faults that decide the response, after any latency. */
export type DecisiveFault = Exclude<FaultRule, { kind: "latency" }>;

export interface FaultPlan {
  latencyMs: number;
  fault?: DecisiveFault;
}

interface StoredRule {
  id: string;
  rule: FaultRule;
  remaining: number;
}

export class FaultInjector {
  private rules: StoredRule[] = [];
  private nextId = 1;

  add(input: FaultRuleInput): string {
    const rule = faultRuleSchema.parse(input);
    const id = `fault-${this.nextId++}`;
    this.rules.push({ id, rule, remaining: rule.times ?? Number.POSITIVE_INFINITY });
    return id;
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((stored) => stored.id !== id);
    return this.rules.length !== before;
  }

  clear(): void {
    this.rules = [];
  }

  list(): { id: string; rule: FaultRule; remaining: number | null }[] {
    return this.rules.map(({ id, rule, remaining }) => ({
      id,
      rule,
      remaining: Number.isFinite(remaining) ? remaining : null,
    }));
  }

  /** Decide what happens to one request; consumes one use of every rule that applies. */
  plan(context: FaultContext): FaultPlan {
    let latencyMs = 0;
    let fault: DecisiveFault | undefined;
    for (const stored of this.rules) {
      const { rule } = stored;
      if (!matches(rule, context)) continue;
      if (rule.kind === "latency") {
        latencyMs += rule.ms;
      } else if (fault || (rule.kind === "stream-error" && !context.stream)) {
        continue;
      } else {
        fault = rule;
      }
      stored.remaining -= 1;
    }
    this.rules = this.rules.filter((stored) => stored.remaining > 0);
    return fault ? { latencyMs, fault } : { latencyMs };
  }
}

function matches(rule: FaultRule, context: FaultContext): boolean {
  if (rule.tenant !== undefined && rule.tenant !== context.tenant) return false;
  if (rule.deployment !== undefined && rule.deployment !== context.deployment) return false;
  if (rule.model !== undefined && rule.model !== context.model) return false;
  if (rule.path !== undefined && !context.path.includes(rule.path)) return false;
  return true;
}
