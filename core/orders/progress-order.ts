/**
 * Deterministic order automation: moves an order as far as its state allows, the way an OMS release
 * cycle does. captured → validated (credit and address checks, else a hold) → reserved or backordered
 * (allocation) → released (once payment or account terms allow). Called after every event that can
 * unblock an order; safe to call any time (it stops where a person or an event must act).
 */
import { getCreditExposure, PAST_DUE_HOLD_DAYS } from '../customers/credit-exposure.ts';
import { requireCustomer, shipsOnCredit } from '../customers/customers.ts';
import type { Tx } from '../db/database.ts';
import { resolveContext, type ChangeContext } from '../domain/change-context.ts';
import { allocateOrder, refreshBackorderedQuantities } from './allocate-order.ts';
import { addOrderHold, holdWasReleased, type HoldReasonCode } from './order-holds.ts';
import { requireOrder, type OrderRecord } from './order-record.ts';
import { paymentReadiness } from './payment-readiness.ts';
import { transitionOrder } from './transition-order.ts';

export async function progressOrder(tx: Tx, orderRef: string, context?: ChangeContext): Promise<OrderRecord> {
  let order = await requireOrder(tx, orderRef, { lock: true });
  // Each pass moves one step; a handful covers captured → released.
  for (let step = 0; step < 6; step++) {
    if (order.status === 'captured') {
      const hold = await validationHold(tx, order, context);
      if (hold) return addOrderHold(tx, order, hold.reasonCode, hold.note, context);
      order = await transitionOrder(tx, order, 'validated', context);
    } else if (order.status === 'validated' || order.status === 'backordered') {
      const allocation = await allocateOrder(tx, order, context);
      if (allocation.fullyReserved) {
        order = await transitionOrder(tx, order, 'reserved', context, { data: { reserved: allocation.reserved } });
        continue;
      }
      if (order.status === 'validated') {
        order = await transitionOrder(tx, order, 'backordered', context, { data: { backordered: allocation.backordered } });
      }
      return order;
    } else if (order.status === 'reserved') {
      const payment = await paymentReadiness(tx, order);
      if (!payment.ready) return order;
      // Released to the warehouse: the stock is now committed, payment-pending expiry no longer applies.
      await tx.query(`UPDATE reservations SET expires_at = NULL WHERE order_id = $1 AND status = 'active'`, [order.id]);
      return transitionOrder(tx, order, 'released', context, { data: { payment: payment.reason } });
    } else {
      return order;
    }
  }
  return order;
}

/** The hold validation places on a captured order, if any. A hold a person released is not re-imposed. */
async function validationHold(
  tx: Tx,
  order: OrderRecord,
  context?: ChangeContext,
): Promise<{ reasonCode: HoldReasonCode; note: string } | undefined> {
  const { at } = resolveContext(context);
  const unlessReleased = async (reasonCode: HoldReasonCode, note: string) =>
    (await holdWasReleased(tx, order.id, reasonCode)) ? undefined : { reasonCode, note };
  if (order.customerId) {
    const customer = await requireCustomer(tx, order.customerId);
    if (customer.creditStatus === 'on_hold') {
      const hold = await unlessReleased(
        'CREDIT-HOLD',
        `account ${customer.code} is on credit hold${customer.creditHoldReason ? `: ${customer.creditHoldReason}` : ''}`,
      );
      if (hold) return hold;
    }
    if (customer.creditLimit !== null && shipsOnCredit(customer.paymentTerms)) {
      const exposure = await getCreditExposure(tx, customer.id, at);
      if (exposure.total > customer.creditLimit) {
        const hold = await unlessReleased(
          'CREDIT-REVIEW',
          `exposure ${exposure.total.toFixed(2)} including this order exceeds credit limit ${customer.creditLimit.toFixed(2)}`,
        );
        if (hold) return hold;
      }
      // Goods on terms to an account whose invoice is long overdue wait for a person, as over-limit ones do.
      if (exposure.oldestPastDueDays > PAST_DUE_HOLD_DAYS) {
        const hold = await unlessReleased(
          'CREDIT-REVIEW',
          `oldest unpaid invoice is ${exposure.oldestPastDueDays} days past due (more than ${PAST_DUE_HOLD_DAYS})`,
        );
        if (hold) return hold;
      }
    }
  }
  if (order.addressStatus === 'invalid') return unlessReleased('ADDR-CHECK', order.addressIssue ?? 'shipping address failed validation');
  return undefined;
}

/**
 * After an order lost reserved stock (release, expiry): lines become backordered and a reserved
 * order (or one held from reserved) drops back to backordered.
 */
export async function demoteAfterReservationLoss(tx: Tx, order: OrderRecord, context?: ChangeContext): Promise<OrderRecord> {
  await refreshBackorderedQuantities(tx, order, context);
  if (order.status === 'reserved') return transitionOrder(tx, order, 'backordered', context, { data: { cause: 'reservation released' } });
  if (order.status === 'on_hold' && order.heldFromStatus === 'reserved') {
    await tx.query(`UPDATE orders SET held_from_status = 'backordered' WHERE id = $1`, [order.id]);
    return { ...order, heldFromStatus: 'backordered' };
  }
  return order;
}

/**
 * An allocation run for backordered orders waiting on these SKUs (directly or through a kit), oldest
 * first: what happens after stock arrives or a reservation is released.
 */
export async function allocateBackorders(
  tx: Tx,
  input: { skuIds: string[]; excludeOrderIds?: string[]; limit?: number },
  context?: ChangeContext,
): Promise<Array<{ orderNumber: string; status: string }>> {
  if (input.skuIds.length === 0) return [];
  const waiting = await tx.query<{ id: string }>(
    `SELECT o.id FROM orders o
      WHERE o.status = 'backordered' AND NOT (o.id = ANY($2::uuid[]))
        AND EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id
                     AND l.quantity_ordered - l.quantity_reserved - l.quantity_shipped - l.quantity_cancelled > 0
                     AND (l.sku_id = ANY($1::uuid[]) OR l.sku_id IN (SELECT kit_sku_id FROM kit_components WHERE component_sku_id = ANY($1::uuid[]))))
      ORDER BY o.placed_at, o.number LIMIT $3`,
    [input.skuIds, input.excludeOrderIds ?? [], input.limit ?? 50],
  );
  const progressed: Array<{ orderNumber: string; status: string }> = [];
  for (const row of waiting.rows) {
    const order = await progressOrder(tx, row.id, context);
    progressed.push({ orderNumber: order.number, status: order.status });
  }
  return progressed;
}
