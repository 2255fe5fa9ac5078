/**
 * Which backordered orders an allocation run for these SKUs would look at (allocateBackorders'
 * selection, without its limit): set-based event paths use it to tell when stock they free or add
 * would go to a waiting order — the case they leave to the one-by-one path.
 */
import type { Tx } from '../db/database.ts';

/** Backordered order id → the given SKUs it has open quantity for (directly, or as a kit component). */
export async function backordersWaitingOn(tx: Tx, skuIds: readonly string[]): Promise<Map<string, string[]>> {
  if (skuIds.length === 0) return new Map();
  const result = await tx.query<{ orderId: string; skuIds: string[] }>(
    `SELECT o.id AS "orderId", array_agg(DISTINCT w.sku_id)::text[] AS "skuIds"
       FROM orders o JOIN order_lines l ON l.order_id = o.id
       JOIN LATERAL (SELECT l.sku_id WHERE l.sku_id = ANY($1::uuid[])
                     UNION
                     SELECT k.component_sku_id FROM kit_components k WHERE k.kit_sku_id = l.sku_id AND k.component_sku_id = ANY($1::uuid[])
                    ) AS w(sku_id) ON true
      WHERE o.status = 'backordered' AND l.quantity_ordered - l.quantity_reserved - l.quantity_shipped - l.quantity_cancelled > 0
      GROUP BY o.id`,
    [[...new Set(skuIds)]],
  );
  return new Map(result.rows.map((row) => [row.orderId, row.skuIds]));
}
