/**
 * The channel mix of each SKU's demand over a window: units ordered per SKU × sales channel (a kit line
 * counts its components, cancelled units and cancelled orders do not). A ring-fence for a key channel
 * is sized from it (the forecast run's stockout_risk evidence, `keyChannels`).
 */
import { z } from 'zod';
import type { Tx } from '../db/database.ts';
import { parseOrThrow } from '../errors.ts';

export const channelDemandQuerySchema = z
  .object({ from: z.date(), to: z.date() })
  .refine((window) => window.from < window.to, { message: 'from must be before to', path: ['from'] });

export interface ChannelDemand {
  skuId: string;
  channel: string;
  units: number;
}

export async function readChannelDemand(tx: Tx, input: { from: Date; to: Date }): Promise<ChannelDemand[]> {
  const window = parseOrThrow(channelDemandQuerySchema, input, 'channel demand query');
  const result = await tx.query<{ sku_id: string; channel: string; units: number }>(
    `SELECT coalesce(k.component_sku_id, ol.sku_id) AS sku_id, o.channel,
            sum((ol.quantity_ordered - ol.quantity_cancelled) * coalesce(k.quantity, 1))::int AS units
       FROM order_lines ol JOIN orders o ON o.id = ol.order_id
       LEFT JOIN kit_components k ON k.kit_sku_id = ol.sku_id
      WHERE o.placed_at >= $1 AND o.placed_at < $2 AND o.status <> 'cancelled'
      GROUP BY 1, 2
     HAVING sum((ol.quantity_ordered - ol.quantity_cancelled) * coalesce(k.quantity, 1)) > 0
      ORDER BY 1, 2`,
    [window.from, window.to],
  );
  return result.rows.map((row) => ({ skuId: row.sku_id, channel: row.channel, units: Number(row.units) }));
}
