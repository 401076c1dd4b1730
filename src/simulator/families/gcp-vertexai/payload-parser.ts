/**
 * Reads a Gemini request body the way Vertex's protobuf-JSON front end does (reference section
 * 4.3): keys in camelCase or snake_case, unknown keys rejected with
 * `Invalid JSON payload received. Unknown name "x" at 'path': Cannot find field.`, values of the
 * wrong type with `Invalid value at 'path' (TYPE), value`, every violation collected (Vertex
 * lists them all, joined by newlines). A single value where a list is expected is accepted (SAP's
 * own example sends one `contents` object), `null` means "not set". The result is the body with
 * camelCase keys, which the rest of the family reads.
 */
import { isJsonObject, type JsonObject } from "../types.js";
import type { FieldViolation } from "./errors.js";
import {
  camelCase,
  MESSAGE_FIELDS,
  snakeCase,
  type EnumType,
  type FieldSpec,
  type MessageName,
  type ScalarKind,
} from "./proto-fields.js";

const TYPE_PREFIX = "type.googleapis.com/google.cloud.aiplatform.v1.";
const BASE64 = /^(?:[A-Za-z0-9+/_-]{4})*(?:[A-Za-z0-9+/_-]{2}(?:==)?|[A-Za-z0-9+/_-]{3}=?)?$/;
const INT32_MAX = 2_147_483_647;

export type ParseResult = { ok: true; body: JsonObject } | { ok: false; violations: FieldViolation[] };

class PayloadWalker {
  readonly violations: FieldViolation[] = [];

  private invalid(path: string, type: string, shown: string): undefined {
    this.violations.push({ field: path, description: `Invalid value at '${path}' (${type}), ${shown}` });
    return undefined;
  }

  private unknown(key: string, path: string, reason = "Cannot find field."): void {
    const where = path ? ` at '${path}'` : "";
    this.violations.push({
      ...(path ? { field: path } : {}),
      description: `Invalid JSON payload received. Unknown name "${key}"${where}: ${reason}`,
    });
  }

  message(input: unknown, type: MessageName, path: string): JsonObject | undefined {
    if (!isJsonObject(input)) return this.invalid(path, `${TYPE_PREFIX}${type}`, JSON.stringify(input));
    const fields = MESSAGE_FIELDS[type];
    const output: JsonObject = {};
    for (const [key, raw] of Object.entries(input)) {
      const name = camelCase(key);
      const spec = fields[name];
      if (!spec) {
        this.unknown(key, path);
        continue;
      }
      if (raw === null) continue;
      const fieldPath = path ? `${path}.${snakeCase(name)}` : snakeCase(name);
      const repeated = "repeated" in spec && spec.repeated === true;
      if (Array.isArray(raw) && !repeated && spec.kind !== "value") {
        this.unknown(key, path, "Proto field is not repeating, cannot start list.");
        continue;
      }
      if (!repeated) output[name] = this.single(raw, spec, fieldPath);
      else if (!Array.isArray(raw)) output[name] = [this.single(raw, spec, fieldPath)];
      else output[name] = raw.map((item, index) => this.single(item, spec, `${fieldPath}[${index}]`));
    }
    return output;
  }

  private single(input: unknown, spec: FieldSpec, path: string): unknown {
    switch (spec.kind) {
      case "message":
        return this.message(input, spec.type, path);
      case "scalar":
        return this.scalar(input, spec.scalar, path);
      case "enum":
        return this.enumValue(input, spec.enumType, path);
      case "struct":
        return isJsonObject(input)
          ? input
          : this.invalid(path, "type.googleapis.com/google.protobuf.Struct", JSON.stringify(input));
      case "value":
        return input;
      case "map":
        return this.map(input, spec.value, path);
    }
  }

  private map(input: unknown, valueType: "string" | "Schema", path: string): JsonObject | undefined {
    if (!isJsonObject(input)) return this.invalid(path, "TYPE_MESSAGE", JSON.stringify(input));
    const output: JsonObject = {};
    Object.entries(input).forEach(([key, item], index) => {
      const entryPath = `${path}[${index}].value`;
      output[key] =
        valueType === "Schema"
          ? this.message(item, "Schema", entryPath)
          : this.scalar(item, "string", entryPath);
    });
    return output;
  }

  private scalar(input: unknown, kind: ScalarKind, path: string): unknown {
    const type = `TYPE_${kind.toUpperCase()}`;
    switch (kind) {
      case "string":
        return typeof input === "string" ? input : this.invalid(path, type, JSON.stringify(input));
      case "bool":
        return typeof input === "boolean" ? input : this.invalid(path, type, JSON.stringify(input));
      case "bytes":
        if (typeof input !== "string") return this.invalid(path, type, JSON.stringify(input));
        return BASE64.test(input)
          ? input
          : this.invalid(path, type, `Base64 decoding failed for ${JSON.stringify(input)}`);
      case "int32":
      case "int64": {
        const number = typeof input === "string" && input.trim() !== "" ? Number(input) : input;
        const ok =
          typeof number === "number" &&
          Number.isInteger(number) &&
          (kind === "int64" || Math.abs(number) <= INT32_MAX);
        return ok ? number : this.invalid(path, type, JSON.stringify(input));
      }
      case "float":
      case "double": {
        const number = typeof input === "string" && input.trim() !== "" ? Number(input) : input;
        return typeof number === "number" && Number.isFinite(number)
          ? number
          : this.invalid(path, type, JSON.stringify(input));
      }
    }
  }

  private enumValue(input: unknown, enumType: EnumType, path: string): string | undefined {
    if (typeof input === "number" && Number.isInteger(input) && enumType.values[input] !== undefined) {
      return enumType.values[input];
    }
    if (typeof input === "string") {
      const match = enumType.values.find((candidate) =>
        enumType.anyCase ? candidate === input.toUpperCase() : candidate === input,
      );
      if (match) return match;
    }
    return this.invalid(path, `${TYPE_PREFIX}${enumType.name}`, JSON.stringify(input));
  }
}

export function parseGenerateContentRequest(body: JsonObject): ParseResult {
  const walker = new PayloadWalker();
  const parsed = walker.message(body, "GenerateContentRequest", "");
  if (walker.violations.length > 0 || !parsed) return { ok: false, violations: walker.violations };
  return { ok: true, body: parsed };
}
