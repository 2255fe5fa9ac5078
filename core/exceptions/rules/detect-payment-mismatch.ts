/**
 * payment_mismatch: what the PSP captured for an order does not match what the order is worth,
 * beyond the $0.05 rounding tolerance of rb-payment-mismatch.
 *  - over-capture: captured minus corrective refunds exceeds the total (double capture, wrong
 *    amount). Refunds tied to a return are legitimate and do not count as corrections.
 *  - under-capture: captured below the total, or a shipped order with an authorisation never captured.
 *  - cancelled order still holding captured money.
 * On-account orders (payment method `invoice`) are settled through invoices and are not checked here.
 * Clears when a refund or an additional capture brings the amounts within tolerance.
 */
import type { PaymentMismatchKind } from '../evidence/exception-evidence.ts';
import type { Severity } from '../exception-types.ts';
import { money, inScope, scopeIds, scopedPlan, scopeIsEmpty, type ExceptionFinding, type ExceptionRule } from './rule.ts';
import { roundMoney } from '../../domain/money.ts';

export const PAYMENT_TOLERANCE = 0.05;

interface PaymentRow {
  order_id: string;
  order_number: string;
  order_status: string;
  total: number;
  currency: string;
  customer_id: string | null;
  customer_code: string | null;
  authorized: number;
  captured: number;
  refunded: number;
  return_refunds: number;
  capture_count: number;
  payments: Array<{ psp: string; reference: string; status: string; captured: number; refunded: number }>;
}

const SHIPPED_OR_LATER = ['shipped', 'invoiced', 'closed'];

function severityFor(kind: string, difference: number, captureCount: number): Severity {
  if (kind === 'over_capture' && difference > 500) return 'critical';
  if (Math.abs(difference) > 50 || captureCount > 1) return 'high';
  return 'medium';
}

export const paymentMismatchRule: ExceptionRule<'payment_mismatch'> = {
  type: 'payment_mismatch',
  scopeColumns: ['order_id'],
  triggers: ['payment.authorized', 'payment.captured', 'payment.refunded', 'order.cancelled', 'shipment.created'],
  // On-account orders have no PSP payments: skip the aggregate query when none of the scoped orders has one.
  scopedPrecheck: `EXISTS (SELECT 1 FROM payments WHERE order_id = ANY($1::uuid[]) AND method <> 'invoice')`,
  async detect(tx, context) {
    if (scopeIsEmpty(context, ['orderIds'])) return [];
    const result = await tx.query<PaymentRow>(
      `SELECT o.id AS order_id, o.number AS order_number, o.status AS order_status, o.total, o.currency, o.customer_id, c.code AS customer_code,
              sum(p.amount_authorized)::float8 AS authorized, sum(p.amount_captured)::float8 AS captured,
              sum(p.amount_refunded)::float8 AS refunded,
              coalesce((SELECT sum(r.amount) FROM refunds r WHERE r.order_id = o.id AND r.return_id IS NOT NULL AND r.status = 'succeeded'), 0)::float8 AS return_refunds,
              count(*) FILTER (WHERE p.amount_captured > 0)::int AS capture_count,
              jsonb_agg(jsonb_build_object('psp', p.psp, 'reference', p.psp_reference, 'status', p.status,
                        'captured', p.amount_captured, 'refunded', p.amount_refunded) ORDER BY p.created_at) AS payments
         FROM orders o
         JOIN payments p ON p.order_id = o.id AND p.method <> 'invoice' AND p.status NOT IN ('voided', 'failed')
                        -- The scope on the payments side too: their index by order, not a scan of every payment.
                        AND ${inScope(context, 1, 'p.order_id = ANY($1::uuid[])')}
         LEFT JOIN customers c ON c.id = o.customer_id
        WHERE ${inScope(context, 1, 'o.id = ANY($1::uuid[])')}
        GROUP BY o.id, c.code`,
      [scopeIds(context, 'orderIds')],
      scopedPlan(context),
    );
    const findings: ExceptionFinding<'payment_mismatch'>[] = [];
    for (const row of result.rows) {
      const correctiveRefunds = roundMoney(Math.max(row.refunded - row.return_refunds, 0));
      const cancelled = row.order_status === 'cancelled';
      const expected = cancelled ? 0 : row.total;
      const kept = roundMoney(cancelled ? row.captured - row.refunded : row.captured - correctiveRefunds);
      let kind: PaymentMismatchKind | null = null;
      let difference = 0;
      if (kept - expected > PAYMENT_TOLERANCE) {
        kind = cancelled ? 'captured_on_cancelled_order' : 'over_capture';
        difference = roundMoney(kept - expected);
      } else if (!cancelled && row.captured > 0 && expected - row.captured > PAYMENT_TOLERANCE) {
        kind = 'under_capture';
        difference = roundMoney(row.captured - expected);
      } else if (!cancelled && row.captured === 0 && SHIPPED_OR_LATER.includes(row.order_status) && row.authorized > 0) {
        kind = 'authorized_not_captured';
        difference = roundMoney(-expected);
      }
      if (!kind) continue;
      const severityKind = kind === 'captured_on_cancelled_order' ? 'over_capture' : kind;
      const description =
        kind === 'over_capture' && row.capture_count > 1
          ? `${row.capture_count} captures totalling ${money(row.captured, row.currency)} against total ${money(row.total, row.currency)}`
          : kind === 'captured_on_cancelled_order'
            ? `cancelled but ${money(kept, row.currency)} captured and not refunded`
            : kind === 'authorized_not_captured'
              ? `shipped, ${money(row.authorized, row.currency)} authorised but nothing captured`
              : `captured ${money(kept, row.currency)} against total ${money(row.total, row.currency)}`;
      findings.push({
        dedupeKey: `payment_mismatch:${row.order_id}`,
        severity: severityFor(severityKind, difference, row.capture_count),
        title: `Order ${row.order_number}: ${description}`,
        refs: { orderId: row.order_id, customerId: row.customer_id },
        codes: { orderNumber: row.order_number, ...(row.customer_code ? { customerCode: row.customer_code } : {}) },
        evidence: {
          kind,
          orderTotal: row.total,
          orderStatus: row.order_status,
          authorized: roundMoney(row.authorized),
          captured: roundMoney(row.captured),
          refunded: roundMoney(row.refunded),
          returnRefunds: roundMoney(row.return_refunds),
          netCaptured: kept,
          expected,
          difference,
          tolerance: PAYMENT_TOLERANCE,
          captureCount: row.capture_count,
          payments: row.payments,
        },
        resolveBy: null,
      });
    }
    return findings;
  },
};
