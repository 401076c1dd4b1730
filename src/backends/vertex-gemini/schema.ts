/**
 * JSON Schema (tool `parameters` / `input_schema`, structured-output schemas) -> the OpenAPI
 * subset Vertex AI takes as `Schema` (https://cloud.google.com/vertex-ai/generative-ai/docs/reference/rest/v1/Schema).
 * Vertex parses schemas with the protobuf JSON mapping, so any keyword it does not know is a 400
 * ("Invalid JSON payload received. Unknown name ..."; the simulator's `proto-fields.ts` rejects
 * the same). The reduction:
 * - keeps type, format (only the ones Vertex documents per type), title, description, nullable,
 *   enum (strings only), items, properties, required (only names that exist), min/max bounds,
 *   pattern, example, default, anyOf, propertyOrdering;
 * - resolves `$ref` into `$defs` / `definitions` (or any `#/...` pointer) inline, a reference
 *   back into itself becoming a plain `{type: OBJECT}`;
 * - `const` -> `enum: [value]`, `oneOf` -> `anyOf`, `allOf` merged into one schema,
 *   `type: [X, "null"]` and `anyOf: [..., {type: "null"}]` -> `nullable`, several types -> `anyOf`;
 * - drops everything else (`$schema`, `$id`, `$comment`, `additionalProperties`, `examples`,
 *   `exclusiveMinimum`/`exclusiveMaximum`, `not`, `if`/`then`/`else`, `patternProperties`, ...).
 * Types are written upper case, as Vertex's `Type` enum names them.
 */
import { isJsonObject } from "../../ir/json.js";
import type { JsonObject, JsonValue } from "../../ir/request.js";

const TYPES: Record<string, string> = {
  string: "STRING",
  number: "NUMBER",
  integer: "INTEGER",
  boolean: "BOOLEAN",
  array: "ARRAY",
  object: "OBJECT",
};

/** Formats Vertex accepts, by type; other formats (`uri`, `email`, ...) are dropped. */
const FORMATS: Record<string, ReadonlySet<string>> = {
  STRING: new Set(["enum", "date-time"]),
  NUMBER: new Set(["float", "double"]),
  INTEGER: new Set(["int32", "int64"]),
};

const COUNTS = ["minItems", "maxItems", "minProperties", "maxProperties", "minLength", "maxLength"] as const;
const BOUNDS = ["minimum", "maximum"] as const;
const MAX_DEPTH = 40;

class SchemaReducer {
  /** `$ref` targets being expanded on the current path (cycle guard). */
  private readonly expanding: string[] = [];

  constructor(private readonly root: JsonObject) {}

  private resolve(ref: string): JsonValue | undefined {
    if (!ref.startsWith("#")) return undefined;
    let node: JsonValue | undefined = this.root;
    for (const raw of ref
      .slice(1)
      .split("/")
      .filter((segment) => segment !== "")) {
      const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
      node = isJsonObject(node) ? node[key] : Array.isArray(node) ? node[Number(key)] : undefined;
      if (node === undefined) return undefined;
    }
    return node;
  }

