/**
 * Perfect order rate: of orders that finished shipping in the window, the share shipped complete,
 * on time (by the ship-by date, and delivered by the carrier's estimate where known), never
 * returned, and never the subject of an operational exception (dismissed false positives aside).
 */
import type { Tx } from '../db/database.ts';
import { rate, type KpiWindow, type RateStat } from './kpi-window.ts';

export interface PerfectOrderStat extends RateStat {
  failures: { incomplete: number; late: number; returned: number; exception: number };
}

export async function perfectOrderRate(tx: Tx, window: KpiWindow): Promise<PerfectOrderStat> {
  const result = await tx.query<{ total: number; perfect: number; incomplete: number; late: number; returned: number; exception: number }>(
    `WITH shipped AS (
       SELECT o.id,
              EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND l.quantity_shipped < l.quantity_ordered) AS incomplete,
              (o.promised_date IS NOT NULL AND o.shipped_at > o.promised_date)
                OR EXISTS (SELECT 1 FROM shipments s WHERE s.order_id = o.id AND s.estimated_delivery_at IS NOT NULL
                            AND coalesce(s.delivered_at, $2) > s.estimated_delivery_at) AS late,
              EXISTS (SELECT 1 FROM returns r WHERE r.order_id = o.id AND r.status <> 'cancelled') AS returned,
              EXISTS (SELECT 1 FROM exceptions x WHERE x.order_id = o.id AND x.status <> 'dismissed') AS exception
         FROM orders o
        WHERE o.shipped_at >= $1 AND o.shipped_at < $2 AND o.status IN ('shipped', 'invoiced', 'closed')
     )
     SELECT count(*)::int AS total,
            count(*) FILTER (WHERE NOT (incomplete OR late OR returned OR exception))::int AS perfect,
            count(*) FILTER (WHERE incomplete)::int AS incomplete, count(*) FILTER (WHERE late)::int AS late,
            count(*) FILTER (WHERE returned)::int AS returned, count(*) FILTER (WHERE exception)::int AS exception
       FROM shipped`,
    [window.from, window.to],
  );
  const row = result.rows[0]!;
  return {
    ...rate(row.perfect, row.total),
    failures: { incomplete: row.incomplete, late: row.late, returned: row.returned, exception: row.exception },
  };
}
