// parseServiceKey: the service-key shapes SAP hands out, normalised to token URL + AI API base.
import { describe, expect, it } from "vitest";
import { parseServiceKey, ServiceKeyError } from "../../src/config/service-key.js";
import { AI_API, AUTH_URL, CERT_PEM, CERT_URL, KEY_PEM, secretKey, x509Key } from "./helpers.js";

describe("secret keys", () => {
  it("appends /oauth/token to url and keeps AI_API_URL without /v2", () => {
    expect(parseServiceKey(secretKey(), "k")).toEqual({
      type: "secret",
      clientId: "sb-client-1!b1234|aicore!b540",
      clientSecret: "secret-1",
      tokenUrl: `${AUTH_URL}/oauth/token`,
      aiApiUrl: AI_API,
    });
  });

  it.each([
    [`${AUTH_URL}/`, `${AI_API}/`],
    [`${AUTH_URL}/oauth/token`, `${AI_API}/v2`],
    [`${AUTH_URL}/oauth/token/`, `${AI_API}/v2/`],
  ])("normalises url %s and AI_API_URL %s", (url, aiApiUrl) => {
    const credentials = parseServiceKey(secretKey({ url, serviceurls: { AI_API_URL: aiApiUrl } }), "k");

    expect(credentials.tokenUrl).toBe(`${AUTH_URL}/oauth/token`);
    expect(credentials.aiApiUrl).toBe(AI_API);
  });

  it("unwraps a VCAP-style {credentials: ...} object", () => {
    expect(parseServiceKey({ credentials: secretKey() }, "k")).toEqual(parseServiceKey(secretKey(), "k"));
  });

  it("names the source and every broken field", () => {
    let caught: unknown;
    try {
      parseServiceKey({ clientid: "", url: "nope" }, "my-key.json");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ServiceKeyError);
    const message = (caught as Error).message;
    expect(message).toContain("my-key.json");
    expect(message).toContain("clientid");
    expect(message).toContain("url");
    expect(message).toContain("serviceurls");
  });

  it("rejects a key with neither clientsecret nor certificate", () => {
    const key = secretKey();
    delete key.clientsecret;

    expect(() => parseServiceKey(key, "k.json")).toThrow(/k\.json.*clientsecret/);
  });

  it("rejects values that are not objects", () => {
    expect(() => parseServiceKey(null, "k")).toThrow(ServiceKeyError);
    expect(() => parseServiceKey("key", "k")).toThrow(ServiceKeyError);
  });
});

describe("x509 keys", () => {
  it("turns literal \\n into newlines and takes the token URL from certurl", () => {
    expect(parseServiceKey(x509Key(), "k")).toEqual({
      type: "x509",
      clientId: "sb-client-x509!b1234|aicore!b540",
      certificate: CERT_PEM,
      privateKey: KEY_PEM,
      tokenUrl: `${CERT_URL}/oauth/token`,
      aiApiUrl: AI_API,
    });
  });

  it("keeps PEM text that already has real newlines", () => {
    const credentials = parseServiceKey(x509Key({ certificate: CERT_PEM, key: KEY_PEM }), "k");

    expect(credentials).toMatchObject({ certificate: CERT_PEM, privateKey: KEY_PEM });
  });

  it("is recognised without credential-type when there is a certificate and key but no secret", () => {
    const key = x509Key();
    delete key["credential-type"];

    expect(parseServiceKey(key, "k").type).toBe("x509");
  });

  it("falls back to url for the token when certurl is absent", () => {
    const key = x509Key();
    delete key.certurl;

    expect(parseServiceKey(key, "k").tokenUrl).toBe(`${AUTH_URL}/oauth/token`);
  });

  it("requires certificate and key when credential-type is x509", () => {
    const key = x509Key();
    delete key.key;

    expect(() => parseServiceKey(key, "k.json")).toThrow(/k\.json.*"certificate" and "key"/);
  });
});
