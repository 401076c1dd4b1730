/**
 * Service keys for simulated tenants, in the shape SAP issues them (reference section 1.1), with
 * `url` and `serviceurls.AI_API_URL` pointing at the simulator: secret keys, and in x509 mode
 * x509 keys whose `certurl` points at the simulator's mTLS token endpoint.
 */
import type { SimTenant } from "./landscape.js";
import type { PemPair } from "./pki.js";

export interface ServiceKey {
  clientid: string;
  clientsecret: string;
  url: string;
  identityzone: string;
  identityzoneid: string;
  appname: string;
  "credential-type": "binding-secret";
  serviceurls: { AI_API_URL: string };
}

/** An x509 service key: no `clientsecret`; the token comes from `certurl` over mutual TLS. */
export interface X509ServiceKey {
  clientid: string;
  /** PEM client certificate (real newlines). */
  certificate: string;
  /** PEM private key of the certificate (PKCS #8, real newlines). */
  key: string;
  /** `https://<host>:<x509 port>/xsuaa/<tenant>`; token at `certurl + /oauth/token`. */
  certurl: string;
  url: string;
  identityzone: string;
  identityzoneid: string;
  appname: string;
  "credential-type": "x509";
  serviceurls: { AI_API_URL: string };
}

export function xsuaaUrl(baseUrl: string, tenant: SimTenant): string {
  return `${baseUrl}/xsuaa/${tenant.name}`;
}

export function aiApiUrl(baseUrl: string, tenant: SimTenant): string {
  return `${baseUrl}/api/${tenant.name}`;
}

function appName(tenant: SimTenant): string {
  return `${tenant.clientId.split("|")[0] ?? tenant.clientId}|aicore!b540`;
}

export function serviceKeyFor(baseUrl: string, tenant: SimTenant): ServiceKey {
  return {
    clientid: tenant.clientId,
    clientsecret: tenant.clientSecret,
    url: xsuaaUrl(baseUrl, tenant),
    identityzone: tenant.subdomain,
    identityzoneid: tenant.zoneId,
    appname: appName(tenant),
    "credential-type": "binding-secret",
    serviceurls: { AI_API_URL: aiApiUrl(baseUrl, tenant) },
  };
}

/** `certBaseUrl` is the HTTPS listener's `https://host:port`; `client` the tenant's certificate. */
export function x509ServiceKeyFor(
  baseUrl: string,
  certBaseUrl: string,
  tenant: SimTenant,
  client: PemPair,
): X509ServiceKey {
  return {
    clientid: tenant.clientId,
    certificate: client.certificate,
    key: client.key,
    certurl: xsuaaUrl(certBaseUrl, tenant),
    url: xsuaaUrl(baseUrl, tenant),
    identityzone: tenant.subdomain,
    identityzoneid: tenant.zoneId,
    appname: appName(tenant),
    "credential-type": "x509",
    serviceurls: { AI_API_URL: aiApiUrl(baseUrl, tenant) },
  };
}
