// Review item 5: a non-2xx upstream answer whose body breaks off still becomes the status-based
// ProxyError (a 429 or 503 the router fails over on), not a raw stream error.
import type { Dispatcher } from "undici";
import { describe, expect, it } from "vitest";
import { upstreamError } from "../../src/backends/upstream-call.js";
import { ProxyError } from "../../src/errors/proxy-error.js";
import { A1 } from "../routing/fakes.js";

function brokenResponse(statusCode: number): Dispatcher.ResponseData {
  return {
    statusCode,
    headers: { "retry-after": "2" },
    body: { text: () => Promise.reject(new Error("other side closed")) },
  } as unknown as Dispatcher.ResponseData;
}

describe("upstreamError", () => {
  it.each([429, 503])("reads a %i whose body breaks off as an empty body", async (status) => {
    const error = await upstreamError(brokenResponse(status), A1);
    expect(error).toBeInstanceOf(ProxyError);
    expect(error.status).toBe(status);
    expect(error.retryable).toBe(true);
    expect(error.options.upstream).toMatchObject({ status, body: "", headers: { "retry-after": "2" } });
  });
});
