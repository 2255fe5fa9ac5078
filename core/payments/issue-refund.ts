/** Issuing a refund (pol-refund-approval-matrix): never more than was captured and not yet refunded. */
import { z } from 'zod';
import type { Tx } from '../db/database.ts';
import { resolveContext, type ChangeContext } from '../domain/change-context.ts';
import { roundMoney } from '../domain/money.ts';
import { moneySchema } from '../domain/references.ts';
import { NotFoundError, PreconditionFailedError, parseOrThrow } from '../errors.ts';
import { recordOrderEvent } from '../orders/order-events.ts';
import { requireOrder } from '../orders/order-record.ts';
import { PAYMENT_COLUMNS, applyRefundToPayment, type PaymentRecord } from './payments.ts';

export const issueRefundInputSchema = z.object({
  order: z.string().min(1),
  amount: moneySchema.refine((value) => value > 0, 'must be greater than 0'),
  reason: z.string().trim().min(1).max(2000),
  /** RMA number when the refund is for a return. */
  rma: z.string().min(1).optional(),
});
export type IssueRefundInput = z.input<typeof issueRefundInputSchema>;

export interface IssuedRefund {
  orderNumber: string;
  amount: number;
  refunds: Array<{ id: string; paymentId: string; psp: string; amount: number; pspReference: string }>;
  capturedTotal: number;
  refundedBefore: number;
  refundableAfter: number;
  /** Whether everything captured has now been refunded. */
  fullRefund: boolean;
}

/** Refunds across the order's captured payments, oldest first. */
export async function refundableBalance(
  tx: Tx,
  orderId: string,
): Promise<{ payments: PaymentRecord[]; captured: number; refunded: number; refundable: number }> {
  const result = await tx.query<PaymentRecord>(
    `SELECT ${PAYMENT_COLUMNS} FROM payments WHERE order_id = $1 AND amount_captured > amount_refunded ORDER BY captured_at NULLS LAST, id FOR UPDATE`,
    [orderId],
    { prepare: 'everywhere' },
  );
  const all = await tx.query<{ captured: number; refunded: number }>(
    `SELECT coalesce(sum(amount_captured), 0)::float8 AS captured, coalesce(sum(amount_refunded), 0)::float8 AS refunded FROM payments WHERE order_id = $1`,
    [orderId],
    { prepare: 'everywhere' },
  );
  const { captured, refunded } = all.rows[0]!;
  return {
    payments: result.rows,
    captured: roundMoney(captured),
    refunded: roundMoney(refunded),
    refundable: roundMoney(captured - refunded),
  };
}

/** How far back refunds on an order add up against the refund bands (pol-refund-approval-matrix: rolling 30 days). */
export const REFUND_WINDOW_DAYS = 30;

/**
 * Refunds on the order (pending or succeeded) created in the refund window before `now`: what a new
 * refund adds to, so splitting one refund into several small ones never slips under a band.
 */
export async function refundedInWindow(tx: Tx, orderId: string, now: Date): Promise<number> {
  const since = new Date(now.getTime() - REFUND_WINDOW_DAYS * 86_400_000);
  const result = await tx.query<{ total: number }>(
    `SELECT coalesce(sum(amount), 0)::float8 AS total FROM refunds
      WHERE order_id = $1 AND status <> 'failed' AND created_at > $2`,
    [orderId, since],
  );
  return roundMoney(result.rows[0]!.total);
}

export async function issueRefund(tx: Tx, input: IssueRefundInput, context?: ChangeContext): Promise<IssuedRefund> {
  const request = parseOrThrow(issueRefundInputSchema, input, 'refund');
  const { actor, at } = resolveContext(context);
  const order = await requireOrder(tx, request.order, { lock: true });
  let returnId: string | null = null;
  if (request.rma) {
    const found = await tx.query<{ id: string }>('SELECT id FROM returns WHERE rma_number = $1 AND order_id = $2', [request.rma, order.id]);
    if (!found.rows[0]) throw new NotFoundError('return', request.rma);
    returnId = found.rows[0].id;
  }
  const balance = await refundableBalance(tx, order.id);
  const amount = roundMoney(request.amount);
  if (amount > balance.refundable + 0.005) {
    throw new PreconditionFailedError(
      `refund ${amount.toFixed(2)} exceeds what is refundable on order ${order.number}: captured ${balance.captured.toFixed(2)} − refunded ${balance.refunded.toFixed(2)} = ${balance.refundable.toFixed(2)}`,
      { order: order.number, requested: amount, captured: balance.captured, refunded: balance.refunded, refundable: balance.refundable },
    );
  }
  const counter = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM refunds WHERE order_id = $1', [order.id]);
  let sequence = counter.rows[0]!.n;
  let remaining = amount;
  const refunds: IssuedRefund['refunds'] = [];
  for (const payment of balance.payments) {
    if (remaining <= 0.005) break;
    const take = roundMoney(Math.min(remaining, payment.amountCaptured - payment.amountRefunded));
    sequence += 1;
    const pspReference = `RF-${order.number}-${sequence}`;
    const inserted = await tx.query<{ id: string }>(
      `INSERT INTO refunds (tenant_id, order_id, payment_id, return_id, amount, currency, reason, status, psp_reference, requested_by, created_at)
       VALUES (copilot_tenant_id(), $1, $2, $3, $4, $5, $6, 'succeeded', $7, $8, $9) RETURNING id`,
      [order.id, payment.id, returnId, take, payment.currency, request.reason, pspReference, actor, at],
      { prepare: 'everywhere' },
    );
    await applyRefundToPayment(tx, payment.id, take, at);
    refunds.push({ id: inserted.rows[0]!.id, paymentId: payment.id, psp: payment.psp, amount: take, pspReference });
    remaining = roundMoney(remaining - take);
  }
  const refundableAfter = roundMoney(balance.refundable - amount);
  await recordOrderEvent(
    tx,
    {
      orderId: order.id,
      type: 'refund_issued',
      data: { amount, reason: request.reason, rma: request.rma ?? null, refunds: refunds.map((r) => r.pspReference) },
    },
    context,
  );
  return {
    orderNumber: order.number,
    amount,
    refunds,
    capturedTotal: balance.captured,
    refundedBefore: balance.refunded,
    refundableAfter,
    fullRefund: refundableAfter <= 0.005,
  };
}
