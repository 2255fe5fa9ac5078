/**
 * The timeline facts of orders placed in a window, for predicting late shipments: when each order was
 * captured, released and shipped against its ship-by date, from which location and carrier, and the
 * spans it spent on hold or backordered. One row per order; the order tables stay this module's own.
 */
import { z } from 'zod';
import type { Tx } from '../db/database.ts';
import { parseOrThrow } from '../errors.ts';

export const orderFlowQuerySchema = z
  .object({ from: z.date(), to: z.date(), limit: z.number().int().min(1).max(200_000).default(50_000) })
  .refine((window) => window.from < window.to, { message: 'from must be before to', path: ['from'] });
export type OrderFlowQuery = z.input<typeof orderFlowQuerySchema>;

export interface OrderFlow {
  orderId: string;
  number: string;
  channel: string;
  status: string;
  placedAt: Date;
  releasedAt: Date | null;
  shippedAt: Date | null;
  cancelledAt: Date | null;
  promisedAt: Date | null;
  locationId: string | null;
  locationCode: string | null;
  carrier: string | null;
  holds: Array<{ from: Date; to: Date | null }>;
  backorderedAt: Date | null;
  reservedAt: Date | null;
}

interface FlowRow {
  id: string;
  number: string;
  channel: string;
  status: string;
  placed_at: Date;
  released_at: Date | null;
  shipped_at: Date | null;
  cancelled_at: Date | null;
  promised_date: Date | null;
  reserved_at: Date | null;
  location_id: string | null;
  location_code: string | null;
  carrier: string | null;
  holds: Array<{ from: string; to: string | null }> | null;
  backordered_at: Date | null;
}

export async function readOrderFlows(tx: Tx, input: OrderFlowQuery): Promise<OrderFlow[]> {
  const query = parseOrThrow(orderFlowQuerySchema, input, 'order flow query');
  const result = await tx.query<FlowRow>(
    `SELECT o.id, o.number, o.channel, o.status, o.placed_at, o.released_at, o.shipped_at, o.cancelled_at, o.promised_date, o.reserved_at,
            loc.location_id, loc.code AS location_code, sh.carrier,
            (SELECT jsonb_agg(jsonb_build_object('from', h.placed_at, 'to', h.released_at) ORDER BY h.placed_at)
               FROM order_holds h WHERE h.order_id = o.id) AS holds,
            (SELECT min(e.occurred_at) FROM order_events e WHERE e.order_id = o.id AND e.type = 'line_backordered') AS backordered_at
       FROM orders o
       LEFT JOIN LATERAL (
         SELECT r.location_id, l.code FROM reservations r JOIN locations l ON l.id = r.location_id
          WHERE r.order_id = o.id ORDER BY r.created_at LIMIT 1) loc ON true
       LEFT JOIN LATERAL (SELECT s.carrier FROM shipments s WHERE s.order_id = o.id ORDER BY s.shipped_at NULLS LAST LIMIT 1) sh ON true
      WHERE o.placed_at >= $1 AND o.placed_at < $2
      ORDER BY o.placed_at
      LIMIT $3`,
    [query.from, query.to, query.limit],
  );
  return result.rows.map((row) => ({
    orderId: row.id,
    number: row.number,
    channel: row.channel,
    status: row.status,
    placedAt: row.placed_at,
    releasedAt: row.released_at,
    shippedAt: row.shipped_at,
    cancelledAt: row.cancelled_at,
    promisedAt: row.promised_date,
    locationId: row.location_id,
    locationCode: row.location_code,
    carrier: row.carrier,
    holds: (row.holds ?? []).map((hold) => ({ from: new Date(hold.from), to: hold.to ? new Date(hold.to) : null })),
    backorderedAt: row.backordered_at,
    reservedAt: row.reserved_at,
  }));
}
