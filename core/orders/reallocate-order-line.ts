/**
 * Reallocating an order line to another location (sop-order-line-reallocation): the reservation at
 * the current node is released and the quantity reserved at the target, which must have the stock.
 */
import { z } from 'zod';
import { requireLocation } from '../catalog/locations.ts';
import { stockUnitsOf } from '../catalog/skus.ts';
import type { Tx } from '../db/database.ts';
import type { ChangeContext } from '../domain/change-context.ts';
import { PreconditionFailedError, parseOrThrow } from '../errors.ts';
import { readBalances } from '../inventory/move-stock.ts';
import { releaseReservedStock } from '../inventory/reservations.ts';
import { lockOrderLine, reserveStock, unreservedQuantity } from '../inventory/reserve-stock.ts';
import { recordOrderEvent } from './order-events.ts';
import { loadOrderLines, pickLine, requireOrder, type OrderRecord } from './order-record.ts';
import { progressOrder } from './progress-order.ts';
import { refreshBackorderedQuantities } from './allocate-order.ts';

export const REALLOCATION_REASON_CODES = ['RA-SHORT', 'RA-BACKORDER', 'RA-CAPACITY', 'RA-DELAY'] as const;

export const reallocateOrderLineInputSchema = z.object({
  order: z.string().min(1),
  lineNumber: z.number().int().positive(),
  toLocation: z.string().min(1),
  reasonCode: z.enum(REALLOCATION_REASON_CODES),
  note: z.string().max(2000).optional(),
});
export type ReallocateOrderLineInput = z.input<typeof reallocateOrderLineInputSchema>;

export interface Reallocation {
  order: OrderRecord;
  lineNumber: number;
  skuCode: string;
  fromLocations: Array<{ locationCode: string; quantity: number }>;
  toLocation: string;
  quantity: number;
  /** True when other lines of the order are reserved elsewhere: the order now ships in two parcels. */
  splitShipment: boolean;
}

// Picked or packed lines cannot move, and neither can held ones; released-but-unpicked can.
const REALLOCATABLE = ['validated', 'backordered', 'reserved', 'released'];

export async function reallocateOrderLine(tx: Tx, input: ReallocateOrderLineInput, context?: ChangeContext): Promise<Reallocation> {
  const request = parseOrThrow(reallocateOrderLineInputSchema, input, 'reallocation');
  const order = await requireOrder(tx, request.order, { lock: true });
  if (!REALLOCATABLE.includes(order.status)) {
    throw new PreconditionFailedError(
      `order ${order.number} is ${order.status}; only ${REALLOCATABLE.join(', ')} orders can be reallocated`,
      { order: order.number, status: order.status },
    );
  }
  const line = pickLine(await loadOrderLines(tx, order.id), { lineNumber: request.lineNumber });
  if (!line)
    throw new PreconditionFailedError(`order ${order.number} has no line ${request.lineNumber}`, {
      order: order.number,
      lineNumber: request.lineNumber,
    });
  const target = await requireLocation(tx, request.toLocation);
  if (!target.active || !target.fulfillsOrders)
    throw new PreconditionFailedError(`location ${target.code} does not fulfil orders`, { location: target.code });
  const current = await tx.query<{ locationId: string; locationCode: string }>(
    `SELECT DISTINCT r.location_id AS "locationId", l.code AS "locationCode" FROM reservations r JOIN locations l ON l.id = r.location_id
      WHERE r.order_line_id = $1 AND r.status = 'active' AND r.location_id <> $2 ORDER BY 2`,
    [line.id, target.id],
  );
  const locked = await lockOrderLine(tx, line.id);
  const movable = current.rows.length > 0 || unreservedQuantity(locked) > 0;
  if (!movable)
    throw new PreconditionFailedError(`line ${line.lineNumber} has nothing to move: it is already reserved at ${target.code} or shipped`, {
      lineNumber: line.lineNumber,
    });
  // Check the target before releasing anything, so a failed precondition changes nothing.
  const units = await stockUnitsOf(tx, { id: line.skuId, code: line.skuCode, isKit: line.isKit });
  const reservedElsewhere = await tx.query<{ skuId: string; quantity: number }>(
    `SELECT sku_id AS "skuId", sum(quantity)::int AS quantity FROM reservations WHERE order_line_id = $1 AND status = 'active' AND location_id <> $2 GROUP BY sku_id`,
    [line.id, target.id],
  );
  const kitsElsewhere =
    current.rows.length === 0
      ? 0
      : Math.min(
          ...units.map((unit) => Math.floor((reservedElsewhere.rows.find((r) => r.skuId === unit.skuId)?.quantity ?? 0) / unit.quantity)),
        );
  const quantity = kitsElsewhere + unreservedQuantity(locked);
  for (const unit of units) {
    const available = (await readBalances(tx, unit.skuId, target.id)).available;
    if (available < unit.quantity * quantity) {
      throw new PreconditionFailedError(
        `${target.code} has ${available} available of ${unit.skuCode}; moving line ${line.lineNumber} needs ${unit.quantity * quantity}`,
        {
          location: target.code,
          sku: unit.skuCode,
          available,
          needed: unit.quantity * quantity,
        },
      );
    }
  }
  const fromLocations: Reallocation['fromLocations'] = [];
  for (const group of current.rows) {
    const released = await releaseReservedStock(
      tx,
      { orderLineId: line.id, locationId: group.locationId },
      `reallocated to ${target.code} (${request.reasonCode})`,
      context,
    );
    fromLocations.push({ locationCode: group.locationCode, quantity: released.quantity });
  }
  await reserveStock(tx, { orderLineId: line.id, location: target.id, quantity }, context);
  await refreshBackorderedQuantities(tx, order, context);
  const others = await tx.query(
    `SELECT 1 FROM reservations WHERE order_id = $1 AND order_line_id <> $2 AND status = 'active' AND location_id <> $3 LIMIT 1`,
    [order.id, line.id, target.id],
  );
  await recordOrderEvent(
    tx,
    {
      orderId: order.id,
      type: 'line_reallocated',
      data: {
        lineNumber: line.lineNumber,
        sku: line.skuCode,
        from: fromLocations,
        to: target.code,
        quantity,
        reasonCode: request.reasonCode,
        note: request.note ?? null,
      },
    },
    context,
  );
  const updated = order.status === 'released' ? order : await progressOrder(tx, order.id, context);
  return {
    order: updated,
    lineNumber: line.lineNumber,
    skuCode: line.skuCode,
    fromLocations,
    toLocation: target.code,
    quantity,
    splitShipment: others.rowCount > 0,
  };
}
