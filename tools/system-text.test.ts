import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { systemText, systemTextPaths } from './system-text.ts';

describe('systemTextPaths', () => {
  it('finds marked fields through objects, arrays, optional, nullable and unions', () => {
    const schema = z.object({
      derivation: z.array(z.object({ term: z.string(), detail: systemText(z.string()) })),
      summary: systemText(z.string()).nullable().optional(),
      note: z.string(),
      either: z.union([z.object({ a: systemText(z.string()) }), z.object({ b: z.string() })]),
    });
    expect(systemTextPaths(schema).sort()).toEqual(['derivation.*.detail', 'either.a', 'summary']);
  });

  it('keeps the mark out of the JSON Schema clients see', () => {
    const schema = z.object({ detail: systemText(z.string()) });
    expect(JSON.stringify(z.toJSONSchema(schema))).not.toMatch(/system/);
  });
});
