/**
 * Releasing a reservation (sop-reservation-expiry-release): the stock returns to available-to-sell,
 * the order line becomes backordered, and an allocation run offers the stock to backordered orders.
 */
import { z } from 'zod';
import type { Tx } from '../db/database.ts';
import { resolveContext, type ChangeContext } from '../domain/change-context.ts';
import { PreconditionFailedError, parseOrThrow } from '../errors.ts';
import { releaseReservedStock, requireReservation } from '../inventory/reservations.ts';
import { recordOrderEvent } from './order-events.ts';
import { requireOrder, type OrderRecord } from './order-record.ts';
import { effectiveStatus } from './order-status.ts';
import { allocateBackorders, demoteAfterReservationLoss } from './progress-order.ts';

export const releaseReservationInputSchema = z.object({
  reservationId: z.uuid(),
  reason: z.string().trim().min(1).max(2000),
});
export type ReleaseReservationInput = z.input<typeof releaseReservationInputSchema>;

export interface ReleasedReservation {
  order: OrderRecord;
  reservationId: string;
  skuCode: string;
  locationCode: string;
  /** Line units released (kit units for a kit line). */
  quantity: number;
  expired: boolean;
  /** Backordered orders the released stock went to. */
  reallocatedTo: Array<{ orderNumber: string; status: string }>;
}

// Once released to the warehouse the stock is being picked; pulling it needs a recall, not this tool.
const RELEASABLE_FROM = ['captured', 'validated', 'backordered', 'reserved', 'cancelled'];

export async function releaseReservation(tx: Tx, input: ReleaseReservationInput, context?: ChangeContext): Promise<ReleasedReservation> {
  const request = parseOrThrow(releaseReservationInputSchema, input, 'reservation release');
  const { at } = resolveContext(context);
  const reservation = await requireReservation(tx, request.reservationId);
  const order = await requireOrder(tx, reservation.orderId, { lock: true });
  if (reservation.status !== 'active') {
    throw new PreconditionFailedError(`reservation ${reservation.id} is already ${reservation.status}`, {
      reservationId: reservation.id,
      status: reservation.status,
    });
  }
  const status = effectiveStatus(order);
  if (!RELEASABLE_FROM.includes(status)) {
    throw new PreconditionFailedError(
      `order ${order.number} is ${status}: its stock is at the warehouse for picking; recall the release first`,
      {
        order: order.number,
        status,
      },
    );
  }
  const names = await tx.query<{ skuCode: string; locationCode: string; lineSku: string }>(
    `SELECT s.code AS "skuCode", l.code AS "locationCode", ls.code AS "lineSku" FROM reservations r
       JOIN skus s ON s.id = r.sku_id JOIN locations l ON l.id = r.location_id
       JOIN order_lines ol ON ol.id = r.order_line_id JOIN skus ls ON ls.id = ol.sku_id WHERE r.id = $1`,
    [reservation.id],
  );
  const { locationCode, lineSku } = names.rows[0]!;
  const released = await releaseReservedStock(
    tx,
    { orderLineId: reservation.orderLineId, locationId: reservation.locationId },
    request.reason,
    context,
  );
  const expired = reservation.expiresAt !== null && reservation.expiresAt <= at;
  await recordOrderEvent(
    tx,
    {
      orderId: order.id,
      type: 'reservation_released',
      data: { sku: lineSku, location: locationCode, quantity: released.quantity, reason: request.reason, expired },
    },
    context,
  );
  const updated = await demoteAfterReservationLoss(tx, order, context);
  const skuIds = await tx.query<{ sku_id: string }>('SELECT DISTINCT sku_id FROM reservations WHERE id = ANY($1::uuid[])', [
    released.reservationIds,
  ]);
  const reallocatedTo = await allocateBackorders(
    tx,
    { skuIds: skuIds.rows.map((row) => row.sku_id), excludeOrderIds: [order.id] },
    context,
  );
  return {
    order: updated,
    reservationId: reservation.id,
    skuCode: lineSku,
    locationCode,
    quantity: released.quantity,
    expired,
    reallocatedTo,
  };
}
