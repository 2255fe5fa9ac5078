/** Query-string field schemas: everything arrives as text (repeated keys as arrays). */
import { z } from 'zod';

/** `?type=a&type=b` or `?type=a,b` → ['a', 'b'], each checked against `item`. */
export function listParam<T extends z.ZodType>(item: T) {
  const split = (value: unknown): unknown =>
    typeof value === 'string' || Array.isArray(value)
      ? [value]
          .flat()
          .flatMap((entry) => String(entry).split(','))
          .map((entry) => entry.trim())
          .filter(Boolean)
      : value;
  return z.preprocess(split, z.array(item).min(1));
}

export const booleanParam = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

export const limitParam = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);
export const offsetParam = z.coerce.number().int().min(0).max(1_000_000).default(0);

export const dateTimeParam = z.iso.datetime({ offset: true }).transform((value) => new Date(value));
