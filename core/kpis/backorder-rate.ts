/** Backorder rate: share of orders placed in the window that had at least one line backordered. */
import type { Tx } from '../db/database.ts';
import { rate, type KpiWindow, type RateStat } from './kpi-window.ts';

export async function backorderRate(tx: Tx, window: KpiWindow): Promise<RateStat> {
  // The order event log remembers backorders that were filled later; the line's current quantity would not.
  const result = await tx.query<{ total: number; backordered: number }>(
    `SELECT count(*)::int AS total,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM order_events e WHERE e.order_id = o.id AND e.type = 'line_backordered'))::int AS backordered
       FROM orders o WHERE o.placed_at >= $1 AND o.placed_at < $2`,
    [window.from, window.to],
  );
  const row = result.rows[0]!;
  return rate(row.backordered, row.total);
}
