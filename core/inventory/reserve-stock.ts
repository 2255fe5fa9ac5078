/**
 * Reserving stock for an order line: the only path that moves stock from `available` to `allocated`.
 * Safe under concurrency on real PostgreSQL: the order line and then each balance row are locked
 * (FOR UPDATE, balances in SKU-id order so two kits sharing components cannot deadlock) before the
 * quantity is checked, so two transactions racing for the last unit serialise and the second sees 0.
 */
import { z } from 'zod';
import { requireLocation } from '../catalog/locations.ts';
import { stockUnitsOf } from '../catalog/skus.ts';
import type { Tx } from '../db/database.ts';
import { resolveContext, type ChangeContext } from '../domain/change-context.ts';
import { NotFoundError, PreconditionFailedError, parseOrThrow } from '../errors.ts';
import { changeBalance } from './move-stock.ts';
import { InsufficientStockError } from './insufficient-stock-error.ts';

export const reserveStockInputSchema = z.object({
  orderLineId: z.uuid(),
  /** Location code or id. */
  location: z.string().min(1),
  /** In the line's unit (kits: kit units). */
  quantity: z.number().int().positive(),
  expiresAt: z.date().optional(),
});
export type ReserveStockInput = z.input<typeof reserveStockInputSchema>;

export interface ReservationRecord {
  id: string;
  orderId: string;
  orderLineId: string;
  skuId: string;
  locationId: string;
  quantity: number;
  status: 'active' | 'released' | 'consumed';
  expiresAt: Date | null;
}

export interface LockedOrderLine {
  id: string;
  orderId: string;
  lineNumber: number;
  skuId: string;
  skuCode: string;
  isKit: boolean;
  quantityOrdered: number;
  quantityReserved: number;
  quantityShipped: number;
  quantityCancelled: number;
  quantityBackordered: number;
}

/** Locks an order line row for the rest of the transaction (serialises reservations of one line). */
export async function lockOrderLine(tx: Tx, orderLineId: string): Promise<LockedOrderLine> {
  const result = await tx.query<LockedOrderLine>(
    `SELECT l.id, l.order_id AS "orderId", l.line_number AS "lineNumber", l.sku_id AS "skuId", s.code AS "skuCode", s.is_kit AS "isKit",
            l.quantity_ordered AS "quantityOrdered", l.quantity_reserved AS "quantityReserved", l.quantity_shipped AS "quantityShipped",
            l.quantity_cancelled AS "quantityCancelled", l.quantity_backordered AS "quantityBackordered"
       FROM order_lines l JOIN skus s ON s.id = l.sku_id WHERE l.id = $1 FOR UPDATE OF l`,
    [orderLineId],
    { prepare: 'everywhere' },
  );
  const line = result.rows[0];
  if (!line) throw new NotFoundError('order line', orderLineId);
  return line;
}

export const unreservedQuantity = (line: LockedOrderLine): number =>
  line.quantityOrdered - line.quantityReserved - line.quantityShipped - line.quantityCancelled;

export async function reserveStock(tx: Tx, input: ReserveStockInput, context?: ChangeContext): Promise<ReservationRecord[]> {
  const request = parseOrThrow(reserveStockInputSchema, input, 'reservation');
  const { at } = resolveContext(context);
  const line = await lockOrderLine(tx, request.orderLineId);
  const open = unreservedQuantity(line);
  if (request.quantity > open) {
    throw new PreconditionFailedError(
      `order line ${line.lineNumber} (${line.skuCode}) has only ${open} unit(s) left to reserve, asked for ${request.quantity}`,
      {
        orderLineId: line.id,
        requested: request.quantity,
        unreserved: open,
      },
    );
  }
  const location = await requireLocation(tx, request.location);
  if (!location.active || !location.fulfillsOrders) {
    throw new PreconditionFailedError(`location ${location.code} does not fulfil orders`, { location: location.code });
  }
  const units = await stockUnitsOf(tx, { id: line.skuId, code: line.skuCode, isKit: line.isKit });
  // Lock and check every component before changing any, so a kit reserves all or nothing.
  for (const unit of units) {
    const need = unit.quantity * request.quantity;
    const balance = await tx.query<{ quantity: number }>(
      `SELECT quantity FROM inventory_balances WHERE sku_id = $1 AND location_id = $2 AND status = 'available' FOR UPDATE`,
      [unit.skuId, location.id],
    );
    const have = balance.rows[0]?.quantity ?? 0;
    if (have < need)
      throw new InsufficientStockError({ skuCode: unit.skuCode, locationCode: location.code, requested: need, available: have });
  }
  const reservations: ReservationRecord[] = [];
  for (const unit of units) {
    const need = unit.quantity * request.quantity;
    await changeBalance(tx, unit.skuId, location.id, 'available', -need, at);
    await changeBalance(tx, unit.skuId, location.id, 'allocated', need, at);
    const inserted = await tx.query<ReservationRecord>(
      `INSERT INTO reservations (tenant_id, order_id, order_line_id, sku_id, location_id, quantity, expires_at, created_at)
       VALUES (copilot_tenant_id(), $1, $2, $3, $4, $5, $6, $7)
       RETURNING id, order_id AS "orderId", order_line_id AS "orderLineId", sku_id AS "skuId", location_id AS "locationId", quantity, status, expires_at AS "expiresAt"`,
      [line.orderId, line.id, unit.skuId, location.id, need, request.expiresAt ?? null, at],
      { prepare: 'everywhere' },
    );
    reservations.push(inserted.rows[0]!);
  }
  await tx.query(
    `UPDATE order_lines SET quantity_reserved = quantity_reserved + $2,
            quantity_backordered = greatest(quantity_backordered - $2, 0), updated_at = $3
      WHERE id = $1`,
    [line.id, request.quantity, at],
  );
  return reservations;
}
