/**
 * Structured logs (pino). Secrets never reach a log line: authorization headers, client keys and
 * service-key secrets are redacted by path.
 */
import { pino, type Logger } from "pino";

export type { Logger };

export const REDACTED_PATHS = [
  "req.headers.authorization",
  "req.headers['x-api-key']",
  "headers.authorization",
  "headers['x-api-key']",
  "clientsecret",
  "client_secret",
  "*.clientsecret",
  "*.client_secret",
  "access_token",
  "*.access_token",
];

export function createLogger(
  options: { debug?: boolean; destination?: pino.DestinationStream } = {},
): Logger {
  return pino(
    {
      level: options.debug ? "debug" : "info",
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
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
