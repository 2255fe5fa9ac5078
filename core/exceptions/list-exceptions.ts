/** Reading exceptions: filtered lists for queues and tools, one exception with its history. */
import { z } from 'zod';
import type { Tx } from '../db/database.ts';
import { ConflictError, NotFoundError, parseOrThrow } from '../errors.ts';
import { EXCEPTION_COLUMNS, readExceptionHistory, toException, type ExceptionRow } from './exception-rows.ts';
import {
  exceptionStatusSchema,
  exceptionTypeSchema,
  severitySchema,
  type ExceptionDetail,
  type OperationalException,
} from './exception-types.ts';

const oneOrMany = <T extends z.ZodType>(schema: T) =>
  z.union([schema, z.array(schema)]).transform((value) => (Array.isArray(value) ? value : [value]) as z.infer<T>[]);

export const exceptionFiltersSchema = z.object({
  type: oneOrMany(exceptionTypeSchema).optional(),
  severity: oneOrMany(severitySchema).optional(),
  /** A status, several, or "live" (open, triaging, awaiting_approval). */
  status: z.union([z.literal('live'), oneOrMany(exceptionStatusSchema)]).optional(),
  /** true: only exceptions past their resolve clock (live and overdue, or closed late). */
  slaBreached: z.boolean().optional(),
  orderId: z.uuid().optional(),
  skuId: z.uuid().optional(),
  customerId: z.uuid().optional(),
  /** Owned by this user (name). */
  owner: z.string().min(1).max(200).optional(),
  /** In one of these queues. */
  queue: oneOrMany(z.string().min(1).max(64)).optional(),
  /** Owned by `owner` OR in one of `queue` ("assigned to me or my queues"), instead of both having to hold. */
  mineOrQueues: z.boolean().optional(),
  /** true: with neither owner nor queue. */
  unassigned: z.boolean().optional(),
  /** oldest: longest-waiting first (default); newest; severity: most urgent first, then oldest; sla: soonest due first. */
  sort: z.enum(['oldest', 'newest', 'severity', 'sla']).default('oldest'),
  limit: z.number().int().min(1).max(1000).default(100),
  offset: z.number().int().min(0).default(0),
});
export type ExceptionFilters = z.input<typeof exceptionFiltersSchema>;

const ORDER_BY: Record<string, string> = {
  oldest: 'e.detected_at ASC, e.id',
  newest: 'e.detected_at DESC, e.id',
  severity: `array_position(ARRAY['critical', 'high', 'medium', 'low'], e.severity), e.detected_at ASC, e.id`,
  sla: 'e.sla_due_at ASC, e.id',
};

/** Exceptions visible in this transaction (one tenant under withTenant, all under asOperator). */
export async function listExceptions(tx: Tx, filters: ExceptionFilters = {}, now: Date = new Date()): Promise<OperationalException[]> {
  const f = parseOrThrow(exceptionFiltersSchema, filters, 'exception filters');
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: (placeholder: string) => string, value: unknown): void => {
    params.push(value);
    where.push(clause(`$${params.length}`));
  };
  if (f.type) add((p) => `e.type = ANY(${p}::text[])`, f.type);
  if (f.severity) add((p) => `e.severity = ANY(${p}::text[])`, f.severity);
  if (f.status === 'live') where.push(`e.status IN ('open', 'triaging', 'awaiting_approval')`);
  else if (f.status) add((p) => `e.status = ANY(${p}::text[])`, f.status);
  if (f.orderId) add((p) => `e.order_id = ${p}`, f.orderId);
  if (f.skuId) add((p) => `e.sku_id = ${p}`, f.skuId);
  if (f.customerId) add((p) => `e.customer_id = ${p}`, f.customerId);
  if (f.mineOrQueues) {
    params.push(f.owner ?? null, f.queue ?? []);
    where.push(`(e.owner = $${params.length - 1} OR e.queue = ANY($${params.length}::text[]))`);
  } else {
    if (f.owner) add((p) => `e.owner = ${p}`, f.owner);
    if (f.queue) add((p) => `e.queue = ANY(${p}::text[])`, f.queue);
  }
  if (f.unassigned !== undefined) where.push(`${f.unassigned ? '' : 'NOT '}(e.owner IS NULL AND e.queue IS NULL)`);
  if (f.slaBreached !== undefined) {
    add(
      (p) =>
        `${f.slaBreached ? '' : 'NOT '}(CASE WHEN e.resolved_at IS NULL THEN ${p}::timestamptz > e.sla_due_at ELSE e.resolved_at > e.sla_due_at END)`,
      now,
    );
  }
  params.push(f.limit, f.offset);
  const result = await tx.query<ExceptionRow>(
    `SELECT ${EXCEPTION_COLUMNS} FROM exceptions e
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY ${ORDER_BY[f.sort]} LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
    // One text per combination of filters and sort, values as parameters: kept prepared (a queue page's plan cost more than its run).
    { prepare: 'everywhere' },
  );
  return result.rows.map((row) => toException(row, now));
}

export async function findException(tx: Tx, id: string, now: Date = new Date()): Promise<OperationalException | undefined> {
  if (!z.uuid().safeParse(id).success) return undefined;
  const result = await tx.query<ExceptionRow>(`SELECT ${EXCEPTION_COLUMNS} FROM exceptions e WHERE e.id = $1`, [id], {
    prepare: 'everywhere',
  });
  return result.rows[0] ? toException(result.rows[0], now) : undefined;
}

/** One exception with evidence, entity references and its full history. */
export async function getException(tx: Tx, id: string, now: Date = new Date()): Promise<ExceptionDetail> {
  const exception = await findException(tx, id, now);
  if (!exception) throw new NotFoundError('exception', id);
  return { ...exception, history: await readExceptionHistory(tx, id) };
}

/**
 * An exception id from what a person typed: the full uuid, or the short prefix lists show (at least
 * 4 hex characters). Ambiguous prefixes are refused rather than guessed.
 */
export async function resolveExceptionId(tx: Tx, idOrPrefix: string): Promise<string> {
  const value = idOrPrefix.trim().toLowerCase();
  if (z.uuid().safeParse(value).success) return value;
  if (!/^[0-9a-f]{4,31}$/.test(value)) throw new NotFoundError('exception', idOrPrefix);
  const found = await tx.query<{ id: string }>(`SELECT id FROM exceptions WHERE id::text LIKE $1 ORDER BY id LIMIT 2`, [`${value}%`]);
  if (found.rows.length === 0) throw new NotFoundError('exception', idOrPrefix);
  if (found.rows.length > 1)
    throw new ConflictError(`exception id prefix ${idOrPrefix} is ambiguous; give more characters`, { prefix: idOrPrefix });
  return found.rows[0]!.id;
}
