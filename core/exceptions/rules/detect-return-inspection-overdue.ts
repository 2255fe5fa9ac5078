/**
 * return_inspection_overdue (rb-return-inspection-overdue): a return was received but units still
 * wait for a disposition more than 3 business days later (tenant local business hours). The
 * customer's refund usually waits on it, and must be paid within 14 calendar days of receipt,
 * which caps the resolve clock. Clears when every received line has a disposition, or the return
 * is closed or cancelled.
 */
import { businessDaysBetween } from '../business-hours.ts';
import type { Severity } from '../exception-types.ts';
import { daysBetween, inScope, scopeIds, scopedPlan, scopeIsEmpty, type ExceptionFinding, type ExceptionRule } from './rule.ts';

export const INSPECTION_BUSINESS_DAYS = 3;
const REFUND_DEADLINE_DAYS = 14;
const ESCALATION_BUSINESS_DAYS = 10;

interface ReturnRow {
  return_id: string;
  rma_number: string;
  status: string;
  received_at: Date;
  reason: string | null;
  location_id: string;
  location_code: string;
  order_id: string;
  order_number: string;
  customer_id: string | null;
  customer_code: string | null;
  pending_lines: Array<{ sku: string; quantityReceived: number; grade: string | null }>;
}

export const returnInspectionOverdueRule: ExceptionRule<'return_inspection_overdue'> = {
  type: 'return_inspection_overdue',
  scopeColumns: ['order_id'],
  triggers: ['return.received', 'return.inspected', 'order.cancelled'],
  async detect(tx, context) {
    if (scopeIsEmpty(context, ['orderIds'])) return [];
    // Prefilter on calendar days (3 business days are at least 3 calendar days); the exact
    // business-day count is computed below in the tenant's time zone.
    const result = await tx.query<ReturnRow>(
      `SELECT r.id AS return_id, r.rma_number, r.status, r.received_at, r.reason, r.location_id, l.code AS location_code,
              o.id AS order_id, o.number AS order_number, o.customer_id, c.code AS customer_code,
              p.pending_lines
         FROM returns r
         JOIN orders o ON o.id = r.order_id
         JOIN locations l ON l.id = r.location_id
         LEFT JOIN customers c ON c.id = o.customer_id
         JOIN LATERAL (
           SELECT jsonb_agg(jsonb_build_object('sku', s.code, 'quantityReceived', rl.quantity_received, 'grade', rl.grade) ORDER BY s.code) AS pending_lines
             FROM return_lines rl JOIN skus s ON s.id = rl.sku_id
            WHERE rl.return_id = r.id AND rl.quantity_received > 0 AND rl.disposition IS NULL
         ) p ON p.pending_lines IS NOT NULL
        WHERE r.status IN ('received', 'inspected') AND r.received_at IS NOT NULL
          AND r.received_at <= $2::timestamptz - interval '3 days'
          AND ${inScope(context, 1, 'r.order_id = ANY($1::uuid[])')}`,
      [scopeIds(context, 'orderIds'), context.now],
      scopedPlan(context),
    );
    const findings: ExceptionFinding<'return_inspection_overdue'>[] = [];
    for (const row of result.rows) {
      const businessDays = businessDaysBetween(row.received_at, context.now, context.calendar);
      if (businessDays < INSPECTION_BUSINESS_DAYS) continue;
      const calendarDays = daysBetween(row.received_at, context.now);
      const refundDueBy = new Date(row.received_at.getTime() + REFUND_DEADLINE_DAYS * 86_400_000);
      const severity: Severity =
        businessDays > ESCALATION_BUSINESS_DAYS ? 'critical' : calendarDays >= REFUND_DEADLINE_DAYS - 4 ? 'high' : 'medium';
      findings.push({
        dedupeKey: `return_inspection_overdue:${row.return_id}`,
        severity,
        title: `Return ${row.rma_number} (order ${row.order_number}) at ${row.location_code}: received ${businessDays} business days ago, not dispositioned`,
        refs: { orderId: row.order_id, returnId: row.return_id, locationId: row.location_id, customerId: row.customer_id },
        codes: {
          orderNumber: row.order_number,
          rmaNumber: row.rma_number,
          locationCode: row.location_code,
          ...(row.customer_code ? { customerCode: row.customer_code } : {}),
        },
        evidence: {
          returnStatus: row.status,
          reason: row.reason,
          receivedAt: row.received_at.toISOString(),
          businessDaysSinceReceipt: businessDays,
          calendarDaysSinceReceipt: calendarDays,
          inspectionTargetBusinessDays: INSPECTION_BUSINESS_DAYS,
          refundDueBy: refundDueBy.toISOString(),
          pendingLines: row.pending_lines,
        },
        resolveBy: refundDueBy,
      });
    }
    return findings;
  },
};
