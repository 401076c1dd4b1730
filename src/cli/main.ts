#!/usr/bin/env node
/**
 * The `sap-ai-proxy` command line: serve the gateway (default), `--demo`, `demo`, `simulate`.
 */
import { Command, InvalidArgumentError } from "commander";
import { runDemo } from "./demo-command.js";
import { runServe, type ServeOptions } from "./serve-command.js";
import { registerSimulateCommand } from "./simulate-command.js";
import { packageVersion } from "./version.js";

function port(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > 65535)
    throw new InvalidArgumentError(`"${value}" is not a port number`);
  return number;
}

const program = new Command();
program
  .name("sap-ai-proxy")
  .description("OpenAI- and Anthropic-compatible gateway to SAP AI Core")
  .version(packageVersion(), "-v, --version")
  .enablePositionalOptions()
  .option(
    "-c, --config <file>",
    "configuration file (default: $CONFIG_PATH, ./config.json, or SAP credential sources)",
  )
  .option("-p, --port <port>", "port to listen on (overrides the config file and $PORT)", port)
  .option("-d, --debug", "debug logging")
  .option("--refresh-cache", "ignore and rebuild the on-disk deployment cache")
  .option("--tls-cert <file>", "serve HTTPS with this PEM certificate")
  .option("--tls-key <file>", "PEM private key for --tls-cert")
  .option("--log-requests", "accepted for compatibility with the original proxy; no effect (see --debug)")
  .option("--demo", "serve on the built-in SAP AI Core simulator (no SAP credentials needed)")
  .action(async (options: ServeOptions & { demo?: boolean }) => {
    if (options.demo)
      await runDemo({
        ...(options.port !== undefined ? { port: options.port } : {}),
        ...(options.debug ? { debug: true } : {}),
      });
    else await runServe(options);
  });
program
  .command("demo")
  .description("serve the gateway on the built-in SAP AI Core simulator")
  .option("-p, --port <port>", "port to listen on", port)
  .option("-d, --debug", "debug logging")
  .action(async (options: { port?: number; debug?: boolean }) => runDemo(options));
registerSimulateCommand(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
