/**
 * JSON Schema for tools, derived from their zod schemas (the single source of truth), in the shapes
 * MCP (`tools/list`) and OpenAI-style function calling expect.
 */
import { z } from 'zod';
import type { AnyTool } from './tool.ts';

export type JsonSchema = Record<string, unknown>;

/** The schema a caller must send (zod "input" side: defaults optional, before transforms). */
export function toolInputJsonSchema(tool: AnyTool): JsonSchema {
  return objectSchema(z.toJSONSchema(tool.input, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema);
}

/** The schema of what the tool returns (zod "output" side). */
export function toolOutputJsonSchema(tool: AnyTool): JsonSchema {
  return z.toJSONSchema(tool.output, { io: 'output', unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
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
 * The MCP tool listing. Write tools are never read-only; they count as destructive unless their risk
 * is none/low. The tools act only on this product's own data, so openWorldHint is false.
 */
export function toMcpToolDescriptor(tool: AnyTool): McpToolDescriptor {
  const output = toolOutputJsonSchema(tool);
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: toolInputJsonSchema(tool),
    // MCP requires an object-typed outputSchema; tools returning other shapes simply omit it.
    ...(output.type === 'object' ? { outputSchema: withoutMetaKeys(output) } : {}),
    annotations: {
      title: tool.title,
      readOnlyHint: tool.kind === 'read',
      destructiveHint: tool.kind === 'write' && !['none', 'low'].includes(tool.risk),
      idempotentHint: tool.idempotent ?? tool.kind === 'read',
      openWorldHint: false,
    },
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
