/**
 * Order holds. An order may carry several; it is on_hold while any is active and returns to the
 * status it was held from when the last one is released. orders.hold_reason shows the oldest.
 */
import type { Tx } from '../db/database.ts';
import { resolveContext, type ChangeContext } from '../domain/change-context.ts';
import { PreconditionFailedError } from '../errors.ts';
import { recordOrderEvent } from './order-events.ts';
import type { OrderRecord } from './order-record.ts';
import { transitionOrder } from './transition-order.ts';

/**
 * Hold reason codes from sop-order-hold-management (plus the system's CREDIT-HOLD and STOCK-CHECK),
 * each with what it means: the one list the code, the tools' descriptions and the schema's check
 * (core/migrations/0003, compared by order-holds.test.ts) follow.
 */
export const HOLD_REASONS = {
  'PAY-MISMATCH': 'payment does not match the order',
  'INV-MISMATCH': 'invoice mismatch',
  'DUP-CHECK': 'suspected duplicate order',
  'ADDR-CHECK': 'address failed validation',
  'FRAUD-REVIEW': 'fraud screening',
  'CREDIT-REVIEW': 'single-order credit concern',
  'CREDIT-HOLD': 'account on credit hold',
  'ERP-PENDING': 'must sync to the ERP before shipping',
  'CUSTOMER-REQ': 'customer asked to delay',
  'QA-HOLD': 'product quality or recall',
  'STOCK-CHECK': 'stock in doubt',
} as const;
export type HoldReasonCode = keyof typeof HOLD_REASONS;
export const HOLD_REASON_CODES = Object.keys(HOLD_REASONS) as [HoldReasonCode, ...HoldReasonCode[]];

export interface OrderHold {
  id: string;
  reasonCode: HoldReasonCode;
  note: string | null;
  placedBy: string;
  placedAt: Date;
  releasedBy: string | null;
  releasedAt: Date | null;
  releaseNote: string | null;
}

export const HOLD_COLUMNS = `id, reason_code AS "reasonCode", note, placed_by AS "placedBy", placed_at AS "placedAt",
  released_by AS "releasedBy", released_at AS "releasedAt", release_note AS "releaseNote"`;

export async function listOrderHolds(tx: Tx, orderId: string, options: { activeOnly?: boolean } = {}): Promise<OrderHold[]> {
  const result = await tx.query<OrderHold>(
    `SELECT ${HOLD_COLUMNS} FROM order_holds WHERE order_id = $1 ${options.activeOnly ? 'AND released_at IS NULL' : ''} ORDER BY placed_at, id`,
    [orderId],
    { prepare: 'everywhere' },
  );
  return result.rows;
}

/** Whether a person already released a hold of this reason on the order (automation must not re-impose it). */
export async function holdWasReleased(tx: Tx, orderId: string, reasonCode: HoldReasonCode): Promise<boolean> {
  const result = await tx.query('SELECT 1 FROM order_holds WHERE order_id = $1 AND reason_code = $2 AND released_at IS NOT NULL LIMIT 1', [
    orderId,
    reasonCode,
  ]);
  return result.rowCount > 0;
}

/** Adds a hold to a locked order, moving it to on_hold unless it is already held. */
export async function addOrderHold(
  tx: Tx,
  order: OrderRecord,
  reasonCode: HoldReasonCode,
  note: string | null,
  context?: ChangeContext,
): Promise<OrderRecord> {
  const { actor, at } = resolveContext(context);
  const active = await listOrderHolds(tx, order.id, { activeOnly: true });
  if (active.some((hold) => hold.reasonCode === reasonCode)) {
    throw new PreconditionFailedError(`order ${order.number} already has an active ${reasonCode} hold`, {
      order: order.number,
      reasonCode,
    });
  }
  await tx.query(
    `INSERT INTO order_holds (tenant_id, order_id, reason_code, note, placed_by, placed_at) VALUES (copilot_tenant_id(), $1, $2, $3, $4, $5)`,
    [order.id, reasonCode, note, actor, at],
    { prepare: 'everywhere' },
  );
  await recordOrderEvent(tx, { orderId: order.id, type: 'hold_placed', data: { reasonCode, note } }, context);
  if (order.status === 'on_hold') return order;
  return transitionOrder(tx, order, 'on_hold', context, { holdReason: reasonCode, data: { reasonCode } });
}

/** Releases one active hold; when it was the last, the order returns to the status it was held from. */
export async function removeOrderHold(
  tx: Tx,
  order: OrderRecord,
  reasonCode: HoldReasonCode,
  note: string | null,
  context?: ChangeContext,
): Promise<OrderRecord> {
  const { actor, at } = resolveContext(context);
  const released = await tx.query(
    `UPDATE order_holds SET released_by = $3, released_at = $4, release_note = $5 WHERE order_id = $1 AND reason_code = $2 AND released_at IS NULL`,
    [order.id, reasonCode, actor, at, note],
  );
  if (released.rowCount === 0) {
    throw new PreconditionFailedError(`order ${order.number} has no active ${reasonCode} hold`, { order: order.number, reasonCode });
  }
  await recordOrderEvent(tx, { orderId: order.id, type: 'hold_released', data: { reasonCode, note } }, context);
  const remaining = await listOrderHolds(tx, order.id, { activeOnly: true });
  if (remaining.length > 0) {
    await tx.query('UPDATE orders SET hold_reason = $2, updated_at = $3 WHERE id = $1', [order.id, remaining[0]!.reasonCode, at]);
    return { ...order, holdReason: remaining[0]!.reasonCode };
  }
  if (order.status !== 'on_hold' || !order.heldFromStatus) return order;
  return transitionOrder(tx, order, order.heldFromStatus, context, { data: { reasonCode } });
}
