/** ERP synchronisation state of orders: failures and successes reported by the middleware, and retries. */
import { z } from 'zod';
import type { Tx } from '../db/database.ts';
import { resolveContext, type ChangeContext } from '../domain/change-context.ts';
import { PreconditionFailedError, parseOrThrow } from '../errors.ts';
import { recordOrderEvent } from '../orders/order-events.ts';
import { requireOrder, type OrderRecord } from '../orders/order-record.ts';
import { erpBaseCode, isRetryableErpError, mustNeverRetry } from './erp-errors.ts';

export const ERP_DOCUMENTS = ['order', 'shipment', 'invoice', 'return', 'credit_memo'] as const;
export type ErpDocument = (typeof ERP_DOCUMENTS)[number];

export interface ErpSyncAttempt {
  id: string;
  document: ErpDocument;
  outcome: 'succeeded' | 'failed';
  errorCode: string | null;
  errorMessage: string | null;
  retryable: boolean | null;
  trigger: 'event' | 'retry';
  attemptedBy: string;
  attemptedAt: Date;
}

export const ATTEMPT_COLUMNS = `id, document, outcome, error_code AS "errorCode", error_message AS "errorMessage", retryable, trigger,
  attempted_by AS "attemptedBy", attempted_at AS "attemptedAt"`;

export async function listErpSyncAttempts(tx: Tx, orderId: string): Promise<ErpSyncAttempt[]> {
  return (
    await tx.query<ErpSyncAttempt>(`SELECT ${ATTEMPT_COLUMNS} FROM erp_sync_attempts WHERE order_id = $1 ORDER BY attempted_at, id`, [
      orderId,
    ])
  ).rows;
}

async function recordAttempt(
  tx: Tx,
  order: OrderRecord,
  attempt: {
    document: ErpDocument;
    outcome: 'succeeded' | 'failed';
    errorCode?: string;
    errorMessage?: string;
    trigger: 'event' | 'retry';
  },
  context?: ChangeContext,
): Promise<ErpSyncAttempt> {
  const { actor, at } = resolveContext(context);
  const retryable = attempt.errorCode ? isRetryableErpError(attempt.errorCode) : null;
  const inserted = await tx.query<ErpSyncAttempt>(
    `INSERT INTO erp_sync_attempts (tenant_id, order_id, document, outcome, error_code, error_message, retryable, trigger, attempted_by, attempted_at)
     VALUES (copilot_tenant_id(), $1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${ATTEMPT_COLUMNS}`,
    [
      order.id,
      attempt.document,
      attempt.outcome,
      attempt.errorCode ?? null,
      attempt.errorMessage ?? null,
      retryable,
      attempt.trigger,
      actor,
      at,
    ],
  );
  if (attempt.outcome === 'failed') {
    await tx.query(
      `UPDATE orders SET erp_sync_status = 'failed', erp_last_error = $2, erp_last_error_message = $3, updated_at = $4 WHERE id = $1`,
      [order.id, attempt.errorCode ?? null, attempt.errorMessage ?? null, at],
    );
  }
  return inserted.rows[0]!;
}

export const erpSyncFailedInputSchema = z.object({
  order: z.string().min(1),
  document: z.enum(ERP_DOCUMENTS).default('order'),
  errorCode: z.string().regex(/^ERP-\d{3}(\.[A-Z]+)?$/, 'a middleware code like ERP-422 or ERP-422.TAX'),
  message: z.string().min(1).max(4000),
});
export type ErpSyncFailedInput = z.input<typeof erpSyncFailedInputSchema>;

export async function recordErpSyncFailure(tx: Tx, input: ErpSyncFailedInput, context?: ChangeContext): Promise<ErpSyncAttempt> {
  const request = parseOrThrow(erpSyncFailedInputSchema, input, 'ERP sync failure');
  const order = await requireOrder(tx, request.order, { lock: true });
  const attempt = await recordAttempt(
    tx,
    order,
    { document: request.document, outcome: 'failed', errorCode: request.errorCode, errorMessage: request.message, trigger: 'event' },
    context,
  );
  await recordOrderEvent(
    tx,
    {
      orderId: order.id,
      type: 'erp_sync_failed',
      data: { document: request.document, errorCode: request.errorCode, message: request.message, retryable: attempt.retryable },
    },
    context,
  );
  return attempt;
}

export const erpSyncSucceededInputSchema = z.object({
  order: z.string().min(1),
  document: z.enum(ERP_DOCUMENTS).default('order'),
  erpReference: z.string().max(200).optional(),
});
export type ErpSyncSucceededInput = z.input<typeof erpSyncSucceededInputSchema>;

