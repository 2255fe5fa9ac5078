/** The hold operations people and tools use (the automation uses order-holds.ts directly). */
import { z } from 'zod';
import type { Tx } from '../db/database.ts';
import type { ChangeContext } from '../domain/change-context.ts';
import { PreconditionFailedError, parseOrThrow } from '../errors.ts';
import { HOLD_REASON_CODES, addOrderHold, listOrderHolds, removeOrderHold, type OrderHold } from './order-holds.ts';
import { requireOrder, type OrderRecord } from './order-record.ts';
import { progressOrder } from './progress-order.ts';

export const placeOrderHoldInputSchema = z.object({
  order: z.string().min(1),
  reasonCode: z.enum(HOLD_REASON_CODES),
  note: z.string().trim().min(1).max(2000),
});
export type PlaceOrderHoldInput = z.input<typeof placeOrderHoldInputSchema>;

export const releaseOrderHoldInputSchema = z.object({
  order: z.string().min(1),
  reasonCode: z.enum(HOLD_REASON_CODES),
  note: z.string().trim().min(1).max(2000),
});
export type ReleaseOrderHoldInput = z.input<typeof releaseOrderHoldInputSchema>;

export interface HoldResult {
  order: OrderRecord;
  activeHolds: OrderHold[];
}

const UNHOLDABLE = ['shipped', 'invoiced', 'closed', 'cancelled'];

export async function placeOrderHold(tx: Tx, input: PlaceOrderHoldInput, context?: ChangeContext): Promise<HoldResult> {
  const request = parseOrThrow(placeOrderHoldInputSchema, input, 'order hold');
  const order = await requireOrder(tx, request.order, { lock: true });
  if (UNHOLDABLE.includes(order.status)) {
    throw new PreconditionFailedError(`order ${order.number} is ${order.status}; a hold can no longer stop it`, {
      order: order.number,
      status: order.status,
    });
  }
  const updated = await addOrderHold(tx, order, request.reasonCode, request.note, context);
  return { order: updated, activeHolds: await listOrderHolds(tx, order.id, { activeOnly: true }) };
}

/** Releases one hold; if none remain the order returns to where it was and the automation continues it. */
export async function releaseOrderHold(tx: Tx, input: ReleaseOrderHoldInput, context?: ChangeContext): Promise<HoldResult> {
  const request = parseOrThrow(releaseOrderHoldInputSchema, input, 'hold release');
  const order = await requireOrder(tx, request.order, { lock: true });
  let updated = await removeOrderHold(tx, order, request.reasonCode, request.note, context);
  if (updated.status !== 'on_hold') updated = await progressOrder(tx, updated.id, context);
  return { order: updated, activeHolds: await listOrderHolds(tx, order.id, { activeOnly: true }) };
}
