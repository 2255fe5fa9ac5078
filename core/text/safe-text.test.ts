import { describe, expect, it } from 'vitest';
import {
  escapeUnsafeDeep,
  escapeUnsafeText,
  findUnsafeText,
  MAX_INPUT_DEPTH,
  safeInput,
  safeTextSchema,
  unsafeTextProblem,
} from './safe-text.ts';
import { z } from 'zod';

describe('the text rule', () => {
  it('refuses NUL and unpaired surrogates, accepts paired surrogates and ordinary text', () => {
    expect(unsafeTextProblem('a\u0000b')).toContain('NUL');
    expect(unsafeTextProblem('x\ud800')).toContain('U+D800');
    expect(unsafeTextProblem('\udc00x')).toContain('U+DC00');
    expect(unsafeTextProblem('\ud800\ud800\udc00')).toContain('U+D800');
    expect(unsafeTextProblem('emoji 😀, tab\t, ü, \u0001')).toBeUndefined();
  });

  it('names every bad string and key by its path, and refuses absurd nesting', () => {
    const issues = findUnsafeText({ a: ['ok', 'b\u0000'], 'k\ud800': 1, nested: { deep: '\udfff' } });
    expect(issues.map((issue) => issue.path.join('.'))).toEqual(['a.1', 'k\\uD800', 'nested.deep']);
    let deep: unknown = 'x';
    for (let level = 0; level < 10_000; level++) deep = [deep];
    expect(findUnsafeText(deep)).toEqual([{ path: expect.any(Array), message: `nested deeper than ${MAX_INPUT_DEPTH} levels` }]);
  });

  it('escapes losslessly for storage and display, without walking past the depth limit', () => {
    expect(escapeUnsafeText('a\u0000b\ud800')).toBe('a\\u0000b\\uD800');
    expect(escapeUnsafeDeep({ 'k\u0000': ['\udc00'] })).toEqual({ 'k\\u0000': ['\\uDC00'] });
    let deep: unknown = 'x';
    for (let level = 0; level < 100_000; level++) deep = { d: deep };
    expect(() => JSON.stringify(escapeUnsafeDeep(deep))).not.toThrow();
  });

  it('works as a zod schema and as a wrapper around any schema, with field paths', () => {
    expect(safeTextSchema.safeParse('fine').success).toBe(true);
    expect(safeTextSchema.safeParse('a\u0000').error?.issues[0]?.message).toContain('NUL');
    const wrapped = safeInput(z.object({ name: z.string(), tags: z.array(z.string()) }));
    expect(wrapped.safeParse({ name: 'n', tags: ['t'] }).success).toBe(true);
    const failed = wrapped.safeParse({ name: 'n', tags: ['ok', '\ud800'] });
    expect(failed.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['tags.1', expect.stringContaining('surrogate')],
    ]);
  });
});
