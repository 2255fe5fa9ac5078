/**
 * progressOrder for many orders after a payment event, set-based (core/payments' bulk authorisation
 * and capture): a reserved order whose payment now allows it is released (its reservations stop
 * expiring), exactly as progressOrder's last step; orders in the states progressOrder leaves alone
 * stay. Orders earlier in the cycle (captured, validated, backordered) are not taken: their
 * progress is validation and allocation, which stays on the one-by-one path.
 */
import type { Tx } from '../db/database.ts';
import { resolveContext } from '../domain/change-context.ts';
import { type OrderEventRow, recordOrderEvents } from './order-events.ts';
import type { OrderRecord } from './order-record.ts';
import { assertOrderTransition, type OrderStatus } from './order-status.ts';
import { paymentReadinessOfOrders } from './payment-readiness.ts';

/** Statuses a payment event's progressOrder either releases (reserved) or leaves as they are. */
export const PAYMENT_PROGRESS_STATUSES: ReadonlySet<OrderStatus> = new Set<OrderStatus>([
  'reserved',
  'released',
  'partially_shipped',
  'shipped',
  'invoiced',
  'closed',
  'on_hold',
  'cancelled',
]);

export interface PaidOrder {
  order: Pick<OrderRecord, 'id' | 'status' | 'total' | 'heldFromStatus'>;
  context: OrderEventRow['context'];
  /** The order log rows the payment itself writes, before the status change (one-by-one order). */
  log: OrderEventRow[];
}

/** Each order at most once, each in PAYMENT_PROGRESS_STATUSES. Writes the logs and the releases. */
export async function progressOrdersAfterPayment(tx: Tx, paid: readonly PaidOrder[]): Promise<void> {
  const reserved = paid.filter(({ order }) => order.status === 'reserved').map(({ order }) => order);
  const readiness = await paymentReadinessOfOrders(tx, reserved);
  const released = new Map<string, { at: Date; reason: string }>();
  for (const { order, context } of paid) {
    const ready = readiness.get(order.id);
    if (order.status !== 'reserved' || !ready?.ready) continue;
    assertOrderTransition(order.status, 'released', order.heldFromStatus);
    released.set(order.id, { at: resolveContext(context).at, reason: ready.reason });
  }
  if (released.size > 0) {
    const ids = [...released.keys()];
    // Released to the warehouse: the stock is now committed, payment-pending expiry no longer applies.
    await tx.query(`UPDATE reservations SET expires_at = NULL WHERE order_id = ANY($1::uuid[]) AND status = 'active'`, [ids]);
    await tx.query(
      `UPDATE orders o SET status = 'released', held_from_status = NULL, hold_reason = NULL, status_changed_at = v.at, updated_at = v.at,
              released_at = coalesce(o.released_at, v.at)
         FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, at timestamptz)
        WHERE o.id = v.id`,
      [JSON.stringify(ids.map((id) => ({ id, at: released.get(id)!.at })))],
    );
  }
  const log: OrderEventRow[] = [];
  for (const { order, context, log: before } of paid) {
    log.push(...before);
    const release = released.get(order.id);
    if (release)
      log.push({
        orderId: order.id,
        type: 'status_changed',
        fromStatus: 'reserved',
        toStatus: 'released',
        data: { payment: release.reason },
        context,
      });
  }
  await recordOrderEvents(tx, log);
}
