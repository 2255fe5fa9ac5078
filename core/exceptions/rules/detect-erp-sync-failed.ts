/**
 * erp_sync_failed: the order's last push to the ERP failed (orders.erp_sync_status = failed).
 * Evidence carries the normalised error code (sop-erp-sync-error-catalogue), whether it is
 * retryable, and how many attempts failed since the last success. Clears when a sync succeeds
 * (or the order no longer needs one).
 */
import type { Severity } from '../exception-types.ts';
import { hoursBetween, inScope, scopeIds, scopedPlan, scopeIsEmpty, type ExceptionRule } from './rule.ts';

/** Retryable as-is per the catalogue; anything else needs a data fix first (ERP-409: never retry). */
export const RETRYABLE_ERP_CODES = new Set(['ERP-423', 'ERP-429', 'ERP-500', 'ERP-503']);
/** rb-erp-sync-failed: more than 50 failing documents is systemic (P1). */
export const SYSTEMIC_FAILURE_COUNT = 50;

interface ErpRow {
  order_id: string;
  order_number: string;
  status: string;
  erp_last_error: string | null;
  erp_last_error_message: string | null;
  customer_id: string | null;
  customer_code: string | null;
  failed_attempts: number;
  first_failed_at: Date | null;
  last_attempt_at: Date | null;
  last_document: string | null;
  last_retryable: boolean | null;
  failing_orders: number;
}

function severityFor(row: ErpRow, retryable: boolean): Severity {
  if (row.failing_orders > SYSTEMIC_FAILURE_COUNT) return 'critical';
  if (!retryable || row.failed_attempts >= 3) return 'high';
  return 'medium';
}

export const erpSyncFailedRule: ExceptionRule<'erp_sync_failed'> = {
  type: 'erp_sync_failed',
  scopeColumns: ['order_id'],
  triggers: ['erp.sync_failed', 'erp.sync_succeeded'],
  async detect(tx, context) {
    if (scopeIsEmpty(context, ['orderIds'])) return [];
    const result = await tx.query<ErpRow>(
      `SELECT o.id AS order_id, o.number AS order_number, o.status, o.erp_last_error, o.erp_last_error_message,
              o.customer_id, c.code AS customer_code,
              coalesce(f.failed_attempts, 0) AS failed_attempts, f.first_failed_at, f.last_attempt_at,
              f.last_document, f.last_retryable,
              (SELECT count(*)::int FROM orders x WHERE x.erp_sync_status = 'failed') AS failing_orders
         FROM orders o
         LEFT JOIN customers c ON c.id = o.customer_id
         LEFT JOIN LATERAL (
           SELECT count(*)::int AS failed_attempts, min(a.attempted_at) AS first_failed_at, max(a.attempted_at) AS last_attempt_at,
                  (array_agg(a.document ORDER BY a.attempted_at DESC))[1] AS last_document,
                  (array_agg(a.retryable ORDER BY a.attempted_at DESC))[1] AS last_retryable
             FROM erp_sync_attempts a
            WHERE a.order_id = o.id AND a.outcome = 'failed'
              AND a.attempted_at > coalesce((SELECT max(s.attempted_at) FROM erp_sync_attempts s
                                              WHERE s.order_id = o.id AND s.outcome = 'succeeded'), '-infinity')
         ) f ON true
        WHERE o.erp_sync_status = 'failed' AND ${inScope(context, 1, 'o.id = ANY($1::uuid[])')}`,
      [scopeIds(context, 'orderIds')],
      scopedPlan(context),
    );
    return result.rows.map((row) => {
      const code = row.erp_last_error ?? 'unknown';
      const retryable = row.last_retryable ?? RETRYABLE_ERP_CODES.has(code);
      const attempts = Math.max(row.failed_attempts, 1);
      return {
        dedupeKey: `erp_sync_failed:${row.order_id}`,
        severity: severityFor(row, retryable),
        title: `Order ${row.order_number}: ERP sync failing with ${code}${attempts > 1 ? ` (${attempts} failed attempts)` : ''}`,
        refs: { orderId: row.order_id, customerId: row.customer_id },
        codes: { orderNumber: row.order_number, ...(row.customer_code ? { customerCode: row.customer_code } : {}) },
        evidence: {
          errorCode: code,
          errorMessage: row.erp_last_error_message,
          retryable,
          neverRetry: code === 'ERP-409',
          document: row.last_document ?? 'order',
          failedAttempts: attempts,
          firstFailedAt: row.first_failed_at?.toISOString() ?? null,
          lastAttemptAt: row.last_attempt_at?.toISOString() ?? null,
          hoursFailing: row.first_failed_at ? hoursBetween(row.first_failed_at, context.now) : null,
          failingOrdersInTenant: row.failing_orders,
          orderStatus: row.status,
        },
        resolveBy: null,
      };
    });
  },
};
