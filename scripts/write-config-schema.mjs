// Writes config.schema.json from the built zod schema (run after `npm run build`).
import { writeFileSync } from "node:fs";
import { configJsonSchemaText } from "../dist/config/json-schema.js";

writeFileSync(new URL("../config.schema.json", import.meta.url), configJsonSchemaText());
console.log("config.schema.json written");
