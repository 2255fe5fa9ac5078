/**
 * Available-to-sell accuracy: of the order lines a channel accepted (its ATS promised the stock), how
 * many were reserved without ever being backordered. Per SKU × channel, per channel and overall, for
 * orders placed in the window. A line counts once the order book decided it (reserved or backordered);
 * lines still waiting for allocation are not yet a kept or broken promise.
 */
import type { Tx } from '../db/database.ts';

export interface AtsAccuracyCell {
  promised: number;
  fulfillable: number;
  /** fulfillable / promised, 0–1 (null when nothing was promised). */
  rate: number | null;
}

export interface AtsAccuracyStat extends AtsAccuracyCell {
  byChannel: Array<{ channel: string } & AtsAccuracyCell>;
  /** The SKU × channel pairs with the most broken promises (worst first), at most 10. */
  worstSkus: Array<{ skuCode: string; channel: string } & AtsAccuracyCell>;
}

const cell = (promised: number, fulfillable: number): AtsAccuracyCell => ({
  promised,
  fulfillable,
  rate: promised === 0 ? null : Math.round((fulfillable / promised) * 10_000) / 10_000,
});

export async function atsAccuracy(tx: Tx, window: { from: Date; to: Date }): Promise<AtsAccuracyStat> {
  const result = await tx.query<{ channel: string | null; sku_code: string | null; promised: number; fulfillable: number }>(
    `WITH decided AS (
       SELECT e.order_id, (e.data->>'lineNumber')::int AS line_number, bool_or(e.type = 'line_backordered') AS backordered
         FROM order_events e JOIN orders o ON o.id = e.order_id
        WHERE e.type IN ('line_reserved', 'line_backordered') AND o.placed_at >= $1 AND o.placed_at < $2 AND e.data ? 'lineNumber'
        GROUP BY 1, 2)
     SELECT o.channel, s.code AS sku_code, count(*)::int AS promised, count(*) FILTER (WHERE NOT d.backordered)::int AS fulfillable
       FROM decided d JOIN orders o ON o.id = d.order_id
       JOIN order_lines l ON l.order_id = d.order_id AND l.line_number = d.line_number JOIN skus s ON s.id = l.sku_id
      GROUP BY GROUPING SETS ((o.channel, s.code), (o.channel), ())`,
    [window.from, window.to],
  );
  const total = result.rows.find((row) => row.channel === null && row.sku_code === null);
  const byChannel = result.rows
    .filter((row) => row.channel !== null && row.sku_code === null)
    .map((row) => ({ channel: row.channel!, ...cell(row.promised, row.fulfillable) }))
    .sort((a, b) => a.channel.localeCompare(b.channel));
  const worstSkus = result.rows
    .filter((row) => row.channel !== null && row.sku_code !== null && row.fulfillable < row.promised)
    .map((row) => ({ skuCode: row.sku_code!, channel: row.channel!, ...cell(row.promised, row.fulfillable) }))
    .sort(
      (a, b) =>
        b.promised - b.fulfillable - (a.promised - a.fulfillable) || (a.rate ?? 1) - (b.rate ?? 1) || a.skuCode.localeCompare(b.skuCode),
    )
    .slice(0, 10);
  return { ...cell(total?.promised ?? 0, total?.fulfillable ?? 0), byChannel, worstSkus };
}
