/**
 * Turns exception history entries into outbox messages (exception.opened / escalated / resolved),
 * in the transaction that wrote them. Runs after the exception rows were updated, so each message
 * carries the exception as it is after the change.
 */
import type { Tx } from '../db/database.ts';
import { appendOutboxMessages, orderingKeyFor, type NewOutboxMessage } from '../outbox/index.ts';
import { EXCEPTION_COLUMNS, type ExceptionRow, type NewExceptionEvent } from './exception-rows.ts';

function messageFor(event: NewExceptionEvent, row: ExceptionRow): NewOutboxMessage | null {
  const base = {
    exceptionId: row.id,
    type: row.type,
    severity: row.severity,
    status: row.status,
    title: row.title,
    codes: Object.fromEntries(
      Object.entries(row.entity_codes ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    ),
    detectedAt: row.detected_at.toISOString(),
    ackDueAt: row.ack_due_at.toISOString(),
    slaDueAt: row.sla_due_at.toISOString(),
  };
  const envelope = {
    tenantId: row.tenant_id,
    orderingKey: orderingKeyFor(row.entity_codes?.orderNumber, `exception:${row.id}`),
    occurredAt: event.occurredAt,
  };
  if (event.kind === 'detected' || event.kind === 'reopened') {
    return { ...envelope, type: 'exception.opened', data: { ...base, reopened: event.kind === 'reopened' } };
  }
  if (event.kind === 'severity_raised' || event.kind === 'escalated') {
    const step = typeof event.data?.step === 'string' ? event.data.step : null;
    return { ...envelope, type: 'exception.escalated', data: { ...base, reason: event.note ?? 'escalated', step } };
  }
  const closes =
    event.kind === 'auto_resolved' ||
    (event.kind === 'status_changed' && (event.toStatus === 'resolved' || event.toStatus === 'dismissed'));
  if (closes && row.resolved_at) {
    return {
      ...envelope,
      type: 'exception.resolved',
      data: {
        ...base,
        how: row.resolution_how,
        code: row.resolution_code,
        note: row.resolution_note,
        resolvedAt: row.resolved_at.toISOString(),
      },
    };
  }
  return null;
}

const MESSAGE_KINDS = new Set(['detected', 'reopened', 'severity_raised', 'escalated', 'auto_resolved', 'status_changed']);

/**
 * `written`: rows the caller just wrote and holds as they now are (keyed by id); only the others are
 * read (one statement, none when the caller holds them all).
 */
export async function appendExceptionOutboxMessages(
  tx: Tx,
  events: readonly NewExceptionEvent[],
  written?: ReadonlyMap<string, ExceptionRow>,
): Promise<void> {
  const relevant = events.filter((event) => MESSAGE_KINDS.has(event.kind));
  if (relevant.length === 0) return;
  const rows = new Map<string, ExceptionRow>();
  const missing = new Set<string>();
  for (const { exceptionId } of relevant) {
    const row = written?.get(exceptionId);
    if (row) rows.set(exceptionId, row);
    else missing.add(exceptionId);
  }
  if (missing.size > 0) {
    const found = await tx.query<ExceptionRow>(
      `SELECT ${EXCEPTION_COLUMNS} FROM exceptions e WHERE e.id = ANY($1::uuid[])`,
      [[...missing]],
      { prepare: 'everywhere' },
    );
    for (const row of found.rows) rows.set(row.id, row);
  }
  const messages = relevant.flatMap((event) => {
    const row = rows.get(event.exceptionId);
    const message = row ? messageFor(event, row) : null;
    return message ? [message] : [];
  });
  await appendOutboxMessages(tx, messages);
}
