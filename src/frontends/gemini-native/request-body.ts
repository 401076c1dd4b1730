/**
 * A Gemini client's `GenerateContentRequest` -> what Vertex AI on SAP accepts: a passthrough with
 * only the fixes the upstream needs, everything else kept as the client sent it. Both protobuf
 * JSON spellings (camelCase, snake_case) are handled.
 *
 * - `model` and `stream` at the top level: the path decides both (Vertex's own `model` field is a
 *   resource name, not the client's model name).
 * - `id` of `functionCall` / `functionResponse` parts: Gemini API clients echo the ids, SAP's
 *   Vertex rejects them (peers-and-client-contracts section 1.2, aicore-router).
 * - Fields of the Gemini Developer API that Vertex does not have (the ones `@google/genai`
 *   refuses in Vertex mode): `store`, `generationConfig.enableEnhancedCivicAnswers`,
 *   `toolConfig.includeServerSideToolInvocations`, `fileSearch` tools, `partMetadata`, the
 *   `toolCall` / `toolResponse` parts of Gemini API server-side tools, `mediaProcessing` of
 *   function-response parts, and the Live API's `behavior` of function declarations. Parts, tools
 *   and turns left empty are dropped.
 * - `thinkingBudget: 0` on models that cannot stop thinking (Gemini 2.5 Pro and Gemini 3, which
 *   Vertex answers with "Budget 0 is invalid. This model only works in thinking mode.") becomes
 *   -1, the dynamic budget.
 *
 * The body is changed in place (the route owns the parsed request body).
 */
import { isRecord } from "../../ir/json.js";

type Json = Record<string, unknown>;

export interface VertexBody {
  body: Json;
  /** Paths of the fields that were removed. */
  dropped: string[];
  /** Paths of the fields whose value was changed. */
  adjusted: string[];
}

function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** The key under which `object` holds field `name` (camelCase or snake_case), if it does. */
function keyOf(object: Json, name: string): string | undefined {
  if (name in object) return name;
  const snake = snakeCase(name);
  return snake in object ? snake : undefined;
}

function field(object: Json, name: string): unknown {
  const key = keyOf(object, name);
  return key === undefined ? undefined : object[key];
}

class BodyFixer {
  readonly dropped: string[] = [];
  readonly adjusted: string[] = [];

  drop(object: Json, names: readonly string[], path: string): void {
    for (const name of names) {
      for (const key of [name, snakeCase(name)]) {
        if (key in object) {
          delete object[key];
          this.dropped.push(path ? `${path}.${key}` : key);
        }
      }
    }
  }

  /** Fixes the parts of a content; false when nothing is left of it. */
  content(content: unknown, path: string): boolean {
    if (!isRecord(content)) return true;
    const key = keyOf(content, "parts");
    const parts = key === undefined ? undefined : content[key];
    if (key === undefined || !Array.isArray(parts) || parts.length === 0) return true;
    const kept = parts.filter((part, index) => this.part(part, `${path}.parts[${index}]`));
    content[key] = kept;
    return kept.length > 0;
  }

  /** Fixes one part; false when the part should go. */
  part(part: unknown, path: string): boolean {
    if (!isRecord(part)) return true;
    const before = Object.keys(part).length;
    this.drop(part, ["partMetadata", "toolCall", "toolResponse"], path);
    if (before > 0 && Object.keys(part).length === 0) return false;
    const call = field(part, "functionCall");
    if (isRecord(call)) this.drop(call, ["id"], `${path}.functionCall`);
    const response = field(part, "functionResponse");
    if (isRecord(response)) {
      this.drop(response, ["id"], `${path}.functionResponse`);
      const parts = field(response, "parts");
      if (Array.isArray(parts)) {
        parts.forEach((inner, index) => {
          if (isRecord(inner))
            this.drop(inner, ["mediaProcessing"], `${path}.functionResponse.parts[${index}]`);
        });
      }
    }
    return true;
  }

  tools(body: Json): void {
    const key = keyOf(body, "tools");
    const tools = key === undefined ? undefined : body[key];
    if (key === undefined || !Array.isArray(tools)) return;
    const kept = tools.filter((tool, index) => {
      if (!isRecord(tool)) return true;
      const path = `tools[${index}]`;
      const before = Object.keys(tool).length;
      this.drop(tool, ["fileSearch"], path);
      const declarations = field(tool, "functionDeclarations");
      if (Array.isArray(declarations)) {
        declarations.forEach((declaration, at) => {
          if (isRecord(declaration))
            this.drop(declaration, ["behavior"], `${path}.functionDeclarations[${at}]`);
        });
      }
      return before === 0 || Object.keys(tool).length > 0;
    });
    if (kept.length > 0) body[key] = kept;
    else delete body[key];
  }

  thinkingBudget(generation: Json, model: string): void {
    const thinking = field(generation, "thinkingConfig");
    if (!isRecord(thinking) || !alwaysThinks(model)) return;
    const key = keyOf(thinking, "thinkingBudget");
    if (key !== undefined && thinking[key] === 0) {
      thinking[key] = -1;
      this.adjusted.push(`generationConfig.thinkingConfig.${key}`);
    }
  }
}

/** Gemini models that cannot run without thinking: 2.5 Pro and the Gemini 3 family. */
export function alwaysThinks(model: string): boolean {
  const lower = model.toLowerCase();
  return /^gemini-3/.test(lower) || /-pro\b/.test(lower);
}

export function toVertexBody(body: Json, sapModel: string): VertexBody {
  const fixer = new BodyFixer();
  fixer.drop(body, ["model", "stream", "store"], "");

  const contentsKey = keyOf(body, "contents");
  const contents = contentsKey === undefined ? undefined : body[contentsKey];
  if (contentsKey !== undefined && Array.isArray(contents)) {
    body[contentsKey] = contents.filter((content, index) => fixer.content(content, `contents[${index}]`));
  } else if (isRecord(contents)) {
    fixer.content(contents, "contents");
  }
  fixer.content(field(body, "systemInstruction"), "systemInstruction");

  const generation = field(body, "generationConfig");
  if (isRecord(generation)) {
    fixer.drop(generation, ["enableEnhancedCivicAnswers"], "generationConfig");
    fixer.thinkingBudget(generation, sapModel);
  }
  const toolConfig = field(body, "toolConfig");
  if (isRecord(toolConfig)) fixer.drop(toolConfig, ["includeServerSideToolInvocations"], "toolConfig");
  fixer.tools(body);
  return { body, dropped: fixer.dropped, adjusted: fixer.adjusted };
}
