/**
 * Certificates for the simulator's x509 (mTLS) mode, made once per start: a CA, a server
 * certificate for the token endpoint (localhost, 127.0.0.1, ::1 and the bound host), and one client
 * certificate per tenant whose subject CN is the tenant's client id, as in an x509 service key
 * (reference section 1.1). Keys are RSA 2048 from Node's crypto; node-forge builds and signs the
 * certificates (Node 20 has no X.509 generation API; see docs/adr/0005-x509-certificates.md).
 */
import { generateKeyPair, randomBytes } from "node:crypto";
import { isIP } from "node:net";
import { promisify } from "node:util";
import forge from "node-forge";
import type { SimTenant } from "./landscape.js";

export interface PemPair {
  /** PEM certificate. */
  certificate: string;
  /** PEM private key (PKCS #8). */
  key: string;
}

export interface SimulatorPki {
  /** PEM certificate of the simulator's CA; clients trust it for the token endpoint. */
  caCertificate: string;
  server: PemPair;
  /** Client certificate and key per tenant name. */
  clients: ReadonlyMap<string, PemPair>;
}

const generateRsa = promisify(generateKeyPair);

async function rsaKeyPair(): Promise<{ privateKey: string; publicKey: string }> {
  return generateRsa("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
}

/** node-forge types `valueTagClass` as an ASN.1 class, but it holds the string type (UTF8String). */
const UTF8 = forge.asn1.Type.UTF8 as unknown as forge.asn1.Class;

function name(attributes: Record<string, string>): forge.pki.CertificateField[] {
  return Object.entries(attributes).map(([shortName, value]) => ({ shortName, value, valueTagClass: UTF8 }));
}

interface Issuer {
  certificate: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
}

function certificate(options: {
  subject: forge.pki.CertificateField[];
  publicKey: string;
  issuer: Issuer | "self";
  signingKey: forge.pki.rsa.PrivateKey;
  validDays: number;
  extensions: object[];
}): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(options.publicKey);
  // A positive serial number: the leading 01 keeps the top bit clear.
  cert.serialNumber = `01${randomBytes(15).toString("hex")}`;
  const now = Date.now();
  cert.validity.notBefore = new Date(now - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(now + options.validDays * 24 * 60 * 60 * 1000);
  cert.setSubject(options.subject);
  const issuer = options.issuer === "self" ? cert : options.issuer.certificate;
  cert.setIssuer(options.issuer === "self" ? options.subject : issuer.subject.attributes);
  cert.setExtensions([
    ...options.extensions,
    { name: "subjectKeyIdentifier" },
    { name: "authorityKeyIdentifier", keyIdentifier: issuer.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(options.signingKey, forge.md.sha256.create());
  return cert;
}

/** PEM with `\n` line ends (node-forge writes `\r\n`), as in SAP's keys. */
function pem(cert: forge.pki.Certificate): string {
  return forge.pki.certificateToPem(cert).replace(/\r\n/g, "\n");
}

function subjectAltNames(host: string): object[] {
  const names: object[] = [
    { type: 2, value: "localhost" },
    { type: 7, ip: "127.0.0.1" },
    { type: 7, ip: "::1" },
  ];
  const bare = host.replace(/^\[|\]$/g, "");
  if (bare && !["localhost", "127.0.0.1", "::1", "0.0.0.0", "::"].includes(bare)) {
    names.push(isIP(bare) ? { type: 7, ip: bare } : { type: 2, value: bare });
  }
  return names;
}

/** Generates the CA, the server certificate for `host` and one client certificate per tenant. */
export async function createSimulatorPki(tenants: readonly SimTenant[], host: string): Promise<SimulatorPki> {
  const [caKeys, serverKeys, ...clientKeys] = await Promise.all([
    rsaKeyPair(),
    rsaKeyPair(),
    ...tenants.map(() => rsaKeyPair()),
  ]);
  if (!caKeys || !serverKeys) throw new Error("key generation failed");
  const caKey = forge.pki.privateKeyFromPem(caKeys.privateKey);
  const ca = certificate({
    subject: name({ CN: "SAP AI Core simulator CA", O: "sap-ai-core-llm-proxy" }),
    publicKey: caKeys.publicKey,
    issuer: "self",
    signingKey: caKey,
    validDays: 365,
    extensions: [
      { name: "basicConstraints", cA: true, critical: true },
      { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const issuer: Issuer = { certificate: ca, key: caKey };

  const server = certificate({
    subject: name({ CN: "localhost", O: "sap-ai-core-llm-proxy" }),
    publicKey: serverKeys.publicKey,
    issuer,
    signingKey: caKey,
    validDays: 365,
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames: subjectAltNames(host) },
    ],
  });

  const clients = new Map<string, PemPair>();
  tenants.forEach((tenant, index) => {
    const keys = clientKeys[index];
    if (!keys) throw new Error("key generation failed");
    const client = certificate({
      // The token endpoint identifies the client by this CN (and the form's client_id).
      subject: name({ CN: tenant.clientId, OU: tenant.zoneId, O: "sap-ai-core-llm-proxy" }),
      publicKey: keys.publicKey,
      issuer,
      signingKey: caKey,
      // As in SAP's example request for an x509 key (reference section 1.1): 7 days.
      validDays: 7,
      extensions: [
        { name: "basicConstraints", cA: false },
        { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
        { name: "extKeyUsage", clientAuth: true },
      ],
    });
    clients.set(tenant.name, { certificate: pem(client), key: keys.privateKey });
  });

  return {
    caCertificate: pem(ca),
    server: { certificate: pem(server), key: serverKeys.privateKey },
    clients,
  };
}
