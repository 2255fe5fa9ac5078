/**
 * invoice_mismatch (rb-invoice-mismatch): the ERP invoice for an order differs from the order total
 * by more than the lower of $1.00 or 0.5% of the invoice. Void invoices do not count. Clears when
 * the invoice is corrected or voided, or the order is repriced to match. The resolve clock is capped
 * at month-end close (tenant local time).
 */
import type { Severity } from '../exception-types.ts';
import { money, inScope, scopeIds, scopedPlan, scopeIsEmpty, type ExceptionRule } from './rule.ts';
import { roundMoney } from '../../domain/money.ts';

interface InvoiceRow {
  invoice_id: string;
  invoice_number: string;
  amount: number;
  tax_amount: number;
  amount_paid: number;
  invoice_status: string;
  posted_at: Date;
  order_id: string;
  order_number: string;
  order_status: string;
  order_total: number;
  currency: string;
  order_tax: number;
  order_shipping: number;
  order_discount: number;
  customer_id: string | null;
  customer_code: string | null;
}

export const invoiceTolerance = (invoiceAmount: number): number => roundMoney(Math.min(1, Math.abs(invoiceAmount) * 0.005));

/** The last instant of the month containing `now`, in the tenant's zone (month-end close). */
export function endOfMonth(now: Date, timeZone: string): Date {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(now);
  const value = (type: string): number => Number(parts.find((part) => part.type === type)?.value ?? 0);
  // Offset of the zone at `now`, close enough at month-end (DST changes are not on the last day).
  const localAsUtc = Date.UTC(value('year'), value('month') - 1, value('day'), value('hour'), value('minute'));
  const offset = localAsUtc - Math.floor(now.getTime() / 60_000) * 60_000;
  return new Date(Date.UTC(value('year'), value('month'), 1) - offset - 1);
}

function severityFor(row: InvoiceRow, difference: number, now: Date, monthEnd: Date): Severity {
  if (monthEnd.getTime() - now.getTime() <= 2 * 86_400_000) return 'critical';
  if (row.invoice_status === 'paid' && ['shipped', 'invoiced', 'closed'].includes(row.order_status)) return 'low';
  if (Math.abs(difference) > 1000) return 'high';
  return 'medium';
}

export const invoiceMismatchRule: ExceptionRule<'invoice_mismatch'> = {
  type: 'invoice_mismatch',
  scopeColumns: ['order_id'],
  triggers: ['invoice.posted', 'invoice.paid', 'order.cancelled'],
  async detect(tx, context) {
    if (scopeIsEmpty(context, ['orderIds'])) return [];
    const result = await tx.query<InvoiceRow>(
      `SELECT i.id AS invoice_id, i.invoice_number, i.amount, i.tax_amount, i.amount_paid, i.status AS invoice_status, i.posted_at,
              o.id AS order_id, o.number AS order_number, o.status AS order_status, o.total AS order_total, o.currency,
              o.tax_total AS order_tax, o.shipping_total AS order_shipping, o.discount_total AS order_discount,
              o.customer_id, c.code AS customer_code
         FROM invoices i
         JOIN orders o ON o.id = i.order_id
         LEFT JOIN customers c ON c.id = o.customer_id
        WHERE i.status <> 'void' AND abs(i.amount - o.total) > least(1.00, abs(i.amount) * 0.005)
          AND ${inScope(context, 1, 'o.id = ANY($1::uuid[])')}`,
      [scopeIds(context, 'orderIds')],
      scopedPlan(context),
    );
    const monthEnd = endOfMonth(context.now, context.timeZone);
    return result.rows.map((row) => {
      const difference = roundMoney(row.amount - row.order_total);
      return {
        dedupeKey: `invoice_mismatch:${row.invoice_id}`,
        severity: severityFor(row, difference, context.now, monthEnd),
        title: `Invoice ${row.invoice_number} (order ${row.order_number}): ${money(row.amount, row.currency)} vs order total ${money(row.order_total, row.currency)} (${difference > 0 ? '+' : ''}${money(difference, row.currency)})`,
        refs: { orderId: row.order_id, invoiceId: row.invoice_id, customerId: row.customer_id },
        codes: {
          orderNumber: row.order_number,
          invoiceNumber: row.invoice_number,
          ...(row.customer_code ? { customerCode: row.customer_code } : {}),
        },
        evidence: {
          invoiceAmount: row.amount,
          invoiceTax: row.tax_amount,
          invoicePaid: row.amount_paid,
          invoiceStatus: row.invoice_status,
          postedAt: row.posted_at.toISOString(),
          orderTotal: row.order_total,
          orderTax: row.order_tax,
          orderShipping: row.order_shipping,
          orderDiscount: row.order_discount,
          orderStatus: row.order_status,
          difference,
          tolerance: invoiceTolerance(row.amount),
          monthEndClose: monthEnd.toISOString(),
        },
        resolveBy: monthEnd,
      };
    });
  },
};
