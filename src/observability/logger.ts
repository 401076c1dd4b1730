/**
 * Structured logs (pino). Secrets never reach a log line: authorization headers, client keys and
 * service-key secrets are redacted by path, and the `key` query parameter (Google's way of
 * sending an API key) is masked in the request URLs Fastify logs.
 */
import { pino, type Logger } from "pino";

export type { Logger };

export const REDACTED_PATHS = [
  "req.headers.authorization",
  "req.headers['x-api-key']",
  "req.headers['x-goog-api-key']",
  "headers.authorization",
  "headers['x-api-key']",
  "headers['x-goog-api-key']",
  "clientsecret",
  "client_secret",
  "*.clientsecret",
  "*.client_secret",
  "access_token",
  "*.access_token",
];

/** `url` with the value of every `key` query parameter masked. */
export function withoutQueryKey(url: string): string {
  return url.replace(/([?&](?:k|%6B)(?:e|%65)(?:y|%79)=)[^&#]*/gi, "$1[redacted]");
}

interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/** Fastify's request summary (method, url, host, remote address), with the URL's key masked. */
function requestSummary(request: LoggedRequest) {
  return {
    method: request.method,
    url: typeof request.url === "string" ? withoutQueryKey(request.url) : request.url,
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

export function createLogger(
  options: { debug?: boolean; destination?: pino.DestinationStream } = {},
): Logger {
  return pino(
    {
      level: options.debug ? "debug" : "info",
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      serializers: { req: requestSummary },
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

/** A logger that drops everything (tests that do not inspect logs). */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
