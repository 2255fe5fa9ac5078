/**
 * Invoices posted by the ERP against shipped orders, and their payment. An order is closed once it is
 * invoiced and every invoice is paid; a card-paid order's invoice is settled by the captured payment.
 */
import { z } from 'zod';
import { shipsOnCredit, type PaymentTerms } from '../customers/customers.ts';
import type { Tx } from '../db/database.ts';
import { resolveContext, type ChangeContext } from '../domain/change-context.ts';
import { roundMoney } from '../domain/money.ts';
import { currencySchema, moneySchema } from '../domain/references.ts';
import { ConflictError, IllegalTransitionError, NotFoundError, PreconditionFailedError, parseOrThrow } from '../errors.ts';
import { recordOrderEvent } from '../orders/order-events.ts';
import { requireOrder, type OrderRecord } from '../orders/order-record.ts';
import { transitionOrder } from '../orders/transition-order.ts';

export interface InvoiceRecord {
  id: string;
  orderId: string;
  invoiceNumber: string;
  currency: string;
  amount: number;
  taxAmount: number;
  amountPaid: number;
  status: 'posted' | 'paid' | 'disputed' | 'void';
  postedAt: Date;
  dueAt: Date | null;
  paidAt: Date | null;
}

export const INVOICE_COLUMNS = `id, order_id AS "orderId", invoice_number AS "invoiceNumber", currency, amount, tax_amount AS "taxAmount",
  amount_paid AS "amountPaid", status, posted_at AS "postedAt", due_at AS "dueAt", paid_at AS "paidAt"`;

const TERM_DAYS: Record<PaymentTerms, number> = { prepaid: 0, cod: 0, net_15: 15, net_30: 30, net_45: 45, net_60: 60 };

export const postInvoiceInputSchema = z.object({
  invoiceNumber: z.string().min(1).max(100),
  order: z.string().min(1),
  amount: moneySchema,
  taxAmount: moneySchema.default(0),
  currency: currencySchema.optional(),
  dueAt: z.coerce.date().optional(),
});
export type PostInvoiceInput = z.input<typeof postInvoiceInputSchema>;

export async function postInvoice(
  tx: Tx,
  input: PostInvoiceInput,
  context?: ChangeContext,
): Promise<{ invoice: InvoiceRecord; orderStatus: string }> {
  const request = parseOrThrow(postInvoiceInputSchema, input, 'invoice');
  const { at } = resolveContext(context);
  let order = await requireOrder(tx, request.order, { lock: true });
  if (!['shipped', 'partially_shipped', 'invoiced'].includes(order.status)) {
    throw new IllegalTransitionError('order', order.status, 'invoiced', 'the ERP invoiced an order that has not shipped');
  }
  const existing = await tx.query('SELECT 1 FROM invoices WHERE invoice_number = $1', [request.invoiceNumber]);
  if (existing.rowCount > 0)
    throw new ConflictError(`invoice ${request.invoiceNumber} already exists`, { invoiceNumber: request.invoiceNumber });
  const terms = order.customerId
    ? ((await tx.query<{ terms: PaymentTerms }>('SELECT payment_terms AS terms FROM customers WHERE id = $1', [order.customerId])).rows[0]
        ?.terms ?? 'prepaid')
    : 'prepaid';
  const dueAt = request.dueAt ?? new Date(at.getTime() + TERM_DAYS[terms] * 86_400_000);
  const inserted = await tx.query<InvoiceRecord>(
    `INSERT INTO invoices (tenant_id, order_id, invoice_number, currency, amount, tax_amount, status, posted_at, due_at, created_at, updated_at)
     VALUES (copilot_tenant_id(), $1, $2, $3, $4, $5, 'posted', $6, $7, $6, $6) RETURNING ${INVOICE_COLUMNS}`,
    [order.id, request.invoiceNumber, request.currency ?? order.currency, request.amount, request.taxAmount, at, dueAt],
  );
  let invoice = inserted.rows[0]!;
  await recordOrderEvent(
    tx,
    {
      orderId: order.id,
      type: 'invoice_posted',
      data: { invoiceNumber: request.invoiceNumber, amount: request.amount, orderTotal: order.total },
    },
    context,
  );
  if (order.status === 'shipped')
    order = await transitionOrder(tx, order, 'invoiced', context, { data: { invoiceNumber: request.invoiceNumber } });
  if (!shipsOnCredit(terms)) invoice = await settleFromCapturedPayments(tx, order, invoice, at);
  order = await closeIfSettled(tx, order, context);
  return { invoice, orderStatus: order.status };
}

