/**
 * `anthropic-beta` values -> what Bedrock's `/invoke` body may carry in `anthropic_beta`. Bedrock
 * refuses the whole request ("invalid beta flag") for a beta it does not know, and Claude Code
 * sends several only Anthropic's own API knows (peers-and-client-contracts section 3.1 and
 * section 4 items A.4, B.7), so the table is an allow-list with remaps: listed values pass (or
 * become another name), `null` and unlisted values are dropped. `bedrock_betas` in config.json
 * extends or overrides it without a release.
 */

/** Built-in table: beta header value -> Bedrock beta, or null to drop it. */
export const BEDROCK_BETAS: Readonly<Record<string, string | null>> = {
  // Accepted by Bedrock as they are.
  "interleaved-thinking-2025-05-14": "interleaved-thinking-2025-05-14",
  "fine-grained-tool-streaming-2025-05-14": "fine-grained-tool-streaming-2025-05-14",
  "token-efficient-tools-2025-02-19": "token-efficient-tools-2025-02-19",
  "output-128k-2025-02-19": "output-128k-2025-02-19",
  "dev-full-thinking-2025-05-14": "dev-full-thinking-2025-05-14",
  "context-1m-2025-08-07": "context-1m-2025-08-07",
  "computer-use-2024-10-22": "computer-use-2024-10-22",
  "computer-use-2025-01-24": "computer-use-2025-01-24",
  "tool-search-tool-2025-10-19": "tool-search-tool-2025-10-19",
  "tool-examples-2025-10-29": "tool-examples-2025-10-29",
  "effort-2025-11-24": "effort-2025-11-24",
  // Anthropic's name for what Bedrock calls the tool-search beta.
  "advanced-tool-use-2025-11-20": "tool-search-tool-2025-10-19",
  // Bedrock knows this beta, but SAP rejects the body field it enables (`context_management`),
  // which the gateway removes; the beta would enable nothing.
  "context-management-2025-06-27": null,
  // Claude Code / Anthropic-API-only betas Bedrock rejects.
  "claude-code-20250219": null,
  "oauth-2025-04-20": null,
  "prompt-caching-scope-2026-01-05": null,
  "adaptive-thinking-2026-01-28": null,
  "prompt-caching-2024-07-31": null,
  "files-api-2025-04-14": null,
  "mcp-client-2025-04-04": null,
  "code-execution-2025-05-22": null,
  "web-fetch-2025-09-10": null,
  "structured-outputs-2025-11-13": null,
};

export interface BetaSelection {
  /** What goes into the body's `anthropic_beta`, deduplicated, in first-seen order. */
  betas: string[];
  /** Client values that were dropped. */
  dropped: string[];
}

/** Splits `anthropic-beta` header values (comma lists, possibly several headers). */
export function betaHeaderValues(header: string | string[] | undefined): string[] {
  const values = Array.isArray(header) ? header : header === undefined ? [] : [header];
  return values
    .flatMap((value) => value.split(","))
    .map((value) => value.trim())
    .filter((value) => value !== "");
}

export function selectBedrockBetas(
  requested: readonly string[],
  overrides: Readonly<Record<string, string | null>> = {},
): BetaSelection {
  const betas: string[] = [];
  const dropped: string[] = [];
  for (const value of requested) {
    const mapped = Object.hasOwn(overrides, value) ? overrides[value] : BEDROCK_BETAS[value];
    if (mapped === undefined || mapped === null) {
      if (!dropped.includes(value)) dropped.push(value);
    } else if (!betas.includes(mapped)) {
      betas.push(mapped);
    }
  }
  return { betas, dropped };
}
