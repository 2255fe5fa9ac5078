/** Status changes by people, the agent and the policy engine, through the guarded transition table. */
import { z } from 'zod';
import type { Tx } from '../db/database.ts';
import { ConflictError, NotFoundError, parseOrThrow } from '../errors.ts';
import { appendExceptionEvents, EXCEPTION_COLUMNS, toException, type ExceptionRow } from './exception-rows.ts';
import {
  exceptionStatusSchema,
  isLiveStatus,
  resolutionCodeSchema,
  resolutionHowSchema,
  type ExceptionStatus,
  type OperationalException,
} from './exception-types.ts';
import { assertExceptionTransition } from './status-transitions.ts';

export const statusChangeSchema = z.object({
  actor: z.string().trim().min(1).max(200),
  note: z.string().max(4000).optional(),
  /** Who closed it (terminal statuses); default human. */
  how: resolutionHowSchema.optional(),
  /** pol-sla-definitions resolution code; default RES-ACTION for resolved, RES-NOACTION for dismissed. */
  code: resolutionCodeSchema.optional(),
  now: z.date().optional(),
});
export type StatusChange = z.input<typeof statusChangeSchema>;

async function lockException(tx: Tx, id: string): Promise<ExceptionRow> {
  if (!z.uuid().safeParse(id).success) throw new NotFoundError('exception', id);
  const result = await tx.query<ExceptionRow>(`SELECT ${EXCEPTION_COLUMNS} FROM exceptions e WHERE e.id = $1 FOR UPDATE`, [id], {
    prepare: 'everywhere',
  });
  const row = result.rows[0];
  if (!row) throw new NotFoundError('exception', id);
  return row;
}

/**
 * Moves an exception to `status` if the transition table allows it. Closing records the resolution
 * (how, code, note, who, when); reopening clears it and is refused while another live exception
 * exists for the same cause. Leaving `triaging` drops the worker's claim.
 */
export async function setExceptionStatus(
  tx: Tx,
  id: string,
  status: ExceptionStatus,
  change: StatusChange,
  /** The row as the caller locked it (FOR UPDATE) in this transaction, so it is not locked and read again. */
  locked?: ExceptionRow,
): Promise<OperationalException> {
  const target = parseOrThrow(exceptionStatusSchema, status, 'exception status');
  const options = parseOrThrow(statusChangeSchema, change, 'status change');
  const now = options.now ?? new Date();
  const row = locked?.id === id ? locked : await lockException(tx, id);
  assertExceptionTransition(row.status, target);

  let updated: ExceptionRow | undefined;
  if (target === 'resolved' || target === 'dismissed') {
    const code = options.code ?? (target === 'resolved' ? 'RES-ACTION' : 'RES-NOACTION');
    updated = await updateReturning(
      tx,
      `UPDATE exceptions e SET status = $2, resolution_how = $3, resolution_code = $4, resolution_note = $5, resolved_at = $6,
              resolved_by = $7, acknowledged_at = coalesce(acknowledged_at, $6), claimed_at = NULL, claimed_by = NULL, updated_at = now()
        WHERE id = $1`,
      [id, target, options.how ?? 'human', code, options.note ?? null, now, options.actor],
    );
  } else if (!isLiveStatus(row.status)) {
    const other = await tx.query<{ id: string }>(
      `SELECT id FROM exceptions WHERE dedupe_key = $1 AND id <> $2 AND status IN ('open', 'triaging', 'awaiting_approval')`,
      [row.dedupe_key, id],
    );
    if (other.rows[0]) {
      throw new ConflictError(`exception ${id} cannot be reopened: exception ${other.rows[0].id} is already open for the same cause`, {
        exceptionId: id,
        liveExceptionId: other.rows[0].id,
      });
    }
    updated = await updateReturning(
      tx,
      `UPDATE exceptions e SET status = $2, resolution_how = NULL, resolution_code = NULL, resolution_note = NULL, resolved_at = NULL,
              resolved_by = NULL, cause_cleared_at = NULL, parked = false, updated_at = now()
        WHERE id = $1`,
      [id, target],
    );
  } else {
    const acknowledges = target === 'triaging' || target === 'awaiting_approval';
    updated = await updateReturning(
      tx,
      `UPDATE exceptions e SET status = $2,
              acknowledged_at = CASE WHEN $3 THEN coalesce(acknowledged_at, $4) ELSE acknowledged_at END,
              claimed_at = CASE WHEN $2 = 'triaging' THEN claimed_at ELSE NULL END,
              claimed_by = CASE WHEN $2 = 'triaging' THEN claimed_by ELSE NULL END,
              updated_at = now()
        WHERE id = $1`,
      [id, target, acknowledges, now],
    );
  }
  const kind = !isLiveStatus(row.status) ? 'reopened' : 'status_changed';
  // The updated row as written: its outbox message needs no second read.
  const written = updated ? new Map([[id, updated]]) : undefined;
  await appendExceptionEvents(
    tx,
    [
      {
        exceptionId: id,
        kind,
        fromStatus: row.status,
        toStatus: target,
        actor: options.actor,
        note: options.note ?? null,
        data: target === 'resolved' || target === 'dismissed' ? { how: options.how ?? 'human', code: options.code ?? null } : {},
        occurredAt: now,
      },
    ],
    written,
  );
  // A reopened exception is routed by the listeners (assignment, queue), which change the row again: read it as it now is.
  if (updated && kind !== 'reopened') return toException(updated, now);
  const current = await tx.query<ExceptionRow>(`SELECT ${EXCEPTION_COLUMNS} FROM exceptions e WHERE e.id = $1`, [id], {
    prepare: 'everywhere',
  });
  return toException(current.rows[0]!, now);
}

/** One UPDATE of the exception's row, returning it as written. */
async function updateReturning(tx: Tx, sql: string, params: readonly unknown[]): Promise<ExceptionRow | undefined> {
  const result = await tx.query<ExceptionRow>(`${sql} RETURNING ${EXCEPTION_COLUMNS}`, params, { prepare: 'everywhere' });
  return result.rows[0];
}

export function resolveException(tx: Tx, id: string, change: StatusChange): Promise<OperationalException> {
  return setExceptionStatus(tx, id, 'resolved', change);
}

export function dismissException(tx: Tx, id: string, change: StatusChange): Promise<OperationalException> {
  return setExceptionStatus(tx, id, 'dismissed', change);
}

export function reopenException(tx: Tx, id: string, change: StatusChange): Promise<OperationalException> {
  return setExceptionStatus(tx, id, 'open', change);
}

/** Records that someone owns the exception (the acknowledge clock) without changing its status. */
export async function acknowledgeException(
  tx: Tx,
  id: string,
  change: Pick<StatusChange, 'actor' | 'note' | 'now'>,
): Promise<OperationalException> {
  const options = parseOrThrow(statusChangeSchema, change, 'acknowledgement');
  const now = options.now ?? new Date();
  const row = await lockException(tx, id);
  if (!row.acknowledged_at) {
    await tx.query(`UPDATE exceptions SET acknowledged_at = $2, updated_at = now() WHERE id = $1`, [id, now]);
    await appendExceptionEvents(tx, [
      {
        exceptionId: id,
        kind: 'note',
        actor: options.actor,
        note: options.note ?? 'acknowledged',
        data: { acknowledged: true },
        occurredAt: now,
      },
    ]);
  }
  const updated = await tx.query<ExceptionRow>(`SELECT ${EXCEPTION_COLUMNS} FROM exceptions e WHERE e.id = $1`, [id], {
    prepare: 'everywhere',
  });
  return toException(updated.rows[0]!, now);
}
