/**
 * Account-level credit holds (rb-credit-hold): the account is flagged and every unshipped order of it
 * gets a CREDIT-HOLD order hold, so nothing releases; releasing the account lifts those holds again.
 */
import { z } from 'zod';
import type { Tx } from '../db/database.ts';
import { resolveContext, type ChangeContext } from '../domain/change-context.ts';
import { PreconditionFailedError, parseOrThrow } from '../errors.ts';
import { addOrderHold, removeOrderHold } from '../orders/order-holds.ts';
import { requireOrder } from '../orders/order-record.ts';
import { progressOrder } from '../orders/progress-order.ts';
import { CUSTOMER_COLUMNS, requireCustomer, type Customer } from './customers.ts';

export const applyCreditHoldInputSchema = z.object({
  customer: z.string().min(1),
  reason: z.string().trim().min(1).max(2000),
});
export type ApplyCreditHoldInput = z.input<typeof applyCreditHoldInputSchema>;

export const releaseCreditHoldInputSchema = z.object({
  customer: z.string().min(1),
  note: z.string().trim().min(1).max(2000),
});
export type ReleaseCreditHoldInput = z.input<typeof releaseCreditHoldInputSchema>;

export interface CreditHoldResult {
  customer: Customer;
  /** Orders held (apply) or released from the credit hold (release). */
  orders: string[];
}

// Orders that have not left the building; shipped ones are receivables, not releases to stop.
const HOLDABLE = ['captured', 'validated', 'backordered', 'reserved', 'released', 'on_hold'];

export async function applyCreditHold(tx: Tx, input: ApplyCreditHoldInput, context?: ChangeContext): Promise<CreditHoldResult> {
  const request = parseOrThrow(applyCreditHoldInputSchema, input, 'credit hold');
  const { actor, at } = resolveContext(context);
  const customer = await requireCustomer(tx, request.customer);
  if (customer.creditStatus === 'on_hold') {
    throw new PreconditionFailedError(`account ${customer.code} is already on credit hold`, {
      customer: customer.code,
      since: customer.creditHoldAt,
    });
  }
  const updated = await tx.query<Customer>(
    `UPDATE customers SET credit_status = 'on_hold', credit_hold_reason = $2, credit_hold_at = $3, credit_hold_by = $4, updated_at = $3
      WHERE id = $1 RETURNING ${CUSTOMER_COLUMNS}`,
    [customer.id, request.reason, at, actor],
  );
  const open = await tx.query<{ id: string }>(
    `SELECT o.id FROM orders o WHERE o.customer_id = $1 AND o.status = ANY($2::text[])
        AND NOT EXISTS (SELECT 1 FROM order_holds h WHERE h.order_id = o.id AND h.reason_code = 'CREDIT-HOLD' AND h.released_at IS NULL)
      ORDER BY o.placed_at`,
    [customer.id, HOLDABLE],
  );
  const orders: string[] = [];
  for (const row of open.rows) {
    const order = await requireOrder(tx, row.id, { lock: true });
    await addOrderHold(tx, order, 'CREDIT-HOLD', `account on credit hold: ${request.reason}`, context);
    orders.push(order.number);
  }
  return { customer: updated.rows[0]!, orders };
}

export async function releaseCreditHold(tx: Tx, input: ReleaseCreditHoldInput, context?: ChangeContext): Promise<CreditHoldResult> {
  const request = parseOrThrow(releaseCreditHoldInputSchema, input, 'credit hold release');
  const { at } = resolveContext(context);
  const customer = await requireCustomer(tx, request.customer);
  if (customer.creditStatus !== 'on_hold') {
    throw new PreconditionFailedError(`account ${customer.code} is not on credit hold`, { customer: customer.code });
  }
  const updated = await tx.query<Customer>(
    `UPDATE customers SET credit_status = 'ok', credit_hold_reason = NULL, credit_hold_at = NULL, credit_hold_by = NULL, updated_at = $2
      WHERE id = $1 RETURNING ${CUSTOMER_COLUMNS}`,
    [customer.id, at],
  );
  const held = await tx.query<{ id: string }>(
    `SELECT DISTINCT o.id, o.placed_at FROM orders o JOIN order_holds h ON h.order_id = o.id
      WHERE o.customer_id = $1 AND h.reason_code = 'CREDIT-HOLD' AND h.released_at IS NULL ORDER BY o.placed_at`,
    [customer.id],
  );
  const orders: string[] = [];
  for (const row of held.rows) {
    const order = await requireOrder(tx, row.id, { lock: true });
    const after = await removeOrderHold(tx, order, 'CREDIT-HOLD', `account credit hold released: ${request.note}`, context);
    if (after.status !== 'on_hold') await progressOrder(tx, after.id, context);
    orders.push(order.number);
  }
  return { customer: updated.rows[0]!, orders };
}
