/**
 * Reservations for many order lines at once (set-based order capture, core/orders/capture-orders.ts):
 * the available balances are read and locked in one statement, the caller allocates in memory, and
 * the reservations and balance moves are written in three statements whatever their number. The
 * effect is that of reserveStock once per reservation (non-kit SKUs: one unit of stock per unit).
 */
import type { Tx } from '../db/database.ts';

/** `${skuId}|${locationId}` → available quantity. */
export type AvailableStock = Map<string, number>;

export const stockKey = (skuId: string, locationId: string): string => `${skuId}|${locationId}`;

/**
 * Locks and reads the available balances of these SKUs at these locations, in SKU-id order as
 * reserveStock locks them, so a concurrent reservation waits and then sees what is left.
 */
export async function lockAvailableStock(tx: Tx, skuIds: readonly string[], locationIds: readonly string[]): Promise<AvailableStock> {
  const stock: AvailableStock = new Map();
  if (skuIds.length === 0 || locationIds.length === 0) return stock;
  const result = await tx.query<{ sku_id: string; location_id: string; quantity: number }>(
    `SELECT sku_id, location_id, quantity FROM inventory_balances
      WHERE sku_id = ANY($1::uuid[]) AND location_id = ANY($2::uuid[]) AND status = 'available'
      ORDER BY sku_id, location_id FOR UPDATE`,
    [[...new Set(skuIds)], [...new Set(locationIds)]],
  );
  for (const row of result.rows) stock.set(stockKey(row.sku_id, row.location_id), row.quantity);
  return stock;
}

export interface BulkReservation {
  orderId: string;
  orderLineId: string;
  skuId: string;
  locationId: string;
  quantity: number;
  expiresAt: Date | null;
  at: Date;
}

/**
 * Writes reservations the caller allocated from lockAvailableStock's quantities (it must not reserve
 * more than was available): the reservation rows in order, and each balance moved from available to
 * allocated once with the sum of its reservations (its updated_at the time of the last one).
 */
export async function recordReservations(tx: Tx, reservations: readonly BulkReservation[]): Promise<void> {
  if (reservations.length === 0) return;
  const moves = new Map<string, { sku_id: string; location_id: string; quantity: number; at: Date }>();
  for (const reservation of reservations) {
    const key = stockKey(reservation.skuId, reservation.locationId);
    const move = moves.get(key);
    if (move) {
      move.quantity += reservation.quantity;
      move.at = reservation.at;
    } else
      moves.set(key, {
        sku_id: reservation.skuId,
        location_id: reservation.locationId,
        quantity: reservation.quantity,
        at: reservation.at,
      });
  }
  const moved = JSON.stringify([...moves.values()]);
  await tx.query(
    `UPDATE inventory_balances b SET quantity = b.quantity - m.quantity, updated_at = m.at
       FROM jsonb_to_recordset($1::jsonb) AS m(sku_id uuid, location_id uuid, quantity integer, at timestamptz)
      WHERE b.sku_id = m.sku_id AND b.location_id = m.location_id AND b.status = 'available'`,
    [moved],
  );
  await tx.query(
    `INSERT INTO inventory_balances (tenant_id, sku_id, location_id, status, quantity, updated_at)
     SELECT copilot_tenant_id(), m.sku_id, m.location_id, 'allocated', m.quantity, m.at
       FROM jsonb_to_recordset($1::jsonb) AS m(sku_id uuid, location_id uuid, quantity integer, at timestamptz)
     ON CONFLICT (tenant_id, sku_id, location_id, status)
     DO UPDATE SET quantity = inventory_balances.quantity + EXCLUDED.quantity, updated_at = EXCLUDED.updated_at`,
    [moved],
  );
  await tx.query(
    `INSERT INTO reservations (tenant_id, order_id, order_line_id, sku_id, location_id, quantity, expires_at, created_at)
     SELECT copilot_tenant_id(), r.order_id, r.order_line_id, r.sku_id, r.location_id, r.quantity, r.expires_at, r.at
       FROM jsonb_to_recordset($1::jsonb) AS r(ord integer, order_id uuid, order_line_id uuid, sku_id uuid, location_id uuid,
                                               quantity integer, expires_at timestamptz, at timestamptz)
      ORDER BY r.ord`,
    [
      JSON.stringify(
        reservations.map((reservation, ord) => ({
          ord,
          order_id: reservation.orderId,
          order_line_id: reservation.orderLineId,
          sku_id: reservation.skuId,
          location_id: reservation.locationId,
          quantity: reservation.quantity,
          expires_at: reservation.expiresAt,
          at: reservation.at,
        })),
      ),
    ],
  );
}
