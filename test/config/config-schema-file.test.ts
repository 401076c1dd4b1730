// The published config.schema.json matches the zod schema the gateway validates with.
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { configJsonSchemaText } from "../../src/config/json-schema.js";

it("config.schema.json is current (run `npm run schema` after changing src/config/schema.ts)", () => {
  expect(readFileSync(new URL("../../config.schema.json", import.meta.url), "utf8")).toBe(
    configJsonSchemaText(),
  );
});
