/**
 * credit_hold (rb-credit-hold): a customer on a credit line has orders waiting to be released while
 * the account breaches a credit rule: exposure above the credit limit, an invoice more than 30 days
 * past due, or the account already on credit hold. Exposure follows core/SCHEMA.md (open orders
 * not yet invoiced + unpaid posted/disputed invoices), computed set-based here for the sweep.
 * Clears when payment, cancellation or a limit change brings the account within its rules, the
 * hold is released, or no order is waiting any more.
 */
import type { CreditTrigger } from '../evidence/exception-evidence.ts';
import type { Severity } from '../exception-types.ts';
import { money, inScope, scopeIds, scopedPlan, scopeIsEmpty, type ExceptionRule } from './rule.ts';
import { roundMoney } from '../../domain/money.ts';
import { PAST_DUE_HOLD_DAYS } from '../../customers/credit-exposure.ts';

const LARGE_EXPOSURE = 100_000;

/** Orders still waiting for release: the ones a credit decision blocks. */
const WAITING_STATUSES = ['captured', 'validated', 'reserved', 'backordered', 'on_hold'];

interface CreditRow {
  customer_id: string;
  customer_code: string;
  customer_name: string;
  tier: string;
  payment_terms: string;
  credit_limit: number;
  currency: string;
  credit_status: string;
  credit_hold_reason: string | null;
  open_order_value: number;
  unpaid_invoice_value: number;
  oldest_due_at: Date | null;
  waiting_orders: Array<{ id: string; number: string; total: number; placedAt: string; status: string }>;
}

export const creditHoldRule: ExceptionRule<'credit_hold'> = {
  type: 'credit_hold',
  scopeColumns: ['customer_id'],
  triggers: ['order.created', 'order.cancelled', 'shipment.created', 'invoice.posted', 'invoice.paid', 'customer.upserted'],
  // Consumers have no credit line: skip the exposure query (costly to plan) when no scoped account has one.
  scopedPrecheck: `EXISTS (SELECT 1 FROM customers WHERE id = ANY($3::uuid[]) AND credit_limit IS NOT NULL)`,
  async detect(tx, context) {
    if (scopeIsEmpty(context, ['customerIds'])) return [];
    const result = await tx.query<CreditRow>(
      `SELECT c.id AS customer_id, c.code AS customer_code, c.name AS customer_name, c.tier, c.payment_terms, c.credit_limit, c.currency,
              c.credit_status, c.credit_hold_reason,
              coalesce((SELECT sum(greatest(o.total - coalesce((SELECT sum(i.amount) FROM invoices i WHERE i.order_id = o.id AND i.status <> 'void'), 0), 0))
                          FROM orders o WHERE o.customer_id = c.id AND o.status NOT IN ('closed', 'cancelled', 'invoiced')), 0)::float8 AS open_order_value,
              coalesce((SELECT sum(i.amount - i.amount_paid) FROM invoices i JOIN orders o ON o.id = i.order_id
                         WHERE o.customer_id = c.id AND i.status IN ('posted', 'disputed') AND i.amount > i.amount_paid), 0)::float8 AS unpaid_invoice_value,
              (SELECT min(i.due_at) FROM invoices i JOIN orders o ON o.id = i.order_id
                WHERE o.customer_id = c.id AND i.status IN ('posted', 'disputed') AND i.amount > i.amount_paid) AS oldest_due_at,
              w.waiting_orders
         FROM customers c
         JOIN LATERAL (
           SELECT jsonb_agg(jsonb_build_object('id', o.id, 'number', o.number, 'total', o.total, 'placedAt', o.placed_at, 'status', o.status)
                            ORDER BY o.placed_at DESC, o.number DESC) AS waiting_orders
             FROM orders o WHERE o.customer_id = c.id AND o.status = ANY($2::text[])
         ) w ON w.waiting_orders IS NOT NULL
        WHERE c.credit_limit IS NOT NULL AND ${inScope(context, 1, 'c.id = ANY($1::uuid[])')}`,
      [scopeIds(context, 'customerIds'), WAITING_STATUSES],
      scopedPlan(context),
    );
    const findings = [];
    for (const row of result.rows) {
      const exposure = roundMoney(row.open_order_value + row.unpaid_invoice_value);
      const pastDueDays =
        row.oldest_due_at && row.oldest_due_at < context.now
          ? Math.floor((context.now.getTime() - row.oldest_due_at.getTime()) / 86_400_000)
          : 0;
      const triggers = [
        exposure > row.credit_limit ? 'over_limit' : null,
        pastDueDays > PAST_DUE_HOLD_DAYS ? 'past_due' : null,
        row.credit_status === 'on_hold' ? 'account_on_hold' : null,
      ].filter((trigger): trigger is CreditTrigger => trigger !== null);
      if (triggers.length === 0) continue;
      const newest = row.waiting_orders[0]!;
      const severity: Severity = row.tier === 'key_account' || row.tier === 'strategic' || exposure > LARGE_EXPOSURE ? 'critical' : 'high';
      const headline = triggers.includes('over_limit')
        ? `exposure ${money(exposure, row.currency)} over credit limit ${money(row.credit_limit, row.currency)}`
        : triggers.includes('past_due')
          ? `invoice ${pastDueDays} days past due`
          : `account on credit hold`;
      findings.push({
        dedupeKey: `credit_hold:${row.customer_id}`,
        severity,
        title: `Customer ${row.customer_code} (${row.customer_name}): ${headline}; ${row.waiting_orders.length} order(s) waiting, latest ${newest.number}`,
        refs: { customerId: row.customer_id, orderId: newest.id },
        codes: { customerCode: row.customer_code, orderNumber: newest.number },
        evidence: {
          triggers,
          creditLimit: row.credit_limit,
          exposure,
          openOrderValue: roundMoney(row.open_order_value),
          unpaidInvoiceValue: roundMoney(row.unpaid_invoice_value),
          availableCredit: roundMoney(row.credit_limit - exposure),
          utilisationPercent: row.credit_limit > 0 ? Math.round((exposure / row.credit_limit) * 1000) / 10 : null,
          oldestPastDueDays: pastDueDays,
          creditStatus: row.credit_status,
          creditHoldReason: row.credit_hold_reason,
          tier: row.tier,
          paymentTerms: row.payment_terms,
          waitingOrders: row.waiting_orders.map((order) => ({ number: order.number, total: order.total, status: order.status })),
        },
        resolveBy: null,
      });
    }
    return findings;
  },
};