  reduce(input: JsonValue | undefined, depth = 0): JsonObject {
    if (!isJsonObject(input) || depth > MAX_DEPTH) return {};
    if (typeof input.$ref === "string") return this.reference(input, input.$ref, depth);
    if (Array.isArray(input.allOf)) return this.reduce(mergeAllOf(input), depth);

    const out: JsonObject = {};
    if (typeof input.title === "string") out.title = input.title;
    if (typeof input.description === "string") out.description = input.description;
    let nullable = input.nullable === true;

    const types = (Array.isArray(input.type) ? input.type : [input.type]).filter(
      (type): type is string => typeof type === "string",
    );
    if (types.includes("null")) nullable = true;
    const known = types.map((type) => TYPES[type]).filter((type): type is string => type !== undefined);

    const variants = input.anyOf ?? input.oneOf;
    if (Array.isArray(variants)) {
      const kept = variants.filter((variant) => !(isJsonObject(variant) && variant.type === "null"));
      if (kept.length < variants.length) nullable = true;
      const reduced = kept.map((variant) => this.reduce(variant, depth + 1));
      const [single] = reduced;
      // One variant left (`anyOf: [X, {type: "null"}]`): X itself; the parent's title and description win.
      if (reduced.length === 1 && single) Object.assign(out, single, { ...out });
      else if (reduced.length > 1) out.anyOf = reduced;
    }

    const enumValues = enumOf(input);
    if (enumValues.nullable) nullable = true;
    if (known.length === 1) out.type = known[0] as string;
    else if (known.length > 1 && out.anyOf === undefined) out.anyOf = known.map((type) => ({ type }));
    else if (out.type === undefined && out.anyOf === undefined && enumValues.values) out.type = "STRING";

    if (enumValues.values && (out.type === undefined || out.type === "STRING")) out.enum = enumValues.values;
    const type = typeof out.type === "string" ? out.type : undefined;
    if (typeof input.format === "string" && type && FORMATS[type]?.has(input.format))
      out.format = input.format;

    if (isJsonObject(input.properties)) {
      const properties: JsonObject = {};
      for (const [name, schema] of Object.entries(input.properties)) {
        properties[name] = this.reduce(schema === true ? {} : schema, depth + 1);
      }
      out.properties = properties;
      if (out.type === undefined && out.anyOf === undefined) out.type = "OBJECT";
      if (Array.isArray(input.required)) {
        const required = input.required.filter(
          (name): name is string => typeof name === "string" && name in properties,
        );
        if (required.length > 0) out.required = [...new Set(required)];
      }
      if (Array.isArray(input.propertyOrdering)) {
        const order = input.propertyOrdering.filter(
          (name): name is string => typeof name === "string" && name in properties,
        );
        if (order.length > 0) out.propertyOrdering = order;
      }
    }
    const items = Array.isArray(input.items) ? tupleItems(input.items) : input.items;
    if (items !== undefined && items !== false) {
      out.items = this.reduce(items === true ? {} : items, depth + 1);
      if (out.type === undefined && out.anyOf === undefined) out.type = "ARRAY";
    }

    for (const key of COUNTS) {
      const value = input[key];
      if (typeof value === "number" && Number.isInteger(value) && value >= 0) out[key] = value;
    }
    for (const key of BOUNDS) {
      const value = input[key];
      if (typeof value === "number" && Number.isFinite(value)) out[key] = value;
    }
    if (typeof input.pattern === "string") out.pattern = input.pattern;
    if (input.example !== undefined) out.example = input.example;
    if (input.default !== undefined) out.default = input.default;
    if (nullable) out.nullable = true;
    return out;
  }

  private reference(input: JsonObject, ref: string, depth: number): JsonObject {
    const target = this.resolve(ref);
    if (!isJsonObject(target) || this.expanding.includes(ref)) {
      // Unresolvable or recursive: an object the model fills freely.
      return {
        type: "OBJECT",
        ...(typeof input.description === "string" ? { description: input.description } : {}),
      };
    }
    this.expanding.push(ref);
    try {
      // Keywords beside `$ref` (a description, mostly) win over the target's.
      const { $ref: _ref, ...siblings } = input;
      return this.reduce({ ...target, ...siblings }, depth + 1);
    } finally {
      this.expanding.pop();
    }
  }
}

/** `allOf` as one schema: properties and required lists joined, other keywords first one wins. */
function mergeAllOf(input: JsonObject): JsonObject {
  const { allOf, ...rest } = input;
  const parts = (Array.isArray(allOf) ? allOf : []).filter(isJsonObject);
  const merged: JsonObject = {};
  const properties: JsonObject = {};
  const required: JsonValue[] = [];
  for (const part of [...parts, rest]) {
    for (const [key, value] of Object.entries(part)) {
      if (key === "properties" && isJsonObject(value)) Object.assign(properties, value);
      else if (key === "required" && Array.isArray(value)) required.push(...value);
      else merged[key] = value;
    }
  }
  if (Object.keys(properties).length > 0) merged.properties = properties;
  if (required.length > 0) merged.required = required;
  return merged;
}

/** Tuple `items: [A, B]` (draft 4-2019) -> one item schema. */
function tupleItems(items: JsonValue[]): JsonValue | undefined {
  const schemas = items.filter(isJsonObject);
  if (schemas.length === 0) return undefined;
  return schemas.length === 1 ? schemas[0] : { anyOf: schemas };
}

/** `enum` / `const` as Vertex's string enum; non-string values cannot be expressed and are dropped. */
function enumOf(input: JsonObject): { values?: string[]; nullable: boolean } {
  const raw = input.const !== undefined ? [input.const] : Array.isArray(input.enum) ? input.enum : undefined;
  if (!raw) return { nullable: false };
  const nullable = raw.includes(null);
  const values = raw.filter((value) => value !== null);
  const strings = values.filter((value): value is string => typeof value === "string");
  if (strings.length === 0 || strings.length !== values.length) return { nullable };
  return { values: [...new Set(strings)], nullable };
}

/** Reduces a whole schema, with `$ref`s resolved against its own `$defs` / `definitions`. */
export function toVertexSchema(schema: JsonObject): JsonObject {
  return new SchemaReducer(schema).reduce(schema);
}

/** Whether a reduced object schema has nothing to fill (Vertex then takes no `parameters`). */
export function isEmptyObjectSchema(schema: JsonObject): boolean {
  return (
    (schema.type === "OBJECT" || schema.type === undefined) &&
    schema.anyOf === undefined &&
    (!isJsonObject(schema.properties) || Object.keys(schema.properties).length === 0)
  );
}
