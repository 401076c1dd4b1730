/**
 * Startup configuration errors: the message names the file (or source) and the field to fix.
 */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}
