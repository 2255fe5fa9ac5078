/**
 * Answers tools/list with JSON Schemas that strict validators compile. The SDK's own listing writes
 * zod's draft-7 form, where a nullable scalar is a type array (`["string", "null"]`): Ajv strict mode
 * refuses it and some clients cannot render it. This listing spells those as `anyOf`, and converts each
 * schema once per schema object (tool schemas never change), not once per request.
 */
import type { McpServer, RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ListToolsRequestSchema, type Tool } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import { clientJsonSchema, type JsonSchema } from '../tools/tool-schemas.ts';

const EMPTY_INPUT: Tool['inputSchema'] = { type: 'object', properties: {} };
const converted = { input: new WeakMap<object, JsonSchema>(), output: new WeakMap<object, JsonSchema>() };

function jsonSchemaOf(schema: unknown, io: 'input' | 'output'): JsonSchema {
  const cache = converted[io];
  const key = schema as object;
  let json = cache.get(key);
  if (!json) {
    json = clientJsonSchema(schema as z.ZodType, io);
    cache.set(key, json);
  }
  return json;
}

/** The listing of the given registered tools (in registration order), as tools/list returns it. */
export function listedTools(tools: ReadonlyMap<string, RegisteredTool>): Tool[] {
  return [...tools].map(([name, tool]) => ({
    name,
    ...(tool.title !== undefined ? { title: tool.title } : {}),
    ...(tool.description !== undefined ? { description: tool.description } : {}),
    inputSchema: tool.inputSchema ? (jsonSchemaOf(tool.inputSchema, 'input') as Tool['inputSchema']) : EMPTY_INPUT,
    ...(tool.outputSchema ? { outputSchema: jsonSchemaOf(tool.outputSchema, 'output') as NonNullable<Tool['outputSchema']> } : {}),
    ...(tool.annotations ? { annotations: tool.annotations } : {}),
    ...(tool._meta ? { _meta: tool._meta } : {}),
  }));
}

/** Replaces the SDK's tools/list handler; call after every tool is registered. */
export function publishToolList(server: McpServer, tools: ReadonlyMap<string, RegisteredTool>): void {
  // No tools registered: the SDK installed no tools handlers, and a listing would advertise none.
  if (tools.size === 0) return;
  server.server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: listedTools(tools) }));
}
