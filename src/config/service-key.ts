/**
 * SAP AI Core service keys (reference/sap-ai-core-wire-formats.md section 1.1): secret keys
 * (`clientid` + `clientsecret`) and x509 keys (`certificate` + `key`, token from `certurl`).
 * Accepts the VCAP-style wrapper `{"credentials": {...}}` and PEM strings with literal `\n`.
 */
import { z } from "zod";

const rawServiceKeySchema = z.looseObject({
  clientid: z.string().min(1, "clientid must not be empty"),
  clientsecret: z.string().optional(),
  url: z.string().url("url must be the XSUAA URL"),
  serviceurls: z.looseObject({ AI_API_URL: z.string().url("serviceurls.AI_API_URL must be a URL") }),
  identityzone: z.string().optional(),
  identityzoneid: z.string().optional(),
  "credential-type": z.string().optional(),
  certificate: z.string().optional(),
  key: z.string().optional(),
  certurl: z.string().optional(),
});

export type ServiceKeyCredentials =
  | { type: "secret"; clientId: string; clientSecret: string; tokenUrl: string; aiApiUrl: string }
  | {
      type: "x509";
      clientId: string;
      certificate: string;
      privateKey: string;
      tokenUrl: string;
      aiApiUrl: string;
    };

export class ServiceKeyError extends Error {}

function withTokenPath(url: string): string {
  const trimmed = url.replace(/\/+$/, "");
  return trimmed.endsWith("/oauth/token") ? trimmed : `${trimmed}/oauth/token`;
}

/** AI API base without a trailing `/v2` or slash; callers append `/v2/...`. */
function apiBase(url: string): string {
  return url.replace(/\/+$/, "").replace(/\/v2$/, "");
}

function pem(text: string): string {
  return text.replace(/\\n/g, "\n");
}

/** Parses a service key object; `source` names where it came from, for error messages. */
export function parseServiceKey(value: unknown, source: string): ServiceKeyCredentials {
  const unwrapped =
    value !== null && typeof value === "object" && "credentials" in value && !("clientid" in value)
      ? value.credentials
      : value;
  const parsed = rawServiceKeySchema.safeParse(unwrapped);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`,
    );
    throw new ServiceKeyError(`${source}: not a valid SAP AI Core service key (${issues.join("; ")})`);
  }
  const key = parsed.data;
  const aiApiUrl = apiBase(key.serviceurls.AI_API_URL);
  const x509 = key["credential-type"] === "x509" || (!key.clientsecret && key.certificate && key.key);
  if (x509) {
    if (!key.certificate || !key.key) {
      throw new ServiceKeyError(`${source}: an x509 service key needs "certificate" and "key"`);
    }
    return {
      type: "x509",
      clientId: key.clientid,
      certificate: pem(key.certificate),
      privateKey: pem(key.key),
      tokenUrl: withTokenPath(key.certurl ?? key.url),
      aiApiUrl,
    };
  }
  if (!key.clientsecret)
    throw new ServiceKeyError(`${source}: the service key has no "clientsecret" (and no x509 certificate)`);
  return {
    type: "secret",
    clientId: key.clientid,
    clientSecret: key.clientsecret,
    tokenUrl: withTokenPath(key.url),
    aiApiUrl,
  };
}
