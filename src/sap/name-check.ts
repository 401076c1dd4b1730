/**
 * Startup check that a configured model name matches what the deployment really runs (seed
 * README "Configuration Validation": family, version, variant). Warnings only.
 */

type Family = "claude" | "gpt" | "gemini" | "embedding" | "nova";

const VARIANTS = [
  "sonnet",
  "haiku",
  "opus",
  "pro",
  "flash",
  "lite",
  "mini",
  "nano",
  "turbo",
  "micro",
  "premier",
  // text-embedding-3-small and -large differ in dimensions
  "small",
  "large",
];

function tokens(name: string): string[] {
  return name
    .toLowerCase()
    .split(/--|[-_\s/]+/)
    .filter(Boolean);
}

function familyOf(name: string): Family | undefined {
  const lower = name.toLowerCase();
  if (/embed/.test(lower)) return "embedding";
  if (/claude|sonnet|haiku|opus/.test(lower)) return "claude";
  if (/gemini/.test(lower)) return "gemini";
  if (/nova/.test(lower)) return "nova";
  if (/gpt|(^|[^a-z])o\d/.test(lower)) return "gpt";
  return undefined;
}

/**
 * `4.5` for `anthropic--claude-4.5-sonnet` and `claude-sonnet-4-5-20250929`, `4o` for `gpt-4o`;
 * dates (3+ digits) and context sizes (`32k`) are not part of a version.
 */
export function versionOf(name: string): string | undefined {
  const parts: string[] = [];
  for (const token of tokens(name)) {
    if (/^\d+[km]$/.test(token)) {
      if (parts.length > 0) break;
      continue;
    }
    const match = /^o?(\d+(?:\.\d+)*)([a-z]?)$/.exec(token);
    const numeric = match ? Number(match[1]?.split(".")[0]) : Number.NaN;
    if (match && numeric < 100) {
      parts.push(`${match[1]}${match[2] ?? ""}`);
      if (match[2]) break;
    } else if (parts.length > 0) {
      break;
    }
  }
  return parts.length > 0 ? parts.join(".") : undefined;
}

function variantOf(name: string): string | undefined {
  const parts = tokens(name);
  return VARIANTS.find((variant) => parts.includes(variant));
}

/** The first mismatch between a configured name and the deployed SAP model, or undefined. */
export function nameMismatch(
  configured: string,
  deployed: string,
): "Family mismatch" | "Version mismatch" | "Variant mismatch" | undefined {
  const configuredFamily = familyOf(configured);
  const deployedFamily = familyOf(deployed);
  if (configuredFamily && deployedFamily && configuredFamily !== deployedFamily) return "Family mismatch";
  const configuredVersion = versionOf(configured);
  const deployedVersion = versionOf(deployed);
  if (configuredVersion && deployedVersion && configuredVersion !== deployedVersion)
    return "Version mismatch";
  const configuredVariant = variantOf(configured);
  const deployedVariant = variantOf(deployed);
  if (configuredVariant && deployedVariant && configuredVariant !== deployedVariant)
    return "Variant mismatch";
  return undefined;
}
