/** A customer's credit exposure: what they owe plus what they have ordered and not yet been invoiced for. */
import type { Tx } from '../db/database.ts';
import { roundMoney } from '../domain/money.ts';

/**
 * An invoice more than this many days past its due date breaches the account's credit rules
 * (rb-credit-hold: "Oldest invoice past due > 30 days"). The credit_hold rule raises on it, and order
 * validation holds a new order on terms for credit review instead of releasing it to the warehouse.
 */
export const PAST_DUE_HOLD_DAYS = 30;

export interface CreditExposure {
  /** Open orders' value not yet invoiced (orders neither closed nor cancelled). */
  openOrderValue: number;
  openOrderCount: number;
  /** Posted or disputed invoices not yet paid. */
  unpaidInvoiceValue: number;
  unpaidInvoiceCount: number;
  /** Days the oldest unpaid invoice is past its due date (0 when none is overdue). */
  oldestPastDueDays: number;
  total: number;
}

export async function getCreditExposure(tx: Tx, customerId: string, now: Date = new Date()): Promise<CreditExposure> {
  const orders = await tx.query<{ value: number; count: number }>(
    `SELECT coalesce(sum(greatest(o.total - coalesce(i.invoiced, 0), 0)), 0)::float8 AS value, count(*)::int AS count
       FROM orders o
       LEFT JOIN (SELECT order_id, sum(amount) AS invoiced FROM invoices WHERE status <> 'void' GROUP BY order_id) i ON i.order_id = o.id
      WHERE o.customer_id = $1 AND o.status NOT IN ('closed', 'cancelled', 'invoiced')`,
    [customerId],
  );
  const invoices = await tx.query<{ value: number; count: number; oldest_due: Date | null }>(
    `SELECT coalesce(sum(i.amount - i.amount_paid), 0)::float8 AS value, count(*)::int AS count, min(i.due_at) AS oldest_due
       FROM invoices i JOIN orders o ON o.id = i.order_id
      WHERE o.customer_id = $1 AND i.status IN ('posted', 'disputed') AND i.amount > i.amount_paid`,
    [customerId],
  );
  const order = orders.rows[0]!;
  const invoice = invoices.rows[0]!;
  const oldestDue = invoice.oldest_due;
  const oldestPastDueDays = oldestDue && oldestDue < now ? Math.floor((now.getTime() - oldestDue.getTime()) / 86_400_000) : 0;
  return {
    openOrderValue: roundMoney(order.value),
    openOrderCount: order.count,
    unpaidInvoiceValue: roundMoney(invoice.value),
    unpaidInvoiceCount: invoice.count,
    oldestPastDueDays,
    total: roundMoney(order.value + invoice.value),
  };
}
