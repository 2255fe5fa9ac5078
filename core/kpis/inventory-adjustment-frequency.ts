/**
 * Inventory adjustment frequency: adjustments (cycle-count corrections, damage, loss …) per active
 * stocked SKU per week in the window, with the SKUs adjusted most often (candidates for a count review).
 */
import type { Tx } from '../db/database.ts';
import { round, type KpiWindow } from './kpi-window.ts';

export interface AdjustmentFrequencyStat {
  adjustments: number;
  skusAdjusted: number;
  activeSkus: number;
  weeks: number;
  perSkuPerWeek: number | null;
  byReason: Record<string, number>;
  topSkus: Array<{ skuCode: string; adjustments: number }>;
}

export async function inventoryAdjustmentFrequency(tx: Tx, window: KpiWindow): Promise<AdjustmentFrequencyStat> {
  const params = [window.from, window.to];
  const totals = await tx.query<{ adjustments: number; skus_adjusted: number; active_skus: number }>(
    `SELECT (SELECT count(*)::int FROM inventory_movements WHERE kind = 'adjustment' AND occurred_at >= $1 AND occurred_at < $2) AS adjustments,
            (SELECT count(DISTINCT sku_id)::int FROM inventory_movements WHERE kind = 'adjustment' AND occurred_at >= $1 AND occurred_at < $2) AS skus_adjusted,
            (SELECT count(*)::int FROM skus WHERE active AND NOT is_kit) AS active_skus`,
    params,
  );
  const reasons = await tx.query<{ reason: string; count: number }>(
    `SELECT coalesce(reason_code, 'unknown') AS reason, count(*)::int AS count FROM inventory_movements
      WHERE kind = 'adjustment' AND occurred_at >= $1 AND occurred_at < $2 GROUP BY 1 ORDER BY 2 DESC, 1`,
    params,
  );
  const top = await tx.query<{ sku_code: string; count: number }>(
    `SELECT s.code AS sku_code, count(*)::int AS count FROM inventory_movements m JOIN skus s ON s.id = m.sku_id
      WHERE m.kind = 'adjustment' AND m.occurred_at >= $1 AND m.occurred_at < $2 GROUP BY s.code ORDER BY 2 DESC, 1 LIMIT 5`,
    params,
  );
  const row = totals.rows[0]!;
  const weeks = (window.to.getTime() - window.from.getTime()) / (7 * 86_400_000);
  return {
    adjustments: row.adjustments,
    skusAdjusted: row.skus_adjusted,
    activeSkus: row.active_skus,
    weeks: round(weeks, 2)!,
    perSkuPerWeek: row.active_skus === 0 ? null : round(row.adjustments / row.active_skus / weeks, 4),
    byReason: Object.fromEntries(reasons.rows.map((reason) => [reason.reason, reason.count])),
    topSkus: top.rows.map((sku) => ({ skuCode: sku.sku_code, adjustments: sku.count })),
  };
}
