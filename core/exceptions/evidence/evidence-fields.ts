/** Field types shared by the evidence schemas. */
import { z } from 'zod';

/** An instant as ISO 8601 text (evidence is stored as JSON). */
export const isoTime = z.string().min(1);
export const count = z.number().int().nonnegative();
export const money = z.number();
