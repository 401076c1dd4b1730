// Shared helpers for the config tests: temporary directories with real files, service keys in
// the shapes SAP hands out, and a loader that never looks at the developer's env, cwd or home.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, expect } from "vitest";
import { ConfigError } from "../../src/config/config-error.js";
import type { GatewayConfig } from "../../src/config/gateway-config.js";
import { loadConfig, type LoadOptions } from "../../src/config/load.js";

/** A fresh temporary directory per test, removed afterwards; call at the top of a file. */
export function useTempDir(): () => string {
  let dir = "";
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "sap-proxy-config-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  return () => dir;
}

export function writeText(path: string, text: string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

export function writeJson(path: string, value: unknown): string {
  return writeText(path, JSON.stringify(value, null, 2));
}

export const AUTH_URL = "https://sub1.authentication.eu10.hana.ondemand.com";
export const CERT_URL = "https://sub1.authentication.cert.eu10.hana.ondemand.com";
export const AI_API = "https://api.ai.prod.eu-central-1.aws.ml.hana.ondemand.com";

/** A secret service key as the BTP cockpit shows it (AI_API_URL without /v2). */
export function secretKey(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    serviceurls: { AI_API_URL: AI_API },
    appname: "my-app!b1234|aicore!b540",
    clientid: "sb-client-1!b1234|aicore!b540",
    clientsecret: "secret-1",
    identityzone: "sub1",
    identityzoneid: "4a1b2c3d-0000-1111-2222-333344445555",
    url: AUTH_URL,
    ...overrides,
  };
}

/** PEM text as it appears inside a service key JSON: lines joined with a literal backslash-n. */
export const CERT_ESCAPED = "-----BEGIN CERTIFICATE-----\\nMIIBcert\\n-----END CERTIFICATE-----\\n";
export const KEY_ESCAPED = "-----BEGIN RSA PRIVATE KEY-----\\nMIIBkey\\n-----END RSA PRIVATE KEY-----\\n";
export const CERT_PEM = "-----BEGIN CERTIFICATE-----\nMIIBcert\n-----END CERTIFICATE-----\n";
export const KEY_PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIBkey\n-----END RSA PRIVATE KEY-----\n";

/** An x509 service key: no clientsecret, certificate + key, token from certurl. */
export function x509Key(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    serviceurls: { AI_API_URL: `${AI_API}/v2` },
    clientid: "sb-client-x509!b1234|aicore!b540",
    "credential-type": "x509",
    certificate: CERT_ESCAPED,
    key: KEY_ESCAPED,
    certurl: CERT_URL,
    url: AUTH_URL,
    identityzone: "sub1",
    identityzoneid: "4a1b2c3d-0000-1111-2222-333344445555",
    ...overrides,
  };
}

/**
 * loadConfig with an empty environment, `dir` as cwd and an empty fake home inside `dir`, unless
 * the options say otherwise.
 */
export function loadIn(dir: string, options: LoadOptions = {}): GatewayConfig {
  return loadConfig({ env: {}, cwd: dir, homeDir: join(dir, "fake-home"), ...options });
}

/** Runs `fn`, expects a ConfigError whose message contains every fragment; returns the message. */
export function expectConfigError(fn: () => unknown, ...fragments: string[]): string {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught, "expected a ConfigError").toBeInstanceOf(ConfigError);
  const message = (caught as ConfigError).message;
  for (const fragment of fragments) expect(message).toContain(fragment);
  return message;
}
