/**
 * The gateway's `config.json`, compatible with the original Python proxy (both the pjq and the
 * wl21st dialects, see reference/seed-project-inventory.md section 2.3), plus our own optional
 * sections. Unknown keys are rejected so that typos are caught at startup.
 */
import { z } from "zod";
import { routingSchema, timeoutsSchema } from "./routing-schema.js";

const deploymentMap = z.record(z.string().min(1), z.array(z.string().min(1)).min(1)).default({});

export const subAccountSchema = z
  .object({
    resource_group: z.string().min(1).default("default").describe("AI-Resource-Group of the deployments"),
    /** Path of the SAP AI Core service key JSON, relative to the config file. */
    service_key_json: z
      .string()
      .min(1)
      .describe("Path of the SAP AI Core service key JSON, relative to this file"),
    /** Public model name -> full deployment URLs. */
    deployment_models: deploymentMap.describe("Public model name -> full deployment URLs"),
    /** Public model name -> deployment ids, resolved through the AI API. */
    deployment_ids: deploymentMap.describe(
      "Public model name -> deployment ids, resolved through the AI API",
    ),
  })
  .strict();

const regexList = z.array(z.string()).default([]);

export const modelFiltersSchema = z
  .object({
    include: regexList,
    exclude: regexList,
    /** Spellings of the wl21st fork. */
    include_filters: regexList,
    exclude_filters: regexList,
  })
  .strict();

export const tlsSchema = z
  .object({
    /** PEM certificate file, relative to the config file. */
    cert: z.string().min(1),
    /** PEM private key file, relative to the config file. */
    key: z.string().min(1),
  })
  .strict();

export const configFileSchema = z
  .object({
    $schema: z.string().optional(),
    subAccounts: z
      .record(z.string().min(1), subAccountSchema)
      .optional()
      .describe(
        "SAP subaccounts; one listing neither deployment_models nor deployment_ids exposes all its RUNNING deployments",
      ),
    secret_authentication_tokens: z
      .array(z.string().min(1, "an empty key would match nothing"))
      .default([])
      .describe("Client API keys (Authorization: Bearer or x-api-key); empty disables authentication"),
    port: z
      .number()
      .int()
      .min(0)
      .max(65535)
      .default(3001)
      .describe("Port to listen on (env PORT and -p override)"),
    host: z.string().min(1).default("127.0.0.1").describe("Interface to bind (env HOST overrides)"),
    model_filters: modelFiltersSchema
      .optional()
      .describe("Regexes on public model names: include first, then exclude"),
    /** `api-version` per public model name or SAP model name for azure-openai deployments. */
    api_versions: z
      .record(z.string(), z.string().min(1))
      .default({})
      .describe("api-version per model for azure-openai deployments"),
    /** Extra model names (e.g. what Claude Code sends) -> a public model name or an SAP model name. */
    model_aliases: z
      .record(z.string().min(1), z.string().min(1))
      .default({})
      .describe(
        "Model name clients send -> public or SAP model name it means (over the built-in Claude aliases, e.g. claude-sonnet-4-5 -> anthropic--claude-4.5-sonnet)",
      ),
    /** `anthropic-beta` values -> what to send to Bedrock in `anthropic_beta` (null drops it). */
    bedrock_betas: z
      .record(z.string().min(1), z.string().min(1).nullable())
      .default({})
      .describe(
        "anthropic-beta value -> the beta sent to Bedrock in anthropic_beta, or null to drop it (over the built-in table)",
      ),
    /** Anthropic streams: `event: ping` after this many ms without an upstream event. */
    stream_ping_interval_ms: z
      .number()
      .int()
      .min(0)
      .max(600_000)
      .default(10_000)
      .describe(
        "Anthropic streams: send event: ping after this many ms without an upstream event (0: never)",
      ),
    /** Largest accepted request body, in megabytes. */
    body_limit_mb: z
      .number()
      .positive()
      .max(1024)
      .default(100)
      .describe("Largest accepted request body in MB"),
    /** Optional HTTPS. */
    tls: tlsSchema.optional().describe("Serve HTTPS with this certificate and key"),
    /** Where deployment lists are cached, relative to the config file. */
    cache_dir: z
      .string()
      .min(1)
      .optional()
      .describe("Deployment cache directory (default .cache/deployments next to this file)"),
    routing: routingSchema
      .optional()
      .describe(
        "Load balancing and failover across the subaccounts and deployments of a model: strategies, session affinity, cooldowns, circuit breaker, retry budget",
      ),
    timeouts: timeoutsSchema.optional().describe("Upstream timeouts"),
    /** Legacy single-account form of the original proxy. */
    service_key_json: z.string().min(1).optional(),
    resource_group: z.string().min(1).optional(),
    deployment_models: z.record(z.string().min(1), z.array(z.string().min(1)).min(1)).optional(),
  })
  .strict();

export type ConfigFile = z.output<typeof configFileSchema>;
export type SubAccountConfig = z.output<typeof subAccountSchema>;
