/** An order's history from its append-only event log, oldest first. */
import type { Tx } from '../db/database.ts';
import { requireOrder } from './order-record.ts';

export interface OrderTimelineEntry {
  id: number;
  type: string;
  fromStatus: string | null;
  toStatus: string | null;
  actor: string;
  eventId: string | null;
  data: Record<string, unknown>;
  occurredAt: Date;
}

export async function orderTimeline(
  tx: Tx,
  numberOrId: string,
  options: { limit?: number } = {},
): Promise<{ orderNumber: string; entries: OrderTimelineEntry[] }> {
  const order = await requireOrder(tx, numberOrId);
  const result = await tx.query<OrderTimelineEntry>(
    `SELECT id, type, from_status AS "fromStatus", to_status AS "toStatus", actor, event_id AS "eventId", data, occurred_at AS "occurredAt"
       FROM order_events WHERE order_id = $1 ORDER BY occurred_at, id LIMIT $2`,
    [order.id, options.limit ?? 500],
    { prepare: 'everywhere' },
  );
  return { orderNumber: order.number, entries: result.rows };
}
