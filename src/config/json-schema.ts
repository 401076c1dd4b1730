/**
 * The JSON Schema of config.json, generated from the zod schema, for editor completion
 * (`"$schema": "./config.schema.json"`). `npm run schema` writes it; a test keeps it current.
 */
import { z } from "zod";
import { configFileSchema } from "./schema.js";

export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configFileSchema, { io: "input", target: "draft-7" }) as Record<
    string,
    unknown
  >;
  return {
    ...schema,
    $id: "https://github.com/sap-ai-core-llm-proxy/config.schema.json",
    title: "sap-ai-core-llm-proxy configuration",
    description: "config.json of sap-ai-core-llm-proxy (compatible with the original Python proxy)",
  };
}

export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
