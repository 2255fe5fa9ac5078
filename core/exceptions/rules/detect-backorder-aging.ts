/**
 * backorder_aging (rb-backorder-aging): a backordered line of an open order is 7+ calendar days
 * old without a confirmed ship date, or the date last communicated to the customer has passed.
 * Bands set the severity: 7–13 days medium (amber), 14–29 high (red), 30+ critical (consent needed).
 * Clears when the line is reserved or cancelled, the order is cancelled, or a notice with a new date
 * still in the future is sent.
 */
import type { BackorderBand } from '../evidence/exception-evidence.ts';
import type { Severity } from '../exception-types.ts';
import { daysBetween, inScopeWhenFlagged, scopedPlan, scopeIsEmpty, type ExceptionFinding, type ExceptionRule } from './rule.ts';

export const BACKORDER_AGING_DAYS = 7;

interface BackorderRow {
  order_id: string;
  order_number: string;
  order_line_id: string;
  line_number: number;
  channel: string;
  placed_at: Date;
  quantity_backordered: number;
  quantity_ordered: number;
  sku_id: string;
  sku_code: string;
  customer_id: string | null;
  customer_code: string | null;
  last_notice_at: Date | null;
  last_promised_date: Date | null;
  notices_sent: number;
}

function band(ageDays: number): { name: BackorderBand; severity: Severity } {
  if (ageDays >= 30) return { name: 'critical', severity: 'critical' };
  if (ageDays >= 14) return { name: 'red', severity: 'high' };
  return { name: 'amber', severity: 'medium' };
}

export const backorderAgingRule: ExceptionRule<'backorder_aging'> = {
  type: 'backorder_aging',
  scopeColumns: ['order_id', 'sku_id'],
  triggers: ['inventory.received', 'inventory.adjusted', 'return.inspected', 'order.cancelled'],
  // Most stock movements touch SKUs nobody is waiting for: a plan-cheap probe before the full query.
  scopedPrecheck: `EXISTS (SELECT 1 FROM order_lines WHERE quantity_backordered > 0 AND (order_id = ANY($1::uuid[]) OR sku_id = ANY($2::uuid[])))`,
  async detect(tx, context) {
    if (scopeIsEmpty(context, ['orderIds', 'skuIds'])) return [];
    const scoped = context.scope !== null;
    const result = await tx.query<BackorderRow>(
      `SELECT o.id AS order_id, o.number AS order_number, l.id AS order_line_id, l.line_number, o.channel, o.placed_at,
              l.quantity_backordered, l.quantity_ordered, l.sku_id, s.code AS sku_code, o.customer_id, c.code AS customer_code,
              n.sent_at AS last_notice_at, n.new_promised_date AS last_promised_date,
              (SELECT count(*)::int FROM backorder_notices x WHERE x.order_id = o.id AND (x.order_line_id IS NULL OR x.order_line_id = l.id)) AS notices_sent
         FROM order_lines l
         JOIN orders o ON o.id = l.order_id
         JOIN skus s ON s.id = l.sku_id
         LEFT JOIN customers c ON c.id = o.customer_id
         LEFT JOIN LATERAL (
           SELECT b.sent_at, b.new_promised_date FROM backorder_notices b
            WHERE b.order_id = o.id AND (b.order_line_id IS NULL OR b.order_line_id = l.id)
            ORDER BY b.sent_at DESC LIMIT 1
         ) n ON true
        WHERE l.quantity_backordered > 0
          AND o.status NOT IN ('cancelled', 'closed', 'invoiced', 'shipped')
          AND ${inScopeWhenFlagged(
            context,
            1,
            `l.id = ANY(ARRAY(SELECT id FROM order_lines WHERE order_id = ANY($2::uuid[])
                              UNION SELECT id FROM order_lines WHERE sku_id = ANY($3::uuid[]) AND quantity_backordered > 0))`,
          )}`,
      [scoped, context.scope?.orderIds ?? [], context.scope?.skuIds ?? []],
      scopedPlan(context),
    );
    const findings: ExceptionFinding<'backorder_aging'>[] = [];
    for (const row of result.rows) {
      const ageDays = daysBetween(row.placed_at, context.now);
      const promisedPassed = row.last_promised_date !== null && row.last_promised_date < context.now;
      const confirmedDate = row.last_promised_date !== null && row.last_promised_date >= context.now;
      const aged = ageDays >= BACKORDER_AGING_DAYS && !confirmedDate;
      if (!aged && !promisedPassed) continue;
      const { name, severity } = band(ageDays);
      findings.push({
        dedupeKey: `backorder_aging:${row.order_line_id}`,
        severity,
        title: `Order ${row.order_number} line ${row.line_number} (${row.sku_code}): ${row.quantity_backordered} backordered for ${ageDays} days${promisedPassed ? ', communicated date passed' : ''}`,
        refs: { orderId: row.order_id, skuId: row.sku_id, customerId: row.customer_id },
        codes: { orderNumber: row.order_number, skuCode: row.sku_code, ...(row.customer_code ? { customerCode: row.customer_code } : {}) },
        evidence: {
          orderLineId: row.order_line_id,
          lineNumber: row.line_number,
          quantityBackordered: row.quantity_backordered,
          quantityOrdered: row.quantity_ordered,
          placedAt: row.placed_at.toISOString(),
          ageDays,
          band: name,
          channel: row.channel,
          noticesSent: row.notices_sent,
          lastNoticeAt: row.last_notice_at?.toISOString() ?? null,
          lastPromisedDate: row.last_promised_date?.toISOString() ?? null,
          communicatedDatePassed: promisedPassed,
        },
        resolveBy: null,
      });
    }
    return findings;
  },
};
