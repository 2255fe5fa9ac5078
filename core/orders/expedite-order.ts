/**
 * Expediting an order that will probably ship late: the warehouse picks it in the next wave (priority)
 * and, where a faster carrier service saves the hours it will lose, ships it with that service. The
 * order records what was asked; the WMS hears it through the action outbox like every executed action.
 */
import { z } from 'zod';
import type { Tx } from '../db/database.ts';
import { resolveContext, type ChangeContext } from '../domain/change-context.ts';
import { roundMoney } from '../domain/money.ts';
import { PreconditionFailedError, parseOrThrow } from '../errors.ts';
import { recordOrderEvent } from './order-events.ts';
import { loadOrderLines, requireOrder } from './order-record.ts';

const carrierText = z.string().trim().min(1).max(64);

export const expediteOrderInputSchema = z.object({
  order: z.string().min(1),
  carrier: carrierText.optional(),
  serviceLevel: carrierText.optional(),
  /** What the faster service costs over the usual one (money, two decimals), when known. */
  upgradeCost: z.number().min(0).max(10_000_000).optional(),
  reason: z.string().trim().min(1).max(500),
});
export type ExpediteOrderInput = z.input<typeof expediteOrderInputSchema>;

export interface OrderExpedite {
  orderNumber: string;
  orderStatus: string;
  priority: 'expedite';
  previousCarrier: string | null;
  previousServiceLevel: string | null;
  carrier: string | null;
  serviceLevel: string | null;
  upgradeCost: number | null;
  expeditedAt: Date;
}

/** Orders the warehouse can still speed up: in stock (reserved) or already released to it. */
const EXPEDITABLE = ['validated', 'reserved', 'released', 'partially_shipped'];

export async function expediteOrder(tx: Tx, input: ExpediteOrderInput, context?: ChangeContext): Promise<OrderExpedite> {
  const request = parseOrThrow(expediteOrderInputSchema, input, 'expedite request');
  const { actor, at } = resolveContext(context);
  const order = await requireOrder(tx, request.order, { lock: true });
  if (!EXPEDITABLE.includes(order.status)) {
    throw new PreconditionFailedError(
      order.status === 'on_hold' || order.status === 'backordered'
        ? `order ${order.number} is ${order.status}: expediting cannot ship it until the ${order.status === 'on_hold' ? 'hold is released' : 'stock arrives'}`
        : `order ${order.number} is ${order.status}; only an order still to ship can be expedited`,
      { order: order.number, status: order.status },
    );
  }
  if ((await loadOrderLines(tx, order.id)).some((line) => line.quantityBackordered > 0)) {
    throw new PreconditionFailedError(`order ${order.number} has backordered units: expediting cannot ship what is not in stock`, {
      order: order.number,
    });
  }
  const current = await tx.query<{
    fulfilment_priority: string;
    requested_carrier: string | null;
    requested_service_level: string | null;
  }>('SELECT fulfilment_priority, requested_carrier, requested_service_level FROM orders WHERE id = $1', [order.id]);
  const before = current.rows[0]!;
  const carrier = request.carrier ?? before.requested_carrier;
  const serviceLevel = request.serviceLevel ?? before.requested_service_level;
  if (
    before.fulfilment_priority === 'expedite' &&
    carrier === before.requested_carrier &&
    serviceLevel === before.requested_service_level
  ) {
    throw new PreconditionFailedError(
      `order ${order.number} is already expedited${serviceLevel ? ` (${carrier ?? ''} ${serviceLevel})`.trimEnd() : ''}`,
      {
        order: order.number,
      },
    );
  }
  const upgradeCost = request.upgradeCost === undefined ? null : roundMoney(request.upgradeCost);
  await tx.query(
    `UPDATE orders SET fulfilment_priority = 'expedite', requested_carrier = $2, requested_service_level = $3, expedite_cost = $4,
            expedited_at = $5, expedited_by = $6, updated_at = $5
      WHERE id = $1`,
    [order.id, carrier, serviceLevel, upgradeCost, at, actor],
  );
  await recordOrderEvent(
    tx,
    {
      orderId: order.id,
      type: 'order_expedited',
      data: {
        carrier,
        serviceLevel,
        upgradeCost,
        reason: request.reason,
        previousCarrier: before.requested_carrier,
        previousServiceLevel: before.requested_service_level,
      },
    },
    context,
  );
  return {
    orderNumber: order.number,
    orderStatus: order.status,
    priority: 'expedite',
    previousCarrier: before.requested_carrier,
    previousServiceLevel: before.requested_service_level,
    carrier,
    serviceLevel,
    upgradeCost,
    expeditedAt: at,
  };
}
