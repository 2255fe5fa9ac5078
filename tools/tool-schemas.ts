/**
 * JSON Schema for tools, derived from their zod schemas (the single source of truth), in the shapes
 * MCP (`tools/list`) and OpenAI-style function calling expect.
 */
import { z } from 'zod';
import type { AnyTool } from './tool.ts';

export type JsonSchema = Record<string, unknown>;

const inputSchemas = new WeakMap<AnyTool, JsonSchema>();

/**
 * The schema a caller must send (zod "input" side: defaults optional, before transforms). Computed once
 * per tool and frozen: every agent run builds its toolbox from all tools, and converting ~25 zod schemas
 * each time was a visible share of an offline triage run.
 */
export function toolInputJsonSchema(tool: AnyTool): JsonSchema {
  let schema = inputSchemas.get(tool);
  if (!schema) {
    schema = deepFreeze(objectSchema(clientJsonSchema(tool.input, 'input', 'draft-2020-12')));
    inputSchemas.set(tool, schema);
  }
  return schema;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** The schema of what the tool returns (zod "output" side). */
export function toolOutputJsonSchema(tool: AnyTool): JsonSchema {
  const schema = clientJsonSchema(tool.output, 'output', 'draft-2020-12');
  // MCP requires an object at the top of an output schema; a union of objects (an exception's evidence
  // is discriminated by type) has none, so say what every branch already is.
  const branches = (schema.anyOf ?? schema.oneOf ?? schema.allOf) as JsonSchema[] | undefined;
  if (schema.type === undefined && branches?.every((branch) => branch.type === 'object')) return { type: 'object', ...schema };
  return schema;
}

/**
 * A zod schema as JSON Schema that strict validators compile (Ajv strict mode): zod writes a nullable
 * scalar as a type array (`"type": ["string", "null"]`), which Ajv refuses under strictTypes and some
 * MCP clients cannot render; every type array is spelled as an `anyOf` of single types instead.
 */
export function clientJsonSchema(schema: z.ZodType, io: 'input' | 'output', target: 'draft-7' | 'draft-2020-12' = 'draft-7'): JsonSchema {
  return expandTypeArrays(z.toJSONSchema(schema, { io, unrepresentable: 'any', target }) as JsonSchema);
}

/** `{"type": ["string", "null"], "minLength": 1}` → `{"anyOf": [{"type": "string", "minLength": 1}, {"type": "null"}]}`, recursively. */
export function expandTypeArrays(schema: JsonSchema): JsonSchema {
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, unknown>).map(([key, child]) => [key, walk(child)] as const);
    const node: Record<string, unknown> = Object.fromEntries(entries);
    if (!Array.isArray(node.type)) return node;
    const { type: types, ...rest } = node as { type: string[] } & Record<string, unknown>;
    if (types.length === 1) return { ...rest, type: types[0] };
    // Keywords that describe the whole value stay outside; type-specific ones go with their type.
    const { description, title, default: fallback, examples, ...constraints } = rest;
    const outer = Object.fromEntries(
      Object.entries({ description, title, default: fallback, examples }).filter(([, entry]) => entry !== undefined),
    );
    return { ...outer, anyOf: types.map((type) => (type === 'null' ? { type } : { type, ...constraintsFor(type, constraints) })) };
  };
  return walk(schema) as JsonSchema;
}

const KEYWORDS_BY_TYPE: Record<string, readonly string[]> = {
  string: ['minLength', 'maxLength', 'pattern', 'format', 'enum', 'const'],
  number: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'enum', 'const'],
  integer: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'enum', 'const'],
  boolean: ['enum', 'const'],
  array: ['items', 'prefixItems', 'minItems', 'maxItems', 'uniqueItems', 'contains'],
  object: ['properties', 'required', 'additionalProperties', 'propertyNames', 'minProperties', 'maxProperties', 'patternProperties'],
};

function constraintsFor(type: string, constraints: Record<string, unknown>): Record<string, unknown> {
  const allowed = KEYWORDS_BY_TYPE[type] ?? [];
  return Object.fromEntries(
    Object.entries(constraints)
      .filter(([key]) => allowed.includes(key))
      .map(([key, value]) => [key, key === 'enum' ? filterEnum(type, value) : value]),
  );
}

/** An enum shared by a nullable type keeps only the values of that type (null belongs to the null branch). */
function filterEnum(type: string, values: unknown): unknown {
  if (!Array.isArray(values)) return values;
  return values.filter((value) =>
    type === 'integer' ? Number.isInteger(value) : typeof value === type || (type === 'number' && typeof value === 'number'),
  );
}

export interface McpToolDescriptor {
  name: string;
  title: string;
  description: string;
  inputSchema: JsonSchema;
  outputSchema?: JsonSchema;
  annotations: {
    title: string;
    readOnlyHint: boolean;
    destructiveHint: boolean;
    idempotentHint: boolean;
    openWorldHint: boolean;
  };
}

/**
 * MCP tool annotations, with the meanings the MCP specification gives them: destructiveHint is true
 * unless a write only adds; openWorldHint is true when the call reaches beyond this copilot's own
 * database (a payment provider, a customer, a supplier, the ERP). Hints are advisory for clients
 * (confirmation prompts); the policy gate is what decides.
 */
export function toolAnnotations(
  tool: Pick<AnyTool, 'title' | 'kind' | 'idempotent' | 'additive' | 'reachesOutside'>,
): McpToolDescriptor['annotations'] {
  const readOnly = tool.kind === 'read';
  return {
    title: tool.title,
    readOnlyHint: readOnly,
    destructiveHint: !readOnly && tool.additive !== true,
    // Per call. A write repeated while an identical one is pending returns that proposal (the gate
    // deduplicates); once it executed, a repeat is a new call, so only idempotent tools say true.
    idempotentHint: readOnly || tool.idempotent === true,
    openWorldHint: tool.reachesOutside === true,
  };
}

/** The MCP tool listing (what mcp/ advertises, in the draft the tools use). */
export function toMcpToolDescriptor(tool: AnyTool): McpToolDescriptor {
  const output = toolOutputJsonSchema(tool);
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: toolInputJsonSchema(tool),
    // MCP requires an object-typed outputSchema; tools returning other shapes simply omit it.
    ...(output.type === 'object' ? { outputSchema: withoutMetaKeys(output) } : {}),
    annotations: toolAnnotations(tool),
  };
}

export interface OpenAiToolDescriptor {
  type: 'function';
  function: { name: string; description: string; parameters: JsonSchema };
}

/** The OpenAI `tools` entry (also what LangChain's bindTools sends to OpenAI-compatible servers). */
export function toOpenAiToolDescriptor(tool: AnyTool): OpenAiToolDescriptor {
  return {
    type: 'function',
    function: { name: tool.name, description: tool.description, parameters: toolInputJsonSchema(tool) },
  };
}

function withoutMetaKeys(schema: JsonSchema): JsonSchema {
  const { $schema: _schema, ...rest } = schema;
  return rest;
}

/** MCP and function-calling APIs need an object at the top level, so tool inputs must be zod objects. */
function objectSchema(schema: JsonSchema): JsonSchema {
  const clean = withoutMetaKeys(schema);
  if (clean.type !== 'object') throw new TypeError('a tool input schema must be a zod object (z.object or z.strictObject)');
  return clean;
}
