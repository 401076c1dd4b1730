/**
 * The `routing` and `timeouts` sections of config.json (issue 6): per-model balancing strategy,
 * weights and session affinity; cooldowns, circuit breaker and retry budget of failover; upstream
 * timeouts. Every field is optional; defaults in routing/routing-config.ts.
 */
import { z } from "zod";

const strategy = z
  .enum(["round-robin", "weighted", "least-in-flight"])
  .describe(
    "round-robin (default): rotate over the deployments; weighted: in proportion to `weights`; least-in-flight: fewest requests in flight first",
  );

const weights = z
  .record(z.string().min(1), z.number().min(0).max(1_000_000))
  .describe(
    'weighted strategy: "<subaccount>" or "<subaccount>/<deploymentId>" -> weight (the deployment entry wins; unlisted: 1; 0: only when no other deployment can serve)',
  );

export const modelRoutingSchema = z
  .object({
    strategy: strategy.optional(),
    weights: weights.optional(),
    affinity: z
      .enum(["none", "session"])
      .optional()
      .describe(
        "session: requests of one conversation (X-Claude-Code-Session-Id, metadata.user_id's session, or x-session-affinity; refined by X-Claude-Code-Agent-Id) prefer the deployment that served it before, for prompt-cache hits",
      ),
    busy_threshold: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe(
        "session affinity spills to another deployment when the preferred one has this many requests in flight and another has fewer (default 8)",
      ),
  })
  .strict();

export const routingSchema = z
  .object({
    default: modelRoutingSchema
      .optional()
      .describe("Options for every model (default: round-robin, no affinity)"),
    models: z
      .record(z.string().min(1), modelRoutingSchema)
      .optional()
      .describe("Public model name -> options over `default`"),
    cooldown: z
      .object({
        base_ms: z
          .number()
          .int()
          .min(0)
          .optional()
          .describe(
            "Backoff after a failure without Retry-After, doubling per consecutive failure (default 1000)",
          ),
        max_ms: z
          .number()
          .int()
          .min(0)
          .optional()
          .describe("Longest cooldown, also the cap on an upstream's Retry-After (default 300000)"),
      })
      .strict()
      .optional()
      .describe("How long a deployment that failed (429, 5xx, timeout, connection error) is skipped"),
    circuit: z
      .object({
        failures: z
          .number()
          .int()
          .min(1)
          .optional()
          .describe("Consecutive failures that open the circuit (default 5)"),
        open_ms: z
          .number()
          .int()
          .min(0)
          .optional()
          .describe("How long an open circuit skips the deployment before one probe request (default 30000)"),
      })
      .strict()
      .optional()
      .describe("Circuit breaker per deployment, so that a dead subaccount stops costing latency"),
    retry_budget: z
      .object({
        ratio: z
          .number()
          .min(0)
          .max(10)
          .optional()
          .describe("Failover attempts allowed per request over a 10 s window (default 0.2)"),
        min_per_second: z
          .number()
          .min(0)
          .optional()
          .describe("Failover attempts per second always allowed (default 1)"),
      })
      .strict()
      .optional()
      .describe("Bounds the extra load failover adds when many deployments fail at once"),
  })
  .strict();

export const timeoutsSchema = z
  .object({
    connect_ms: z.number().int().min(1).optional().describe("Connecting to SAP AI Core (default 10000)"),
    first_byte_ms: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe(
        "Streams: from sending the request to the first meaningful event; then the next deployment is tried (default 120000)",
      ),
    idle_ms: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe(
        "Streams: longest silence between upstream chunks; then the stream ends with an error event (default 300000)",
      ),
    response_ms: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe(
        "Non-streamed requests: from sending the request to the whole answer; then the next deployment is tried (default 600000)",
      ),
  })
  .strict();

export type RoutingFile = z.output<typeof routingSchema>;
export type TimeoutsFile = z.output<typeof timeoutsSchema>;
