/** Cancelling an order: reservations go back to stock, open quantities are cancelled, holds close. */
import { z } from 'zod';
import type { Tx } from '../db/database.ts';
import { resolveContext, type ChangeContext } from '../domain/change-context.ts';
import { PreconditionFailedError, parseOrThrow } from '../errors.ts';
import { activeReservationGroups, releaseReservedStock } from '../inventory/reservations.ts';
import { recordOrderEvent } from './order-events.ts';
import { requireOrder, type OrderRecord } from './order-record.ts';
import { allocateBackorders } from './progress-order.ts';
import { transitionOrder } from './transition-order.ts';

export const cancelOrderInputSchema = z.object({
  order: z.string().min(1),
  reason: z.string().trim().min(1).max(2000),
});
export type CancelOrderInput = z.input<typeof cancelOrderInputSchema>;

export async function cancelOrder(tx: Tx, input: CancelOrderInput, context?: ChangeContext): Promise<OrderRecord> {
  const request = parseOrThrow(cancelOrderInputSchema, input, 'order cancellation');
  const { actor, at } = resolveContext(context);
  const order = await requireOrder(tx, request.order, { lock: true });
  if (['shipped', 'invoiced', 'closed', 'cancelled'].includes(order.status)) {
    throw new PreconditionFailedError(`order ${order.number} is ${order.status} and cannot be cancelled`, {
      order: order.number,
      status: order.status,
    });
  }
  const freedSkus = new Set<string>();
  for (const group of await activeReservationGroups(tx, order.id)) {
    await releaseReservedStock(tx, group, 'order cancelled', context);
    const skus = await tx.query<{ sku_id: string }>('SELECT DISTINCT sku_id FROM reservations WHERE order_line_id = $1', [
      group.orderLineId,
    ]);
    for (const row of skus.rows) freedSkus.add(row.sku_id);
  }
  await tx.query(
    `UPDATE order_lines SET quantity_cancelled = quantity_ordered - quantity_shipped, quantity_backordered = 0, updated_at = $2 WHERE order_id = $1`,
    [order.id, at],
  );
  await tx.query(
    `UPDATE order_holds SET released_by = $2, released_at = $3, release_note = 'order cancelled' WHERE order_id = $1 AND released_at IS NULL`,
    [order.id, actor, at],
  );
  await recordOrderEvent(tx, { orderId: order.id, type: 'order_cancelled', data: { reason: request.reason } }, context);
  // A partly shipped order whose remainder is cancelled is complete: it shipped what it will ship.
  const target = order.status === 'partially_shipped' ? 'shipped' : 'cancelled';
  const cancelled = await transitionOrder(tx, order, target, context, { cancelReason: request.reason, data: { reason: request.reason } });
  await allocateBackorders(tx, { skuIds: [...freedSkus] }, context);
  return cancelled;
}
