/** Payments as the PSP reports them: authorisations, captures (with settlement reference) and PSP-side refunds. */
import { z } from 'zod';
import type { Tx } from '../db/database.ts';
import { resolveContext, type ChangeContext } from '../domain/change-context.ts';
import { roundMoney } from '../domain/money.ts';
import { currencySchema, moneySchema } from '../domain/references.ts';
import { ConflictError, PreconditionFailedError, parseOrThrow } from '../errors.ts';
import { recordOrderEvent } from '../orders/order-events.ts';
import { requireOrder } from '../orders/order-record.ts';
import { progressOrder } from '../orders/progress-order.ts';

export const PAYMENT_METHODS = ['card', 'paypal', 'bank_transfer', 'invoice', 'marketplace', 'gift_card'] as const;

export interface PaymentRecord {
  id: string;
  orderId: string;
  psp: string;
  pspReference: string;
  method: (typeof PAYMENT_METHODS)[number];
  currency: string;
  amountAuthorized: number;
  amountCaptured: number;
  amountRefunded: number;
  status: 'authorized' | 'captured' | 'partially_refunded' | 'refunded' | 'voided' | 'failed';
  settlementReference: string | null;
  authorizedAt: Date | null;
  capturedAt: Date | null;
  settledAt: Date | null;
}

export const PAYMENT_COLUMNS = `id, order_id AS "orderId", psp, psp_reference AS "pspReference", method, currency,
  amount_authorized AS "amountAuthorized", amount_captured AS "amountCaptured", amount_refunded AS "amountRefunded", status,
  settlement_reference AS "settlementReference", authorized_at AS "authorizedAt", captured_at AS "capturedAt", settled_at AS "settledAt"`;

const pspSchema = z.string().regex(/^[a-z0-9_]{2,32}$/, 'PSP name, e.g. stripe, adyen, paypal');

export const authorizePaymentInputSchema = z.object({
  order: z.string().min(1),
  psp: pspSchema,
  pspReference: z.string().min(1).max(200),
  amount: moneySchema,
  currency: currencySchema.optional(),
  method: z.enum(PAYMENT_METHODS).default('card'),
});
export type AuthorizePaymentInput = z.input<typeof authorizePaymentInputSchema>;

export async function authorizePayment(tx: Tx, input: AuthorizePaymentInput, context?: ChangeContext): Promise<PaymentRecord> {
  const request = parseOrThrow(authorizePaymentInputSchema, input, 'payment authorization');
  const { at } = resolveContext(context);
  const order = await requireOrder(tx, request.order, { lock: true });
  const existing = await tx.query('SELECT 1 FROM payments WHERE psp = $1 AND psp_reference = $2', [request.psp, request.pspReference]);
  if (existing.rowCount > 0)
    throw new ConflictError(`payment ${request.psp}/${request.pspReference} is already recorded`, {
      psp: request.psp,
      pspReference: request.pspReference,
    });
  const inserted = await tx.query<PaymentRecord>(
    `INSERT INTO payments (tenant_id, order_id, psp, psp_reference, method, currency, amount_authorized, status, authorized_at, created_at, updated_at)
     VALUES (copilot_tenant_id(), $1, $2, $3, $4, $5, $6, 'authorized', $7, $7, $7) RETURNING ${PAYMENT_COLUMNS}`,
    [order.id, request.psp, request.pspReference, request.method, request.currency ?? order.currency, request.amount, at],
  );
  await recordOrderEvent(
    tx,
    {
      orderId: order.id,
      type: 'payment_authorized',
      data: { psp: request.psp, pspReference: request.pspReference, amount: request.amount },
    },
    context,
  );
  await progressOrder(tx, order.id, context);
  return inserted.rows[0]!;
}

export const capturePaymentInputSchema = z.object({
  order: z.string().min(1),
  psp: pspSchema,
  pspReference: z.string().min(1).max(200),
  amount: moneySchema,
  currency: currencySchema.optional(),
  method: z.enum(PAYMENT_METHODS).default('card'),
  settlementReference: z.string().max(200).optional(),
  settledAt: z.coerce.date().optional(),
});
export type CapturePaymentInput = z.input<typeof capturePaymentInputSchema>;

