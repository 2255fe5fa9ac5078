import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createToolRegistry, buildDefaultRegistry } from './registry.ts';
import { defineTool, TOOL_NAME_PATTERN, type AnyTool } from './tool.ts';
import { toMcpToolDescriptor, toOpenAiToolDescriptor, toolInputJsonSchema } from './tool-schemas.ts';

const lookup = defineTool({
  name: 'lookup_thing',
  title: 'Look up a thing',
  description: 'Finds a thing by its code.',
  kind: 'read',
  risk: 'none',
  roles: ['rep', 'approver'],
  input: z.object({ code: z.string().min(2).describe('the thing code'), limit: z.number().int().max(50).default(10) }),
  output: z.object({ code: z.string(), found: z.boolean() }),
  async run(_context, input) {
    return { code: input.code, found: true };
  },
});

const change = defineTool({
  name: 'change_thing',
  title: 'Change a thing',
  description: 'Changes a thing.',
  kind: 'write',
  risk: 'high',
  roles: ['approver', 'admin'],
  idempotent: true,
  input: z.strictObject({ code: z.string(), amount: z.number().positive() }),
  output: z.array(z.string()),
  async inspect() {
    return {};
  },
  async run() {
    return [];
  },
});

describe('ToolRegistry', () => {
  it('registers, gets and lists tools in order', () => {
    const registry = createToolRegistry([lookup, change]);
    expect(registry.list().map((tool) => tool.name)).toEqual(['lookup_thing', 'change_thing']);
    expect(registry.get('change_thing')).toBe(change);
    expect(registry.get('nope')).toBeUndefined();
    expect(registry.has('lookup_thing')).toBe(true);
    expect(() => registry.require('nope')).toThrow(expect.objectContaining({ code: 'not_found' }));
  });

  it('filters by role', () => {
    const registry = createToolRegistry([lookup, change]);
    expect(registry.listForRoles(['rep']).map((tool) => tool.name)).toEqual(['lookup_thing']);
    expect(registry.listForRoles(['admin']).map((tool) => tool.name)).toEqual(['change_thing']);
    expect(registry.listForRoles(['evaluator'])).toEqual([]);
  });

  it('refuses duplicates, bad names, write tools without inspect and non-object inputs', () => {
    const registry = createToolRegistry([lookup]);
    expect(() => registry.register(lookup)).toThrow(/already registered/);
    expect(() => registry.register({ ...lookup, name: 'bad name!' } as AnyTool)).toThrow(/invalid tool name/);
    expect(() => registry.register({ ...change, name: 'no_inspect', inspect: undefined } as AnyTool)).toThrow(/needs inspect/);
    expect(() => registry.register({ ...lookup, name: 'scalar_input', input: z.string() } as AnyTool)).toThrow(/zod object/);
  });

  it('derives JSON Schema for MCP and OpenAI from the zod schemas', () => {
    const input = toolInputJsonSchema(lookup);
    expect(input).toMatchObject({
      type: 'object',
      properties: {
        code: { type: 'string', minLength: 2, description: 'the thing code' },
        limit: { type: 'integer', maximum: 50, default: 10 },
      },
      required: ['code'],
    });
    expect(input.$schema).toBeUndefined();
    expect(toMcpToolDescriptor(lookup)).toMatchObject({
      name: 'lookup_thing',
      outputSchema: { type: 'object', required: ['code', 'found'] },
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    });
    const write = toMcpToolDescriptor(change);
    expect(write.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true, idempotentHint: true });
    expect(write.outputSchema).toBeUndefined();
    expect(toolInputJsonSchema(change)).toMatchObject({ additionalProperties: false, required: ['code', 'amount'] });
    expect(toOpenAiToolDescriptor(change)).toEqual({
      type: 'function',
      function: { name: 'change_thing', description: 'Changes a thing.', parameters: toolInputJsonSchema(change) },
    });
  });

  it('builds the default registry from the catalog, every tool well-formed', () => {
    const registry = buildDefaultRegistry();
    for (const tool of registry.list()) {
      expect(tool.name).toMatch(TOOL_NAME_PATTERN);
      expect(tool.description.length).toBeGreaterThan(10);
      expect(tool.roles.length).toBeGreaterThan(0);
      if (tool.kind === 'write') expect(tool.inspect).toBeTypeOf('function');
      expect(toMcpToolDescriptor(tool).inputSchema.type).toBe('object');
    }
  });
});
