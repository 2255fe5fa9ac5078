/** Reading exception rows into OperationalException, and appending to their history. */
import type { Tx } from '../db/database.ts';
import { appendExceptionOutboxMessages } from './exception-outbox.ts';
import { notifyExceptionsOpened } from './exception-listeners.ts';
import { readTypedEvidence } from './evidence/exception-evidence.ts';
import type {
  AssignmentReason,
  EntityCodes,
  ExceptionHistoryEntry,
  ExceptionStatus,
  ExceptionType,
  OperationalException,
  ResolutionCode,
  ResolutionHow,
  Severity,
} from './exception-types.ts';

export const EXCEPTION_COLUMNS = `e.id, e.tenant_id, e.type, e.severity, e.status, e.title, e.dedupe_key, e.order_id, e.sku_id, e.location_id,
  e.customer_id, e.shipment_id, e.return_id, e.invoice_id, e.entity_codes, e.evidence, e.detected_at, e.last_detected_at,
  e.ack_due_at, e.sla_due_at, e.acknowledged_at, e.resolution_how, e.resolution_code, e.resolution_note, e.resolved_at,
  e.resolved_by, e.attempts, e.last_error, e.parked, e.claimed_at, e.claimed_by, e.last_run_id, e.updated_at,
  e.queue, e.owner, e.assignment, e.escalation_step`;

export interface ExceptionRow {
  id: string;
  tenant_id: string;
  type: ExceptionType;
  severity: Severity;
  status: ExceptionStatus;
  title: string;
  dedupe_key: string;
  order_id: string | null;
  sku_id: string | null;
  location_id: string | null;
  customer_id: string | null;
  shipment_id: string | null;
  return_id: string | null;
  invoice_id: string | null;
  entity_codes: EntityCodes;
  evidence: Record<string, unknown>;
  detected_at: Date;
  last_detected_at: Date;
  ack_due_at: Date;
  sla_due_at: Date;
  acknowledged_at: Date | null;
  resolution_how: ResolutionHow | null;
  resolution_code: ResolutionCode | null;
  resolution_note: string | null;
  resolved_at: Date | null;
  resolved_by: string | null;
  attempts: number;
  last_error: string | null;
  parked: boolean;
  claimed_at: Date | null;
  claimed_by: string | null;
  last_run_id: string | null;
  updated_at: Date;
  queue: string | null;
  owner: string | null;
  assignment: AssignmentReason | null;
  escalation_step: number;
}

/** Live past the resolve clock, or closed after it. */
export function isSlaBreached(row: Pick<ExceptionRow, 'sla_due_at' | 'resolved_at'>, now: Date): boolean {
  return row.resolved_at ? row.resolved_at > row.sla_due_at : now > row.sla_due_at;
}

export function toException(row: ExceptionRow, now: Date = new Date()): OperationalException {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    ...readTypedEvidence(row.type, row.evidence ?? {}, `of exception ${row.id}`),
    severity: row.severity,
    status: row.status,
    title: row.title,
    dedupeKey: row.dedupe_key,
    refs: {
      orderId: row.order_id,
      skuId: row.sku_id,
      locationId: row.location_id,
      customerId: row.customer_id,
      shipmentId: row.shipment_id,
      returnId: row.return_id,
      invoiceId: row.invoice_id,
    },
    codes: row.entity_codes ?? {},
    detectedAt: row.detected_at,
    lastDetectedAt: row.last_detected_at,
    ackDueAt: row.ack_due_at,
    slaDueAt: row.sla_due_at,
    acknowledgedAt: row.acknowledged_at,
    slaBreached: isSlaBreached(row, now),
    resolution: {
      how: row.resolution_how,
      code: row.resolution_code,
      note: row.resolution_note,
      resolvedAt: row.resolved_at,
      resolvedBy: row.resolved_by,
    },
    triage: {
      attempts: row.attempts,
      lastError: row.last_error,
      parked: row.parked,
      claimedAt: row.claimed_at,
      claimedBy: row.claimed_by,
      lastRunId: row.last_run_id,
    },
    updatedAt: row.updated_at,
    assignment: {
      queue: row.queue,
      owner: row.owner,
      reason: row.assignment ?? null,
      escalationStep: row.escalation_step ?? 0,
    },
  };
}

export type ExceptionEventKind =
  | 'detected'
  | 'severity_raised'
  | 'status_changed'
  | 'auto_resolved'
  | 'reopened'
  | 'claimed'
  | 'claim_released'
  | 'triage_failed'
  | 'parked'
  | 'unparked'
  | 'escalated'
  | 'assigned'
  | 'taken'
  | 'handed_over'
  | 'released'
  | 'retriage'
  | 'note';

export interface NewExceptionEvent {
  exceptionId: string;
  kind: ExceptionEventKind;
  fromStatus?: ExceptionStatus | null;
  toStatus?: ExceptionStatus | null;
  actor?: string;
  note?: string | null;
  data?: Record<string, unknown>;
  occurredAt: Date;
}

/**
 * Appends history rows in one statement (detection may write many at once). `written`: exceptions the
 * caller just wrote, as they now are (RETURNING), so their outbox messages need not read them again.
 */
export async function appendExceptionEvents(
  tx: Tx,
  events: readonly NewExceptionEvent[],
  written?: ReadonlyMap<string, ExceptionRow>,
): Promise<void> {
  if (events.length === 0) return;
  await tx.query(
    `INSERT INTO exception_events (tenant_id, exception_id, kind, from_status, to_status, actor, note, data, occurred_at)
     SELECT e.tenant_id, v.exception_id, v.kind, v.from_status, v.to_status, v.actor, v.note, coalesce(v.data, '{}'::jsonb), v.occurred_at
       FROM jsonb_to_recordset($1::jsonb) AS v(exception_id uuid, kind text, from_status text, to_status text, actor text,
                                               note text, data jsonb, occurred_at timestamptz)
       JOIN exceptions e ON e.id = v.exception_id`,
    [
      JSON.stringify(
        events.map((event) => ({
          exception_id: event.exceptionId,
          kind: event.kind,
          from_status: event.fromStatus ?? null,
          to_status: event.toStatus ?? null,
          actor: event.actor ?? 'system',
          note: event.note ?? null,
          data: event.data ?? {},
          occurred_at: event.occurredAt.toISOString(),
        })),
      ),
    ],
    { prepare: 'everywhere' },
  );
  // The same transaction tells the outside world (exception.opened / escalated / resolved).
  await appendExceptionOutboxMessages(tx, events, written);
  // …and routes newly opened work to its owner/queue (listeners registered by policies/ routing).
  await notifyExceptionsOpened(tx, events);
}

interface HistoryRow {
  id: number;
  kind: string;
  from_status: ExceptionStatus | null;
  to_status: ExceptionStatus | null;
  actor: string;
  note: string | null;
  data: Record<string, unknown>;
  occurred_at: Date;
}

export async function readExceptionHistory(tx: Tx, exceptionId: string): Promise<ExceptionHistoryEntry[]> {
  const result = await tx.query<HistoryRow>(
    `SELECT id, kind, from_status, to_status, actor, note, data, occurred_at FROM exception_events
      WHERE exception_id = $1 ORDER BY occurred_at, id`,
    [exceptionId],
    { prepare: 'everywhere' },
  );
  return result.rows.map((row) => ({
    id: Number(row.id),
    kind: row.kind,
    fromStatus: row.from_status,
    toStatus: row.to_status,
    actor: row.actor,
    note: row.note,
    data: row.data ?? {},
    occurredAt: row.occurred_at,
  }));
}
