/** The one writer of orders.status: checks the transition table and records the change. */
import type { Tx } from '../db/database.ts';
import { resolveContext, type ChangeContext } from '../domain/change-context.ts';
import { recordOrderEvent } from './order-events.ts';
import { ORDER_COLUMNS, type OrderRecord } from './order-record.ts';
import { assertOrderTransition, type OrderStatus } from './order-status.ts';

// Milestone timestamps keep their first value: KPIs measure capture → first release.
const MILESTONE_COLUMN: Partial<Record<OrderStatus, string>> = {
  validated: 'validated_at',
  reserved: 'reserved_at',
  released: 'released_at',
  shipped: 'shipped_at',
  invoiced: 'invoiced_at',
  closed: 'closed_at',
  cancelled: 'cancelled_at',
};

export async function transitionOrder(
  tx: Tx,
  order: OrderRecord,
  to: OrderStatus,
  context?: ChangeContext,
  options: { data?: Record<string, unknown>; holdReason?: string; cancelReason?: string } = {},
): Promise<OrderRecord> {
  assertOrderTransition(order.status, to, order.heldFromStatus);
  const { at } = resolveContext(context);
  const heldFrom = to === 'on_hold' ? order.status : null;
  const holdReason = to === 'on_hold' ? (options.holdReason ?? null) : null;
  const milestone = MILESTONE_COLUMN[to];
  const result = await tx.query<OrderRecord>(
    `UPDATE orders o SET status = $2, held_from_status = $3, hold_reason = $4, status_changed_at = $5, updated_at = $5,
            cancel_reason = coalesce($6, o.cancel_reason)${milestone ? `, ${milestone} = coalesce(o.${milestone}, $5)` : ''}
      WHERE o.id = $1 RETURNING ${ORDER_COLUMNS}`,
    [order.id, to, heldFrom, holdReason, at, options.cancelReason ?? null],
    { prepare: 'everywhere' },
  );
  await recordOrderEvent(
    tx,
    { orderId: order.id, type: 'status_changed', fromStatus: order.status, toStatus: to, data: options.data },
    context,
  );
  return result.rows[0]!;
}
