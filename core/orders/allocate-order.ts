/**
 * Allocation: finds stock for an order's unreserved lines. Prefers one location that can ship a line
 * complete (split shipments cost money and customer contacts), in location priority order, then
 * splits. Whatever cannot be reserved is backordered.
 */
import { listLocations } from '../catalog/locations.ts';
import { stockUnitsOf } from '../catalog/skus.ts';
import type { Tx } from '../db/database.ts';
import { resolveContext, type ChangeContext } from '../domain/change-context.ts';
import { InsufficientStockError } from '../inventory/insufficient-stock-error.ts';
import { reserveStock } from '../inventory/reserve-stock.ts';
import { recordOrderEvent } from './order-events.ts';
import { loadOrderLines, openLineQuantity, type OrderRecord } from './order-record.ts';
import { paymentReadiness } from './payment-readiness.ts';

/** Payment-pending reservations expire after 72 hours (sop-reservation-expiry-release). */
export const PAYMENT_PENDING_RESERVATION_HOURS = 72;

export interface AllocationResult {
  reserved: Array<{ lineNumber: number; locationCode: string; quantity: number }>;
  /** Units per line still without stock after this run. */
  backordered: Array<{ lineNumber: number; skuCode: string; quantity: number }>;
  fullyReserved: boolean;
}

export async function allocateOrder(tx: Tx, order: OrderRecord, context?: ChangeContext): Promise<AllocationResult> {
  const { at } = resolveContext(context);
  const locations = (await listLocations(tx)).filter((location) => location.active && location.fulfillsOrders);
  const payment = await paymentReadiness(tx, order);
  const expiresAt = payment.ready ? undefined : new Date(at.getTime() + PAYMENT_PENDING_RESERVATION_HOURS * 3_600_000);
  const result: AllocationResult = { reserved: [], backordered: [], fullyReserved: true };
  for (const line of await loadOrderLines(tx, order.id)) {
    let open = openLineQuantity(line);
    if (open <= 0) continue;
    const units = await stockUnitsOf(tx, { id: line.skuId, code: line.skuCode, isKit: line.isKit });
    const possible = new Map<string, number>();
    for (const location of locations) possible.set(location.id, await reservableUnits(tx, units, location.id));
    const complete = locations.find((location) => (possible.get(location.id) ?? 0) >= open);
    const candidates = complete ? [complete] : locations;
    for (const location of candidates) {
      const quantity = Math.min(open, possible.get(location.id) ?? 0);
      if (quantity <= 0) continue;
      try {
        await reserveStock(tx, { orderLineId: line.id, location: location.id, quantity, expiresAt }, context);
      } catch (error) {
        // Another transaction took the stock between our read and our lock: try the next location.
        if (error instanceof InsufficientStockError) continue;
        throw error;
      }
      await recordOrderEvent(
        tx,
        {
          orderId: order.id,
          type: 'line_reserved',
          data: {
            lineNumber: line.lineNumber,
            sku: line.skuCode,
            location: location.code,
            quantity,
            expiresAt: expiresAt?.toISOString() ?? null,
          },
        },
        context,
      );
      result.reserved.push({ lineNumber: line.lineNumber, locationCode: location.code, quantity });
      open -= quantity;
      if (open === 0) break;
    }
    if (open > 0) {
      result.fullyReserved = false;
      result.backordered.push({ lineNumber: line.lineNumber, skuCode: line.skuCode, quantity: open });
    }
  }
  await refreshBackorderedQuantities(tx, order, context);
  return result;
}

async function reservableUnits(tx: Tx, units: Array<{ skuId: string; quantity: number }>, locationId: string): Promise<number> {
  let possible = Number.POSITIVE_INFINITY;
  for (const unit of units) {
    const balance = await tx.query<{ quantity: number }>(
      `SELECT quantity FROM inventory_balances WHERE sku_id = $1 AND location_id = $2 AND status = 'available'`,
      [unit.skuId, locationId],
    );
    possible = Math.min(possible, Math.floor(Math.max(balance.rows[0]?.quantity ?? 0, 0) / unit.quantity));
  }
  return Number.isFinite(possible) ? possible : 0;
}

/**
 * Sets each line's backordered quantity to what is still without stock, and logs lines that became
 * (more) backordered. Called after allocation and after a reservation is lost.
 */
export async function refreshBackorderedQuantities(tx: Tx, order: OrderRecord, context?: ChangeContext): Promise<number> {
  const { at } = resolveContext(context);
  const changed = await tx.query<{ lineNumber: number; before: number; after: number }>(
    `WITH before AS (SELECT id, quantity_backordered FROM order_lines WHERE order_id = $1 FOR UPDATE)
     UPDATE order_lines l SET quantity_backordered = l.quantity_ordered - l.quantity_reserved - l.quantity_shipped - l.quantity_cancelled, updated_at = $2
       FROM before b WHERE l.id = b.id AND l.quantity_backordered <> l.quantity_ordered - l.quantity_reserved - l.quantity_shipped - l.quantity_cancelled
     RETURNING l.line_number AS "lineNumber", b.quantity_backordered AS before, l.quantity_backordered AS after`,
    [order.id, at],
  );
  for (const line of changed.rows.filter((row) => row.after > row.before)) {
    await recordOrderEvent(
      tx,
      { orderId: order.id, type: 'line_backordered', data: { lineNumber: line.lineNumber, quantity: line.after } },
      context,
    );
  }
  const total = await tx.query<{ open: number }>(
    'SELECT coalesce(sum(quantity_backordered), 0)::int AS open FROM order_lines WHERE order_id = $1',
    [order.id],
  );
  return total.rows[0]!.open;
}
