/**
 * Releasing every active reservation of many orders at once (set-based cancellation,
 * core/orders/cancel-orders.ts): the same rows as releaseReservedStock once per line and location —
 * reservations released, stock back from `allocated` to `available`, the lines' reserved quantities
 * down — in one statement for the whole run. Non-kit lines only (one unit of stock per line unit);
 * the caller leaves orders with reserved kit lines to the one-by-one path.
 */
import type { Tx } from '../db/database.ts';
import { PreconditionFailedError } from '../errors.ts';
import { stockKey } from './reserve-stock-in-bulk.ts';

export interface ActiveReservationOfOrder {
  id: string;
  orderId: string;
  orderLineId: string;
  skuId: string;
  locationId: string;
  quantity: number;
  /** The line's SKU is a kit (its reservations are of the components). */
  lineIsKit: boolean;
  /** Every SKU the line ever reserved (any status): what an allocation run after the release looks at. */
  lineReservedSkuIds: string[];
}

/**
 * Locks and reads the active reservations of these orders and their lines (as releaseReservedStock
 * locks a line, then its reservations), in order, line and location order.
 */
export async function lockActiveReservationsOfOrders(tx: Tx, orderIds: readonly string[]): Promise<ActiveReservationOfOrder[]> {
  if (orderIds.length === 0) return [];
  const result = await tx.query<ActiveReservationOfOrder>(
    `SELECT r.id, r.order_id AS "orderId", r.order_line_id AS "orderLineId", r.sku_id AS "skuId", r.location_id AS "locationId",
            r.quantity, s.is_kit AS "lineIsKit",
            ARRAY(SELECT DISTINCT x.sku_id FROM reservations x WHERE x.order_line_id = r.order_line_id)::text[] AS "lineReservedSkuIds"
       FROM reservations r JOIN order_lines l ON l.id = r.order_line_id JOIN skus s ON s.id = l.sku_id
      WHERE r.order_id = ANY($1::uuid[]) AND r.status = 'active'
      ORDER BY r.order_id, r.order_line_id, r.location_id, r.created_at, r.id
      FOR UPDATE OF r, l`,
    [[...new Set(orderIds)]],
  );
  return result.rows;
}

export interface BulkRelease {
  reservation: Pick<ActiveReservationOfOrder, 'id' | 'orderLineId' | 'skuId' | 'locationId' | 'quantity'>;
  reason: string;
  at: Date;
}

/**
 * Releases these active reservations (non-kit lines), given in the order one-by-one releases would
 * run: each balance moves once by the sum of its reservations, each line's reserved quantity drops
 * once by its released units, and each row's updated_at is the time of the last release touching it.
 * The four writes are one statement (data-modifying CTEs on four different tables). An `allocated`
 * balance missing for a reservation (which one-by-one fails on) fails the statement's caller too.
 */
export async function releaseReservationsInBulk(tx: Tx, releases: readonly BulkRelease[]): Promise<void> {
  if (releases.length === 0) return;
  const moves = new Map<string, { sku_id: string; location_id: string; quantity: number; at: Date }>();
  const lines = new Map<string, { id: string; quantity: number; at: Date }>();
  for (const { reservation, at } of releases) {
    const key = stockKey(reservation.skuId, reservation.locationId);
    const move = moves.get(key) ?? { sku_id: reservation.skuId, location_id: reservation.locationId, quantity: 0, at };
    move.quantity += reservation.quantity;
    move.at = at;
    moves.set(key, move);
    const line = lines.get(reservation.orderLineId) ?? { id: reservation.orderLineId, quantity: 0, at };
    line.quantity += reservation.quantity;
    line.at = at;
    lines.set(reservation.orderLineId, line);
  }
  const counts = await tx.query<{ released: number; unallocated: number; unreserved: number; available: number }>(
    `WITH released AS (
       UPDATE reservations r SET status = 'released', released_at = v.at, release_reason = v.reason
         FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, at timestamptz, reason text)
        WHERE r.id = v.id
       RETURNING r.id),
     moves AS (SELECT * FROM jsonb_to_recordset($2::jsonb) AS m(sku_id uuid, location_id uuid, quantity integer, at timestamptz)),
     unallocated AS (
       UPDATE inventory_balances b SET quantity = b.quantity - m.quantity, updated_at = m.at
         FROM moves m
        WHERE b.sku_id = m.sku_id AND b.location_id = m.location_id AND b.status = 'allocated'
       RETURNING b.sku_id),
     unreserved AS (
       UPDATE order_lines l SET quantity_reserved = l.quantity_reserved - v.quantity, updated_at = v.at
         FROM jsonb_to_recordset($3::jsonb) AS v(id uuid, quantity integer, at timestamptz)
        WHERE l.id = v.id
       RETURNING l.id),
     available AS (
       INSERT INTO inventory_balances (tenant_id, sku_id, location_id, status, quantity, updated_at)
       SELECT copilot_tenant_id(), m.sku_id, m.location_id, 'available', m.quantity, m.at FROM moves m ORDER BY m.sku_id, m.location_id
       ON CONFLICT (tenant_id, sku_id, location_id, status)
       DO UPDATE SET quantity = inventory_balances.quantity + EXCLUDED.quantity, updated_at = EXCLUDED.updated_at
       RETURNING 1)
     SELECT (SELECT count(*) FROM released)::int AS released, (SELECT count(*) FROM unallocated)::int AS unallocated,
            (SELECT count(*) FROM unreserved)::int AS unreserved, (SELECT count(*) FROM available)::int AS available`,
    [
      JSON.stringify(releases.map(({ reservation, at, reason }) => ({ id: reservation.id, at, reason }))),
      JSON.stringify([...moves.values()]),
      JSON.stringify([...lines.values()]),
    ],
  );
  const written = counts.rows[0]!;
  if (written.released !== releases.length || written.unallocated !== moves.size || written.unreserved !== lines.size) {
    throw new PreconditionFailedError('reservations, allocated balances or order lines missing for a bulk release', {
      expected: { releases: releases.length, balances: moves.size, lines: lines.size },
      written,
    });
  }
}
