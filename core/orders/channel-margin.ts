/**
 * Gross margin by channel after fulfilment and return costs, for orders placed in the window:
 * revenue of what shipped (the line's price, or its approved override) less refunds paid, less the
 * cost of the goods that stayed sold (shipped − returned units at the SKU's unit cost), less
 * fulfilment (per shipment and per unit shipped) and return handling (per return received). The cost
 * rates are the tenant's (the `costs` section of its policy); the KPI reports the rates it used.
 */
import { z } from 'zod';
import type { Tx } from '../db/database.ts';
import { parseOrThrow } from '../errors.ts';

export const fulfilmentCostsSchema = z.strictObject({
  /** Pick, pack and carrier cost of one shipment. */
  perShipment: z.number().min(0).max(10_000),
  /** Handling cost of one unit shipped. */
  perUnit: z.number().min(0).max(10_000),
  /** Receiving, inspecting and restocking one return. */
  perReturn: z.number().min(0).max(10_000),
});
export type FulfilmentCosts = z.infer<typeof fulfilmentCostsSchema>;

export interface ChannelMargin {
  channel: string;
  currency: string;
  orders: number;
  revenue: number;
  refunds: number;
  costOfGoods: number;
  fulfilmentCost: number;
  returnCost: number;
  grossMargin: number;
  /** grossMargin / revenue (null without revenue). */
  marginRate: number | null;
}

export interface ChannelMarginStat {
  costs: FulfilmentCosts;
  byChannel: ChannelMargin[];
}

const money = (value: number) => Math.round(value * 100) / 100;

export async function channelMargins(tx: Tx, window: { from: Date; to: Date }, input: FulfilmentCosts): Promise<ChannelMarginStat> {
  const costs = parseOrThrow(fulfilmentCostsSchema, input, 'fulfilment costs');
  const result = await tx.query<{
    channel: string;
    currency: string;
    orders: number;
    revenue: string;
    cogs: string;
    units: number;
    shipments: number;
    refunds: string;
    returns: number;
  }>(
    `WITH placed AS (SELECT id, channel, currency FROM orders WHERE placed_at >= $1 AND placed_at < $2),
     lines AS (
       SELECT p.channel, p.currency, sum(l.quantity_shipped * coalesce(l.overridden_price, l.unit_price)) AS revenue,
              sum((l.quantity_shipped - l.quantity_returned) * s.unit_cost) AS cogs, sum(l.quantity_shipped)::int AS units
         FROM placed p JOIN order_lines l ON l.order_id = p.id JOIN skus s ON s.id = l.sku_id GROUP BY 1, 2),
     shipped AS (
       SELECT p.channel, p.currency, count(*)::int AS shipments FROM placed p JOIN shipments sh ON sh.order_id = p.id
        WHERE sh.status <> 'cancelled' AND sh.shipped_at IS NOT NULL GROUP BY 1, 2),
     refunded AS (
       SELECT p.channel, p.currency, sum(r.amount) AS refunds FROM placed p JOIN refunds r ON r.order_id = p.id
        WHERE r.status = 'succeeded' GROUP BY 1, 2),
     returned AS (
       SELECT p.channel, p.currency, count(*)::int AS returns FROM placed p JOIN returns rt ON rt.order_id = p.id
        WHERE rt.received_at IS NOT NULL GROUP BY 1, 2),
     counted AS (SELECT channel, currency, count(*)::int AS orders FROM placed GROUP BY 1, 2)
     SELECT c.channel, c.currency, c.orders, coalesce(l.revenue, 0)::text AS revenue, coalesce(l.cogs, 0)::text AS cogs,
            coalesce(l.units, 0) AS units, coalesce(sh.shipments, 0) AS shipments, coalesce(rf.refunds, 0)::text AS refunds,
            coalesce(rt.returns, 0) AS returns
       FROM counted c
       LEFT JOIN lines l USING (channel, currency) LEFT JOIN shipped sh USING (channel, currency)
       LEFT JOIN refunded rf USING (channel, currency) LEFT JOIN returned rt USING (channel, currency)
      ORDER BY c.channel, c.currency`,
    [window.from, window.to],
  );
  const byChannel = result.rows.map((row) => {
    const revenue = Number(row.revenue);
    const refunds = Number(row.refunds);
    const costOfGoods = Number(row.cogs);
    const fulfilmentCost = row.shipments * costs.perShipment + row.units * costs.perUnit;
    const returnCost = row.returns * costs.perReturn;
    const grossMargin = revenue - refunds - costOfGoods - fulfilmentCost - returnCost;
    return {
      channel: row.channel,
      currency: row.currency,
      orders: row.orders,
      revenue: money(revenue),
      refunds: money(refunds),
      costOfGoods: money(costOfGoods),
      fulfilmentCost: money(fulfilmentCost),
      returnCost: money(returnCost),
      grossMargin: money(grossMargin),
      marginRate: revenue > 0 ? Math.round((grossMargin / revenue) * 10_000) / 10_000 : null,
    };
  });
  return { costs, byChannel };
}
