/**
 * Inventory adjustments by root cause (reason code) in a window: how many, how often per active
 * stocked SKU per week, the units they added and removed, and how many SKUs each touched — the
 * breakdown a count review starts from (is shrinkage loss, damage or miscounting?). Units removed
 * include stock moved out of sellable status (damage), which stays on site but can no longer be sold.
 */
import type { Tx } from '../db/database.ts';

export interface AdjustmentRootCause {
  reasonCode: string;
  adjustments: number;
  /** Share of all adjustments in the window, 0–1. */
  share: number;
  perSkuPerWeek: number | null;
  unitsAdded: number;
  unitsRemoved: number;
  skus: number;
}

export async function adjustmentRootCauses(tx: Tx, window: { from: Date; to: Date }): Promise<AdjustmentRootCause[]> {
  const result = await tx.query<{ reason: string; adjustments: number; added: number; removed: number; skus: number; active: number }>(
    `SELECT coalesce(m.reason_code, 'unknown') AS reason, count(*)::int AS adjustments,
            coalesce(sum(m.quantity) FILTER (WHERE m.to_status IS NOT NULL AND m.from_status IS NULL), 0)::int AS added,
            coalesce(sum(m.quantity) FILTER (WHERE m.from_status IS NOT NULL), 0)::int AS removed,
            count(DISTINCT m.sku_id)::int AS skus,
            (SELECT count(*)::int FROM skus WHERE active AND NOT is_kit) AS active
       FROM inventory_movements m
      WHERE m.kind = 'adjustment' AND m.occurred_at >= $1 AND m.occurred_at < $2
      GROUP BY 1 ORDER BY 2 DESC, 1`,
    [window.from, window.to],
  );
  const total = result.rows.reduce((sum, row) => sum + row.adjustments, 0);
  const weeks = (window.to.getTime() - window.from.getTime()) / (7 * 86_400_000);
  return result.rows.map((row) => ({
    reasonCode: row.reason,
    adjustments: row.adjustments,
    share: Math.round((row.adjustments / total) * 10_000) / 10_000,
    perSkuPerWeek: row.active === 0 ? null : Math.round((row.adjustments / row.active / weeks) * 10_000) / 10_000,
    unitsAdded: row.added,
    unitsRemoved: row.removed,
    skus: row.skus,
  }));
}
