/** Order search for people and tools: by number, customer, status, SKU, channel and date range. */
import { z } from 'zod';
import type { Tx } from '../db/database.ts';
import { channelSchema } from '../domain/references.ts';
import { parseOrThrow } from '../errors.ts';
import { ORDER_STATUSES, type OrderStatus } from './order-status.ts';

export const searchOrdersInputSchema = z.object({
  /** Exact number, or a prefix ending in "*". */
  number: z.string().min(1).max(64).optional(),
  /** Customer code, name fragment or email. */
  customer: z.string().min(1).max(200).optional(),
  status: z.union([z.enum(ORDER_STATUSES), z.array(z.enum(ORDER_STATUSES)).min(1)]).optional(),
  sku: z.string().min(1).optional(),
  channel: channelSchema.optional(),
  holdReason: z.string().min(1).optional(),
  placedFrom: z.coerce.date().optional(),
  placedTo: z.coerce.date().optional(),
  limit: z.number().int().min(1).max(500).default(50),
  offset: z.number().int().min(0).default(0),
});
export type SearchOrdersInput = z.input<typeof searchOrdersInputSchema>;

export interface OrderSummary {
  id: string;
  number: string;
  channel: string;
  status: OrderStatus;
  holdReason: string | null;
  customerCode: string | null;
  customerName: string | null;
  total: number;
  currency: string;
  placedAt: Date;
  promisedDate: Date | null;
  erpSyncStatus: string;
  lineCount: number;
}

export async function searchOrders(tx: Tx, input: SearchOrdersInput = {}): Promise<OrderSummary[]> {
  const query = parseOrThrow(searchOrdersInputSchema, input, 'order search');
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: (placeholder: string) => string, value: unknown): void => {
    params.push(value);
    where.push(clause(`$${params.length}`));
  };
  if (query.number) {
    if (query.number.endsWith('*')) add((p) => `o.number LIKE ${p}`, `${query.number.slice(0, -1).replace(/[%_\\]/g, '\\$&')}%`);
    else add((p) => `o.number = ${p}`, query.number);
  }
  if (query.customer) add((p) => `(c.code = ${p} OR c.email = ${p} OR c.name ILIKE '%' || ${p} || '%')`, query.customer);
  if (query.status) add((p) => `o.status = ANY(${p}::text[])`, Array.isArray(query.status) ? query.status : [query.status]);
  if (query.sku)
    add((p) => `EXISTS (SELECT 1 FROM order_lines l JOIN skus s ON s.id = l.sku_id WHERE l.order_id = o.id AND s.code = ${p})`, query.sku);
  if (query.channel) add((p) => `o.channel = ${p}`, query.channel);
  if (query.holdReason)
    add(
      (p) => `EXISTS (SELECT 1 FROM order_holds h WHERE h.order_id = o.id AND h.released_at IS NULL AND h.reason_code = ${p})`,
      query.holdReason,
    );
  if (query.placedFrom) add((p) => `o.placed_at >= ${p}`, query.placedFrom);
  if (query.placedTo) add((p) => `o.placed_at < ${p}`, query.placedTo);
  params.push(query.limit, query.offset);
  const result = await tx.query<OrderSummary>(
    `SELECT o.id, o.number, o.channel, o.status, o.hold_reason AS "holdReason", c.code AS "customerCode", c.name AS "customerName",
            o.total, o.currency, o.placed_at AS "placedAt", o.promised_date AS "promisedDate", o.erp_sync_status AS "erpSyncStatus",
            (SELECT count(*)::int FROM order_lines l WHERE l.order_id = o.id) AS "lineCount"
       FROM orders o LEFT JOIN customers c ON c.id = o.customer_id
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY o.placed_at DESC, o.number DESC LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
  return result.rows;
}
