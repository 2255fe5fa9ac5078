/** Rule conditions (`when:` in approval and routing rules): a field name and a comparison. */
import { z } from 'zod';

export const timeOfDaySchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:MM (24h)');
const scalarSchema = z.union([z.string(), z.number(), z.boolean()]);
/** `{ ref: unitCost }` compares against another field of the same call instead of a constant. */
const referenceSchema = z.strictObject({ ref: z.string().min(1) });
const orderedOperandSchema = z.union([z.number(), z.string(), referenceSchema]);

export const comparisonSchema = z
  .strictObject({
    eq: z.union([scalarSchema, referenceSchema]).optional(),
    ne: z.union([scalarSchema, referenceSchema]).optional(),
    in: z.array(scalarSchema).min(1).optional(),
    notIn: z.array(scalarSchema).min(1).optional(),
    lt: orderedOperandSchema.optional(),
    lte: orderedOperandSchema.optional(),
    gt: orderedOperandSchema.optional(),
    gte: orderedOperandSchema.optional(),
    /** Inclusive; for times of day a range like ["22:00", "06:00"] wraps past midnight. */
    between: z.union([z.tuple([z.number(), z.number()]), z.tuple([timeOfDaySchema, timeOfDaySchema])]).optional(),
    exists: z.boolean().optional(),
  })
  .refine((comparison) => Object.values(comparison).some((value) => value !== undefined), {
    message: 'a comparison needs at least one operator (eq, ne, in, notIn, lt, lte, gt, gte, between, exists)',
  });
export type Comparison = z.infer<typeof comparisonSchema>;

/** A bare value means `eq`, a list means `in`. */
export const conditionSchema = z.union([scalarSchema, z.array(scalarSchema).min(1), comparisonSchema]);
export type Condition = z.infer<typeof conditionSchema>;

export const fieldNameSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/, 'a field name like amount, customerTier or args.lines.0.quantity');
