#!/usr/bin/env node
/**
 * The `sap-ai-proxy` command line.
 */
import { Command } from "commander";
import { registerSimulateCommand } from "./simulate-command.js";
import { packageVersion } from "./version.js";

const program = new Command();
program
  .name("sap-ai-proxy")
  .description("OpenAI- and Anthropic-compatible gateway to SAP AI Core")
  .version(packageVersion(), "-v, --version");
registerSimulateCommand(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
