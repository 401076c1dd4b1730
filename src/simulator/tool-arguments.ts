/**
 * Builds plausible, deterministic tool-call arguments from a tool's JSON Schema and the prompt:
 * `name=value` or `name: value` in the prompt sets a property; required properties without a
 * value get a type-appropriate default.
 */

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function schemaType(schema: JsonObject): string | undefined {
  const type = schema.type;
  if (typeof type === "string") return type.toLowerCase();
  if (Array.isArray(type)) {
    const first: unknown = type.find((item) => item !== "null");
    return typeof first === "string" ? first.toLowerCase() : undefined;
  }
  if (isObject(schema.properties)) return "object";
  return undefined;
}

function coerce(raw: string, schema: JsonObject): unknown {
  switch (schemaType(schema)) {
    case "integer":
    case "number": {
      const number = Number(raw);
      return Number.isFinite(number) ? number : 1;
    }
    case "boolean":
      return !/^(false|no|0)$/i.test(raw);
    case "array":
      return raw.split(/\s*\|\s*/).filter(Boolean);
    default:
      return raw;
  }
}

function defaultValue(schema: JsonObject, prompt: string): unknown {
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if ("const" in schema) return schema.const;
  switch (schemaType(schema)) {
    case "integer":
    case "number": {
      const number = /-?\d+(?:\.\d+)?/.exec(prompt);
      return number ? Number(number[0]) : 1;
    }
    case "boolean":
      return true;
    case "array":
      return [];
    case "object":
      return argumentsFromSchema(schema, prompt);
    case "null":
      return null;
    default: {
      const quoted = /"([^"]+)"|'([^']+)'/.exec(prompt);
      return quoted ? (quoted[1] ?? quoted[2]) : "example";
    }
  }
}

export function argumentsFromSchema(schema: unknown, prompt: string): JsonObject {
  const result: JsonObject = {};
  if (!isObject(schema) || !isObject(schema.properties)) return result;
  const required = new Set(
    Array.isArray(schema.required) ? schema.required.filter((key) => typeof key === "string") : [],
  );
  for (const [name, propertySchema] of Object.entries(schema.properties)) {
    const property = isObject(propertySchema) ? propertySchema : {};
    const pattern = new RegExp(
      `\\b${escapeRegExp(name)}\\s*[:=]\\s*(?:"([^"]*)"|'([^']*)'|([^\\s,;]+))`,
      "i",
    );
    const found = pattern.exec(prompt);
    if (found) {
      result[name] = coerce(found[1] ?? found[2] ?? found[3] ?? "", property);
    } else if (required.has(name)) {
      result[name] = defaultValue(property, prompt);
    }
  }
  return result;
}
