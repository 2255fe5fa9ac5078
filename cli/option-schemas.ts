/**
 * zod schemas for command-line option values (always strings). Strict on purpose: `1.9`, `1e2`, `0x10`
 * or `12abc` are not whole numbers here, although Number() or parseInt() would accept them.
 */
import { z } from 'zod';

/** A whole number written in digits, from min to max (inclusive). */
export function wholeNumberOption(min: number, max: number = Number.MAX_SAFE_INTEGER) {
  const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
  return z
    .string()
    .trim()
    .regex(/^\d+$/, `must be a whole number ${range}`)
    .transform(Number)
    .pipe(z.number().int().min(min, `must be a whole number ${range}`).max(max, `must be a whole number ${range}`));
}

/** A positive whole number (1, 2, …). */
export const positiveIntegerOption = wholeNumberOption(1);
