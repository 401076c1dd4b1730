/**
 * Service keys for simulated tenants, in the shape SAP issues them (reference section 1.1), with
 * `url` and `serviceurls.AI_API_URL` pointing at the simulator.
 */
import type { SimTenant } from "./landscape.js";

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

export function xsuaaUrl(baseUrl: string, tenant: SimTenant): string {
  return `${baseUrl}/xsuaa/${tenant.name}`;
}

export function aiApiUrl(baseUrl: string, tenant: SimTenant): string {
  return `${baseUrl}/api/${tenant.name}`;
}

export function serviceKeyFor(baseUrl: string, tenant: SimTenant): ServiceKey {
  return {
    clientid: tenant.clientId,
    clientsecret: tenant.clientSecret,
    url: xsuaaUrl(baseUrl, tenant),
    identityzone: tenant.subdomain,
    identityzoneid: tenant.zoneId,
    appname: `${tenant.clientId.split("|")[0] ?? tenant.clientId}|aicore!b540`,
    "credential-type": "binding-secret",
    serviceurls: { AI_API_URL: aiApiUrl(baseUrl, tenant) },
  };
}
