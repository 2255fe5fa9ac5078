import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EVIDENCE_SCHEMAS } from '../core/exceptions/index.ts';

/** The field names of a schema, or of each member of a union. */
function fieldNames(schema: z.ZodType): string[] {
  const json = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as {
    properties?: Record<string, unknown>;
    anyOf?: Array<{ properties?: Record<string, unknown> }>;
    oneOf?: Array<{ properties?: Record<string, unknown> }>;
  };
  const members = json.anyOf ?? json.oneOf ?? [json];
  return [...new Set(members.flatMap((member) => Object.keys(member.properties ?? {})))];
}

describe('docs/exceptions.md: the evidence contract', () => {
  it('lists every field of every exception type’s evidence schema under that type', async () => {
    const docs = await readFile(new URL('../docs/exceptions.md', import.meta.url), 'utf8');
    const contract = docs.slice(docs.indexOf('## Evidence contract'));
    expect(contract.length).toBeLessThan(docs.length);
    for (const [type, schema] of Object.entries(EVIDENCE_SCHEMAS)) {
      const start = contract.indexOf(`#### \`${type}\``);
      expect(start, `a heading for ${type}`).toBeGreaterThan(-1);
      const next = contract.indexOf('#### ', start + 5);
      const section = contract.slice(start, next === -1 ? contract.indexOf('\n## ', start) : next);
      for (const field of fieldNames(schema)) expect(section, `${type}.${field}`).toContain(`\`${field}\``);
    }
  });
});
