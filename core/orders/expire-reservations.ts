/** The auto-release job: payment-pending reservations past their expiry go back to stock. */
import type { Tx } from '../db/database.ts';
import { resolveContext, type ChangeContext } from '../domain/change-context.ts';
import { releaseReservedStock } from '../inventory/reservations.ts';
import { recordOrderEvent } from './order-events.ts';
import { requireOrder } from './order-record.ts';
import { allocateBackorders, demoteAfterReservationLoss } from './progress-order.ts';

export interface ExpiredReservation {
  orderNumber: string;
  lineNumber: number;
  locationCode: string;
  quantity: number;
  expiredAt: Date;
}

export async function expireReservations(tx: Tx, context?: ChangeContext): Promise<ExpiredReservation[]> {
  const { at } = resolveContext(context);
  const due = await tx.query<{
    orderId: string;
    orderLineId: string;
    locationId: string;
    lineNumber: number;
    locationCode: string;
    expiresAt: Date;
  }>(
    `SELECT r.order_id AS "orderId", r.order_line_id AS "orderLineId", r.location_id AS "locationId", ol.line_number AS "lineNumber",
            l.code AS "locationCode", min(r.expires_at) AS "expiresAt"
       FROM reservations r JOIN order_lines ol ON ol.id = r.order_line_id JOIN locations l ON l.id = r.location_id
      WHERE r.status = 'active' AND r.expires_at <= $1
      GROUP BY r.order_id, r.order_line_id, r.location_id, ol.line_number, l.code
      ORDER BY min(r.expires_at)`,
    [at],
  );
  const expired: ExpiredReservation[] = [];
  const freed = new Set<string>();
  const touchedOrders = new Set<string>();
  for (const group of due.rows) {
    const order = await requireOrder(tx, group.orderId, { lock: true });
    const released = await releaseReservedStock(tx, group, 'expired', context);
    await recordOrderEvent(
      tx,
      {
        orderId: order.id,
        type: 'reservation_expired',
        data: {
          lineNumber: group.lineNumber,
          location: group.locationCode,
          quantity: released.quantity,
          expiresAt: group.expiresAt.toISOString(),
        },
      },
      context,
    );
    const skus = await tx.query<{ sku_id: string }>('SELECT DISTINCT sku_id FROM reservations WHERE id = ANY($1::uuid[])', [
      released.reservationIds,
    ]);
    for (const row of skus.rows) freed.add(row.sku_id);
    touchedOrders.add(order.id);
    expired.push({
      orderNumber: order.number,
      lineNumber: group.lineNumber,
      locationCode: group.locationCode,
      quantity: released.quantity,
      expiredAt: group.expiresAt,
    });
  }
  for (const orderId of touchedOrders) await demoteAfterReservationLoss(tx, await requireOrder(tx, orderId, { lock: true }), context);
  await allocateBackorders(tx, { skuIds: [...freed], excludeOrderIds: [...touchedOrders] }, context);
  return expired;
}