export async function recordErpSyncSuccess(tx: Tx, input: ErpSyncSucceededInput, context?: ChangeContext): Promise<ErpSyncAttempt> {
  const request = parseOrThrow(erpSyncSucceededInputSchema, input, 'ERP sync success');
  const order = await requireOrder(tx, request.order, { lock: true });
  const attempt = await recordAttempt(tx, order, { document: request.document, outcome: 'succeeded', trigger: 'event' }, context);
  await markSynced(tx, order, request.document, request.erpReference, context);
  await recordOrderEvent(
    tx,
    { orderId: order.id, type: 'erp_sync_succeeded', data: { document: request.document, erpReference: request.erpReference ?? null } },
    context,
  );
  return attempt;
}

async function markSynced(
  tx: Tx,
  order: OrderRecord,
  document: ErpDocument,
  erpReference: string | undefined,
  context?: ChangeContext,
): Promise<void> {
  const { at } = resolveContext(context);
  await tx.query(
    `UPDATE orders SET erp_sync_status = 'synced', erp_last_error = NULL, erp_last_error_message = NULL, erp_synced_at = $2,
            erp_order_ref = CASE WHEN $3 = 'order' THEN coalesce($4, erp_order_ref) ELSE erp_order_ref END, updated_at = $2 WHERE id = $1`,
    [order.id, at, document, erpReference ?? null],
  );
}

export const retryErpSyncInputSchema = z.object({ order: z.string().min(1) });
export type RetryErpSyncInput = z.input<typeof retryErpSyncInputSchema>;

export interface ErpRetryResult {
  orderNumber: string;
  document: ErpDocument;
  outcome: 'succeeded' | 'failed';
  previousError: string | null;
  attempt: ErpSyncAttempt;
  /** Failed attempts with this error code since the last success, including this one. */
  consecutiveFailures: number;
}

/** Same-code 422 failures after which the middleware locks the document for manual review. */
export const ERP_422_LOCK_AFTER = 3;

/**
 * Retries the last failed ERP document. The outcome is deterministic: transient errors (ERP-423,
 * 429, 500, 503) succeed on retry; the others fail again with the same code until their cause is
 * fixed. ERP-409 (duplicate) is never retried, and a document with three identical 422 failures is
 * locked for manual review.
 */
export async function retryErpSync(tx: Tx, input: RetryErpSyncInput, context?: ChangeContext): Promise<ErpRetryResult> {
  const request = parseOrThrow(retryErpSyncInputSchema, input, 'ERP retry');
  const order = await requireOrder(tx, request.order, { lock: true });
  if (order.erpSyncStatus !== 'failed') {
    throw new PreconditionFailedError(`order ${order.number} has ERP status ${order.erpSyncStatus}; there is no failed sync to retry`, {
      order: order.number,
      erpSyncStatus: order.erpSyncStatus,
    });
  }
  if (mustNeverRetry(order.erpLastError)) {
    throw new PreconditionFailedError(
      `order ${order.number} failed with ${order.erpLastError} (duplicate document): never retry; find the existing ERP document and link it`,
      {
        order: order.number,
        errorCode: order.erpLastError,
      },
    );
  }
  const attempts = await listErpSyncAttempts(tx, order.id);
  const lastFailure = [...attempts].reverse().find((attempt) => attempt.outcome === 'failed');
  const document = lastFailure?.document ?? 'order';
  const sinceSuccess = attempts.slice(attempts.map((a) => a.outcome).lastIndexOf('succeeded') + 1);
  const sameCode = sinceSuccess.filter((a) => a.outcome === 'failed' && a.errorCode === order.erpLastError).length;
  if (order.erpLastError && erpBaseCode(order.erpLastError) === 'ERP-422' && sameCode >= ERP_422_LOCK_AFTER) {
    throw new PreconditionFailedError(
      `order ${order.number}: ${sameCode} identical ${order.erpLastError} failures have locked the document for manual review`,
      {
        order: order.number,
        errorCode: order.erpLastError,
        failures: sameCode,
      },
    );
  }
  const succeeds = isRetryableErpError(order.erpLastError);
  const attempt = succeeds
    ? await recordAttempt(tx, order, { document, outcome: 'succeeded', trigger: 'retry' }, context)
    : await recordAttempt(
        tx,
        order,
        {
          document,
          outcome: 'failed',
          trigger: 'retry',
          errorCode: order.erpLastError ?? 'ERP-500',
          errorMessage: `${order.erpLastErrorMessage ?? 'ERP rejected the document'} (failed again on retry: the cause is not fixed)`,
        },
        context,
      );
  if (succeeds)
    await markSynced(tx, order, document, order.erpOrderRef ?? (document === 'order' ? `SO-${order.number}` : undefined), context);
  await recordOrderEvent(
    tx,
    { orderId: order.id, type: 'erp_sync_retried', data: { document, outcome: attempt.outcome, previousError: order.erpLastError } },
    context,
  );
  return {
    orderNumber: order.number,
    document,
    outcome: attempt.outcome,
    previousError: order.erpLastError,
    attempt,
    consecutiveFailures: succeeds ? 0 : sameCode + 1,
  };
}