/** Records a capture as reported. A capture that differs from the order total is kept as-is: that is a payment mismatch to detect, not to hide. */
export async function capturePayment(tx: Tx, input: CapturePaymentInput, context?: ChangeContext): Promise<PaymentRecord> {
  const request = parseOrThrow(capturePaymentInputSchema, input, 'payment capture');
  const { at } = resolveContext(context);
  const order = await requireOrder(tx, request.order, { lock: true });
  const found = await tx.query<PaymentRecord>(`SELECT ${PAYMENT_COLUMNS} FROM payments WHERE psp = $1 AND psp_reference = $2 FOR UPDATE`, [
    request.psp,
    request.pspReference,
  ]);
  let payment = found.rows[0];
  if (payment && payment.orderId !== order.id) {
    throw new ConflictError(`payment ${request.psp}/${request.pspReference} belongs to another order`, {
      psp: request.psp,
      pspReference: request.pspReference,
    });
  }
  if (payment && (payment.status === 'voided' || payment.status === 'failed')) {
    throw new PreconditionFailedError(`payment ${request.psp}/${request.pspReference} is ${payment.status} and cannot be captured`, {
      status: payment.status,
    });
  }
  if (!payment) {
    // Auth and capture in one step (common for wallets and marketplaces): the capture implies the authorisation.
    const inserted = await tx.query<PaymentRecord>(
      `INSERT INTO payments (tenant_id, order_id, psp, psp_reference, method, currency, amount_authorized, status, authorized_at, created_at, updated_at)
       VALUES (copilot_tenant_id(), $1, $2, $3, $4, $5, $6, 'authorized', $7, $7, $7) RETURNING ${PAYMENT_COLUMNS}`,
      [order.id, request.psp, request.pspReference, request.method, request.currency ?? order.currency, request.amount, at],
    );
    payment = inserted.rows[0]!;
  }
  const updated = await tx.query<PaymentRecord>(
    `UPDATE payments SET amount_captured = amount_captured + $2, status = 'captured', captured_at = coalesce(captured_at, $3),
            settlement_reference = coalesce($4, settlement_reference), settled_at = coalesce($5, settled_at), updated_at = $3
      WHERE id = $1 RETURNING ${PAYMENT_COLUMNS}`,
    [payment.id, request.amount, at, request.settlementReference ?? null, request.settledAt ?? null],
  );
  await recordOrderEvent(
    tx,
    {
      orderId: order.id,
      type: 'payment_captured',
      data: {
        psp: request.psp,
        pspReference: request.pspReference,
        amount: request.amount,
        settlementReference: request.settlementReference ?? null,
        orderTotal: order.total,
      },
    },
    context,
  );
  await progressOrder(tx, order.id, context);
  return updated.rows[0]!;
}

/** Applies a refund to a payment row (the one writer of amount_refunded). */
export async function applyRefundToPayment(tx: Tx, paymentId: string, amount: number, at: Date): Promise<PaymentRecord> {
  const updated = await tx.query<PaymentRecord>(
    `UPDATE payments SET amount_refunded = amount_refunded + $2,
            status = CASE WHEN amount_refunded + $2 >= amount_captured THEN 'refunded' ELSE 'partially_refunded' END, updated_at = $3
      WHERE id = $1 RETURNING ${PAYMENT_COLUMNS}`,
    [paymentId, roundMoney(amount), at],
    { prepare: 'everywhere' },
  );
  return updated.rows[0]!;
}

export const recordPspRefundInputSchema = z.object({
  order: z.string().min(1),
  psp: pspSchema,
  pspReference: z.string().min(1).max(200),
  refundReference: z.string().min(1).max(200),
  amount: moneySchema.refine((value) => value > 0, 'must be greater than 0'),
  reason: z.string().max(2000).default('refund reported by PSP'),
});
export type RecordPspRefundInput = z.input<typeof recordPspRefundInputSchema>;

/** A refund the PSP reports. One we issued ourselves (same refund reference) is already recorded and is not applied twice. */
export async function recordPspRefund(
  tx: Tx,
  input: RecordPspRefundInput,
  context?: ChangeContext,
): Promise<{ applied: boolean; payment: PaymentRecord }> {
  const request = parseOrThrow(recordPspRefundInputSchema, input, 'refund');
  const { actor, at } = resolveContext(context);
  const order = await requireOrder(tx, request.order, { lock: true });
  const found = await tx.query<PaymentRecord>(
    `SELECT ${PAYMENT_COLUMNS} FROM payments WHERE psp = $1 AND psp_reference = $2 AND order_id = $3 FOR UPDATE`,
    [request.psp, request.pspReference, order.id],
  );
  const payment = found.rows[0];
  if (!payment)
    throw new PreconditionFailedError(`order ${order.number} has no payment ${request.psp}/${request.pspReference}`, {
      psp: request.psp,
      pspReference: request.pspReference,
    });
  const known = await tx.query('SELECT 1 FROM refunds WHERE payment_id = $1 AND psp_reference = $2', [payment.id, request.refundReference]);
  if (known.rowCount > 0) return { applied: false, payment };
  const refundable = roundMoney(payment.amountCaptured - payment.amountRefunded);
  if (request.amount > refundable + 0.005) {
    throw new PreconditionFailedError(
      `refund ${request.amount.toFixed(2)} exceeds refundable ${refundable.toFixed(2)} on ${request.psp}/${request.pspReference}`,
      { refundable, amount: request.amount },
    );
  }
  await tx.query(
    `INSERT INTO refunds (tenant_id, order_id, payment_id, amount, currency, reason, status, psp_reference, requested_by, created_at)
     VALUES (copilot_tenant_id(), $1, $2, $3, $4, $5, 'succeeded', $6, $7, $8)`,
    [order.id, payment.id, request.amount, payment.currency, request.reason, request.refundReference, actor, at],
  );
  const updated = await applyRefundToPayment(tx, payment.id, request.amount, at);
  await recordOrderEvent(
    tx,
    { orderId: order.id, type: 'refund_issued', data: { amount: request.amount, refundReference: request.refundReference, source: 'psp' } },
    context,
  );
  return { applied: true, payment: updated };
}