/** Prepaid orders: the captured payment (net of refunds) pays the invoice, as far as it reaches. */
async function settleFromCapturedPayments(tx: Tx, order: OrderRecord, invoice: InvoiceRecord, at: Date): Promise<InvoiceRecord> {
  const funds = await tx.query<{ net: number }>(
    `SELECT coalesce(sum(amount_captured - amount_refunded), 0)::float8 AS net FROM payments WHERE order_id = $1 AND status NOT IN ('voided', 'failed')`,
    [order.id],
  );
  const applied = await tx.query<{ paid: number }>(
    `SELECT coalesce(sum(amount_paid), 0)::float8 AS paid FROM invoices WHERE order_id = $1 AND id <> $2 AND status <> 'void'`,
    [order.id, invoice.id],
  );
  const available = roundMoney(funds.rows[0]!.net - applied.rows[0]!.paid);
  const pay = Math.max(0, Math.min(available, invoice.amount));
  if (pay <= 0) return invoice;
  const updated = await tx.query<InvoiceRecord>(
    `UPDATE invoices SET amount_paid = $2, status = CASE WHEN $2 >= amount - 0.005 THEN 'paid' ELSE status END,
            paid_at = CASE WHEN $2 >= amount - 0.005 THEN $3::timestamptz ELSE paid_at END, updated_at = $3 WHERE id = $1 RETURNING ${INVOICE_COLUMNS}`,
    [invoice.id, roundMoney(pay), at],
  );
  return updated.rows[0]!;
}

async function closeIfSettled(tx: Tx, order: OrderRecord, context?: ChangeContext): Promise<OrderRecord> {
  if (order.status !== 'invoiced') return order;
  const unpaid = await tx.query(`SELECT 1 FROM invoices WHERE order_id = $1 AND status IN ('posted', 'disputed') LIMIT 1`, [order.id]);
  if (unpaid.rowCount > 0) return order;
  return transitionOrder(tx, order, 'closed', context, { data: { cause: 'invoices paid' } });
}

export const payInvoiceInputSchema = z.object({
  invoiceNumber: z.string().min(1).max(100),
  amount: moneySchema.refine((value) => value > 0, 'must be greater than 0'),
});
export type PayInvoiceInput = z.input<typeof payInvoiceInputSchema>;

export async function payInvoice(
  tx: Tx,
  input: PayInvoiceInput,
  context?: ChangeContext,
): Promise<{ invoice: InvoiceRecord; orderStatus: string }> {
  const request = parseOrThrow(payInvoiceInputSchema, input, 'invoice payment');
  const { at } = resolveContext(context);
  const found = await tx.query<InvoiceRecord>(`SELECT ${INVOICE_COLUMNS} FROM invoices WHERE invoice_number = $1`, [request.invoiceNumber]);
  const current = found.rows[0];
  if (!current) throw new NotFoundError('invoice', request.invoiceNumber);
  const order = await requireOrder(tx, current.orderId, { lock: true });
  if (current.status === 'void' || current.status === 'paid')
    throw new PreconditionFailedError(`invoice ${request.invoiceNumber} is ${current.status}`, { status: current.status });
  const updated = await tx.query<InvoiceRecord>(
    `UPDATE invoices SET amount_paid = amount_paid + $2, status = CASE WHEN amount_paid + $2 >= amount - 0.005 THEN 'paid' ELSE status END,
            paid_at = CASE WHEN amount_paid + $2 >= amount - 0.005 THEN $3::timestamptz ELSE paid_at END, updated_at = $3
      WHERE id = $1 RETURNING ${INVOICE_COLUMNS}`,
    [current.id, request.amount, at],
  );
  await recordOrderEvent(
    tx,
    { orderId: order.id, type: 'invoice_paid', data: { invoiceNumber: request.invoiceNumber, amount: request.amount } },
    context,
  );
  const after = await closeIfSettled(tx, order, context);
  return { invoice: updated.rows[0]!, orderStatus: after.status };
}
