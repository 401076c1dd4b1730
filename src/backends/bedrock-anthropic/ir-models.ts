/**
 * What the IR -> Claude encoder needs to know about a Claude model, from its SAP name
 * (`anthropic--claude-4.5-sonnet`) or Anthropic id: the output-token limit Bedrock enforces on
 * `max_tokens`, whether extended thinking exists (Claude 3.7 and later), and whether
 * `temperature` and `top_p` are mutually exclusive (Claude 4.5 and Opus 4.1 reject both at once).
 * Limits are conservative (Opus at 32k, as SAP's catalog lists Opus 4.5) because they only bound
 * defaults and the thinking headroom; https://docs.claude.com/en/docs/about-claude/models/overview
 */

export interface ClaudeTraits {
  maxOutputTokens: number;
  thinking: boolean;
  exclusiveSampling: boolean;
}

const UNKNOWN: ClaudeTraits = { maxOutputTokens: 4096, thinking: false, exclusiveSampling: false };

function parse(name: string): { version: number; tier: string } | undefined {
  const lower = name.toLowerCase();
  // SAP: claude-4.5-sonnet / claude-3.7-sonnet; Anthropic: claude-sonnet-4-5, claude-3-7-sonnet.
  const sap = /claude-(\d+(?:\.\d+)?)-(sonnet|haiku|opus)/.exec(lower);
  if (sap?.[1] && sap[2]) return { version: Number.parseFloat(sap[1]), tier: sap[2] };
  const anthropic = /claude-(sonnet|haiku|opus)-(\d+)(?:-(\d)(?!\d))?/.exec(lower);
  if (anthropic?.[1] && anthropic[2]) {
    return { version: Number.parseFloat(`${anthropic[2]}.${anthropic[3] ?? "0"}`), tier: anthropic[1] };
  }
  const legacy = /claude-(\d+)(?:-(\d)(?!\d))?-(sonnet|haiku|opus)/.exec(lower);
  if (legacy?.[1] && legacy[3]) {
    return { version: Number.parseFloat(`${legacy[1]}.${legacy[2] ?? "0"}`), tier: legacy[3] };
  }
  return undefined;
}

export function claudeTraits(model: string): ClaudeTraits {
  const parsed = parse(model);
  if (!parsed) return UNKNOWN;
  const { version, tier } = parsed;
  if (version < 3.5) return { maxOutputTokens: 4096, thinking: false, exclusiveSampling: false };
  if (version < 3.7) return { maxOutputTokens: 8192, thinking: false, exclusiveSampling: false };
  return {
    maxOutputTokens: tier === "opus" ? 32_000 : 64_000,
    thinking: true,
    exclusiveSampling: version >= 4.5 || (tier === "opus" && version >= 4.1),
  };
}
