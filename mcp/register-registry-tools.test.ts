import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildDefaultRegistry } from '../tools/registry.ts';
import { defineTool, TOOL_NAME_PATTERN } from '../tools/tool.ts';
import { outcomeOutputSchema, visibleTools } from './register-registry-tools.ts';
import { principal } from './testing/fake-services.ts';

describe('outcomeOutputSchema', () => {
  it('types the result of every shipped tool (each has a JSON Schema form, so MCP clients can validate it)', () => {
    const fallbacks: string[] = [];
    for (const tool of buildDefaultRegistry().list()) {
      expect(tool.name).toMatch(TOOL_NAME_PATTERN);
      outcomeOutputSchema(tool, (message, fields) => fallbacks.push(`${String(fields?.tool)}: ${message}`));
    }
    expect(fallbacks).toEqual([]);
  });

  it('falls back to an untyped result, and says so, for an output with no JSON Schema form', () => {
    const logs: string[] = [];
    const tool = defineTool({
      name: 'dated',
      title: 'Dated',
      description: 'Returns a Date.',
      kind: 'read',
      risk: 'none',
      roles: ['rep'],
      input: z.object({}),
      output: z.object({ at: z.date() }),
      run: async () => ({ at: new Date() }),
    });
    const schema = outcomeOutputSchema(tool, (message) => logs.push(message));
    expect(() => z.toJSONSchema(schema, { io: 'output' })).not.toThrow();
    expect(logs).toEqual(['tool output schema has no JSON Schema form; result advertised untyped']);
  });
});

describe('visibleTools', () => {
  it('keeps the tools one of the principal’s roles may call', () => {
    const tools = buildDefaultRegistry().list();
    const evaluator = visibleTools(tools, principal('a', ['evaluator']));
    expect(evaluator.every((tool) => tool.roles.includes('evaluator'))).toBe(true);
    expect(visibleTools(tools, principal('a', ['rep'])).length).toBeGreaterThan(evaluator.length);
  });
});
