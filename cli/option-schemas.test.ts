import { describe, expect, it } from 'vitest';
import { parseOrThrow } from '../core/errors.ts';
import { positiveIntegerOption, wholeNumberOption } from './option-schemas.ts';
import { z } from 'zod';

describe('command-line number options', () => {
  it('accepts whole numbers written in digits within the bounds', () => {
    expect(positiveIntegerOption.parse('3')).toBe(3);
    expect(positiveIntegerOption.parse(' 12 ')).toBe(12);
    expect(wholeNumberOption(1, 64).parse('64')).toBe(64);
  });
  it('rejects fractions, other notations, words and out-of-range values', () => {
    for (const value of ['1.9', '1e2', '0x10', 'abc', '', '-1', '0', '12abc'])
      expect(positiveIntegerOption.safeParse(value).success).toBe(false);
    expect(wholeNumberOption(1, 64).safeParse('65').success).toBe(false);
  });
  it('names the option and the allowed range in the error', () => {
    expect(() =>
      parseOrThrow(z.object({ '--concurrency': wholeNumberOption(1, 64) }), { '--concurrency': '999' }, 'triage options'),
    ).toThrow('invalid triage options: --concurrency: must be a whole number from 1 to 64');
  });
});
