/**
 * XSUAA-like access tokens: JWT-shaped (`header.payload.signature`, base64url), HS256-signed with
 * a per-simulator secret, carrying `exp`, `iat`, `zid`, `cid` and `client_id` as SAP's clients
 * expect (section 1.2 of the wire-format reference). Verification is tenant-bound: a token of one
 * tenant is not valid for another.
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import type { SimTenant } from "./landscape.js";

export interface TokenClaims {
  jti: string;
  iat: number;
  exp: number;
  zid: string;
  cid: string;
  client_id: string;
  sub: string;
  iss: string;
  grant_type: "client_credentials";
  scope: string[];
  ext_attr: { enhancer: "XSUAA"; subaccountid: string; zdn: string };
  /** Simulator-only: the tenant's token generation; `expireAll` starts a new one. */
  sim_generation: number;
}

export type TokenCheck =
  { ok: true; claims: TokenClaims } | { ok: false; reason: "missing" | "invalid" | "expired" };

const SCOPES = ["uaa.resource", "aicore!b540.workspaces.read", "aicore!b540.deployments.predict"];

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString("base64url");
}

export class TokenIssuer {
  private readonly secret = randomBytes(32);
  /** Per tenant: tokens of an older generation count as expired. */
  private readonly generation = new Map<string, number>();

  constructor(private readonly nowMs: () => number) {}

  issue(
    tenant: SimTenant,
    issuerUrl: string,
    lifetimeSeconds: number,
  ): { token: string; claims: TokenClaims } {
    const iat = Math.floor(this.nowMs() / 1000);
    const claims: TokenClaims = {
      jti: randomUUID().replace(/-/g, ""),
      iat,
      exp: iat + lifetimeSeconds,
      zid: tenant.zoneId,
      cid: tenant.clientId,
      client_id: tenant.clientId,
      sub: tenant.clientId,
      iss: `${issuerUrl}/oauth/token`,
      grant_type: "client_credentials",
      scope: SCOPES,
      ext_attr: { enhancer: "XSUAA", subaccountid: tenant.zoneId, zdn: tenant.subdomain },
      sim_generation: this.generation.get(tenant.name) ?? 0,
    };
    const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT", jid: "sim" }));
    const payload = base64url(JSON.stringify(claims));
    return { token: `${header}.${payload}.${this.sign(`${header}.${payload}`)}`, claims };
  }

  verify(tenant: SimTenant, authorization: string | undefined): TokenCheck {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
    if (!match?.[1]) return { ok: false, reason: "missing" };
    const [header, payload, signature] = match[1].split(".");
    if (!header || !payload || !signature) return { ok: false, reason: "invalid" };
    const expected = Buffer.from(this.sign(`${header}.${payload}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given))
      return { ok: false, reason: "invalid" };
    let claims: TokenClaims;
    try {
      claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as TokenClaims;
    } catch {
      return { ok: false, reason: "invalid" };
    }
    if (claims.zid !== tenant.zoneId) return { ok: false, reason: "invalid" };
    const nowSeconds = this.nowMs() / 1000;
    const generation = this.generation.get(tenant.name) ?? 0;
    if (claims.exp <= nowSeconds || claims.sim_generation !== generation) {
      return { ok: false, reason: "expired" };
    }
    return { ok: true, claims };
  }

  /** Make every token issued so far to the tenant count as expired (the "token expiry" fault). */
  expireAll(tenantName: string): void {
    this.generation.set(tenantName, (this.generation.get(tenantName) ?? 0) + 1);
  }

  private sign(input: string): string {
    return createHmac("sha256", this.secret).update(input).digest("base64url");
  }
}
