/**
 * The triage worker's side of the exceptions table: claim open exceptions with FOR UPDATE SKIP LOCKED
 * (many workers, one database), then record the outcome or the failure. A claim is a lease: a
 * worker that dies leaves its exceptions `triaging` with an old claimed_at, and they become claimable
 * again after the lease. Three failures park an exception for a human instead of retrying forever.
 */
import { z } from 'zod';
import type { Tx } from '../db/database.ts';
import { NotFoundError, parseOrThrow, PreconditionFailedError } from '../errors.ts';
import { appendExceptionEvents, EXCEPTION_COLUMNS, toException, type ExceptionRow } from './exception-rows.ts';
import { exceptionTypeSchema, type OperationalException } from './exception-types.ts';
import { recordAgentHandOff } from './exception-assignment.ts';
import { findException } from './list-exceptions.ts';
import { setExceptionStatus } from './set-exception-status.ts';

export const DEFAULT_MAX_TRIAGE_ATTEMPTS = 3;
export const DEFAULT_CLAIM_LEASE_MS = 5 * 60_000;

export const claimOptionsSchema = z.object({
  workerId: z.string().min(1).max(200),
  limit: z.number().int().min(1).max(500).default(1),
  leaseMs: z.number().int().min(1_000).default(DEFAULT_CLAIM_LEASE_MS),
  tenantId: z.uuid().optional(),
  types: z.array(exceptionTypeSchema).optional(),
  maxAttempts: z.number().int().min(1).default(DEFAULT_MAX_TRIAGE_ATTEMPTS),
  now: z.date().optional(),
});
export type ClaimOptions = z.input<typeof claimOptionsSchema>;

/**
 * Claims up to `limit` exceptions, most severe and oldest first, and moves them to `triaging`.
 * Run it as the operator to claim across tenants (then work each under withTenant), or under
 * withTenant for one tenant. Commit promptly: the row locks are held until the transaction ends.
 */
export async function claimExceptionsForTriage(tx: Tx, options: ClaimOptions): Promise<OperationalException[]> {
  const o = parseOrThrow(claimOptionsSchema, options, 'claim options');
  const now = o.now ?? new Date();
  // One text per combination of the optional filters (a tenant, types), each kept prepared: with
  // `$3 IS NULL OR …` in one text, a generic plan could not use the filters' indexes.
  const result = await tx.query<ExceptionRow>(
    `WITH candidates AS (
       SELECT id FROM exceptions
        WHERE NOT parked AND attempts < $6
          AND (status = 'open' OR (status = 'triaging' AND claimed_at < $1::timestamptz - make_interval(secs => $2::float8 / 1000)))
          AND ${o.tenantId ? 'tenant_id = $3::uuid' : '$3::uuid IS NULL'}
          AND ${o.types ? 'type = ANY($4::text[])' : '$4::text[] IS NULL'}
        ORDER BY array_position(ARRAY['critical', 'high', 'medium', 'low'], severity), detected_at, id
        LIMIT $5
        FOR UPDATE SKIP LOCKED
     )
     UPDATE exceptions e
        SET status = 'triaging', claimed_at = $1, claimed_by = $7, acknowledged_at = coalesce(e.acknowledged_at, $1), updated_at = now()
       FROM candidates c
      WHERE e.id = c.id
     RETURNING ${EXCEPTION_COLUMNS}`,
    [now, o.leaseMs, o.tenantId ?? null, o.types ?? null, o.limit, o.maxAttempts, o.workerId],
    { prepare: 'everywhere' },
  );
  await appendExceptionEvents(
    tx,
    result.rows.map((row) => ({
      exceptionId: row.id,
      kind: 'claimed' as const,
      toStatus: 'triaging' as const,
      actor: o.workerId,
      occurredAt: now,
    })),
  );
  return result.rows
    .map((row) => toException(row, now))
    .sort((a, b) => severityOrder(a.severity) - severityOrder(b.severity) || a.detectedAt.getTime() - b.detectedAt.getTime());
}

const severityOrder = (severity: string): number => ['critical', 'high', 'medium', 'low'].indexOf(severity);

/**
 * The worker no longer holds the claim: the exception moved on (an executed remediation resolved it
 * through re-detection, a person closed it) or its lease passed to another worker.
 */
export class ClaimLostError extends PreconditionFailedError {
  constructor(id: string, workerId: string, status: string, claimedBy: string | null) {
    super(`exception ${id} is not claimed by ${workerId} (status ${status}, claimed by ${claimedBy ?? 'nobody'})`, {
      exceptionId: id,
      status,
      claimedBy,
    });
  }
}

async function lockClaim(tx: Tx, id: string, workerId: string): Promise<ExceptionRow> {
  const result = await tx.query<ExceptionRow>(`SELECT ${EXCEPTION_COLUMNS} FROM exceptions e WHERE e.id = $1 FOR UPDATE`, [id], {
    prepare: 'everywhere',
  });
  const row = result.rows[0];
  if (!row) throw new NotFoundError('exception', id);
  if (row.status !== 'triaging' || row.claimed_by !== workerId) throw new ClaimLostError(id, workerId, row.status, row.claimed_by);
  return row;
}

export const triageOutcomeSchema = z.object({
  workerId: z.string().min(1),
  runId: z.uuid().optional(),
  /**
   * awaiting_approval: proposals wait for an approver; resolved: an allowed action fixed it;
   * handoff: the agent needs a human (stays open, parked so the worker does not take it again).
   */
  outcome: z.enum(['awaiting_approval', 'resolved', 'handoff']),
  note: z.string().max(4000).optional(),
  now: z.date().optional(),
});
export type TriageOutcome = z.input<typeof triageOutcomeSchema>;

/** Records a finished triage run on a claimed exception. */
export async function completeTriage(tx: Tx, id: string, outcome: TriageOutcome): Promise<OperationalException> {
  const o = parseOrThrow(triageOutcomeSchema, outcome, 'triage outcome');
  const now = o.now ?? new Date();
  // The claim's row, locked: the status change below works on it rather than locking and reading it again.
  const claimed = await lockClaim(tx, id, o.workerId);
  const handoff = o.outcome === 'handoff';
  // A hand-off also parks the exception (the worker must not take it again); one statement with the run's id.
  await tx.query(
    `UPDATE exceptions SET last_run_id = coalesce($2, last_run_id), last_error = NULL${handoff ? ', parked = true' : ''} WHERE id = $1`,
    [id, o.runId ?? null],
    { prepare: 'everywhere' },
  );
  if (o.outcome === 'handoff') {
    const result = await setExceptionStatus(tx, id, 'open', { actor: o.workerId, note: o.note ?? 'handed off to a human', now }, claimed);
    await appendExceptionEvents(tx, [
      {
        exceptionId: id,
        kind: 'parked',
        actor: o.workerId,
        note: o.note ?? 'needs a human',
        data: { reason: 'handoff', runId: o.runId ?? null },
        occurredAt: now,
      },
    ]);
    await recordAgentHandOff(tx, id, { note: o.note ?? 'it needs a human decision', actor: o.workerId, now });
    const after = await findException(tx, id, now);
    return after ?? { ...result, triage: { ...result.triage, parked: true } };
  }
  return setExceptionStatus(tx, id, o.outcome, { actor: o.workerId, note: o.note, how: 'agent', now }, claimed);
}

/** Hands a claimed exception back unprocessed (worker shutting down). Does not count as an attempt. */
export async function releaseTriageClaim(tx: Tx, id: string, workerId: string, now: Date = new Date()): Promise<void> {
  await lockClaim(tx, id, workerId);
  await tx.query(`UPDATE exceptions SET status = 'open', claimed_at = NULL, claimed_by = NULL, updated_at = now() WHERE id = $1`, [id]);
  await appendExceptionEvents(tx, [
    { exceptionId: id, kind: 'claim_released', fromStatus: 'triaging', toStatus: 'open', actor: workerId, occurredAt: now },
  ]);
}

export const triageFailureSchema = z.object({
  workerId: z.string().min(1),
  error: z.string().min(1).max(8000),
  runId: z.uuid().optional(),
  maxAttempts: z.number().int().min(1).default(DEFAULT_MAX_TRIAGE_ATTEMPTS),
  now: z.date().optional(),
});
export type TriageFailure = z.input<typeof triageFailureSchema>;

/** Records a failed triage run: back to open for another try, or parked after maxAttempts. */
export async function recordTriageFailure(tx: Tx, id: string, failure: TriageFailure): Promise<OperationalException> {
  const f = parseOrThrow(triageFailureSchema, failure, 'triage failure');
  const now = f.now ?? new Date();
  const row = await lockClaim(tx, id, f.workerId);
  const attempts = row.attempts + 1;
  const park = attempts >= f.maxAttempts;
  const result = await tx.query<ExceptionRow>(
    `UPDATE exceptions e SET status = 'open', attempts = $2, last_error = $3, last_run_id = coalesce($4, e.last_run_id), parked = $5,
            claimed_at = NULL, claimed_by = NULL, updated_at = now()
      WHERE e.id = $1 RETURNING ${EXCEPTION_COLUMNS}`,
    [id, attempts, f.error, f.runId ?? null, park],
  );
  await appendExceptionEvents(tx, [
    {
      exceptionId: id,
      kind: 'triage_failed',
      fromStatus: 'triaging',
      toStatus: 'open',
      actor: f.workerId,
      note: f.error,
      data: { attempts, runId: f.runId ?? null },
      occurredAt: now,
    },
    ...(park
      ? [
          {
            exceptionId: id,
            kind: 'parked' as const,
            actor: f.workerId,
            note: `parked after ${attempts} failed triage attempts`,
            data: { attempts },
            occurredAt: now,
          },
        ]
      : []),
  ]);
  return toException(result.rows[0]!, now);
}

/** A person sends a parked exception back to the triage queue (attempts reset). */
export async function unparkException(tx: Tx, id: string, actor: string, now: Date = new Date()): Promise<OperationalException> {
  const result = await tx.query<ExceptionRow>(
    `UPDATE exceptions e SET parked = false, attempts = 0, last_error = NULL, updated_at = now()
      WHERE e.id = $1 AND e.parked RETURNING ${EXCEPTION_COLUMNS}`,
    [id],
  );
  if (!result.rows[0]) throw new PreconditionFailedError(`exception ${id} is not parked`, { exceptionId: id });
  await appendExceptionEvents(tx, [{ exceptionId: id, kind: 'unparked', actor, occurredAt: now }]);
  return toException(result.rows[0], now);
}

export type TriageQueueState = 'waiting' | 'triaging' | 'awaiting_approval' | 'parked';

/**
 * Live exceptions by triage state (for the queue-depth gauge): `waiting` to be claimed, being
 * `triaging`, `awaiting_approval` of a proposal, or `parked` for a human after too many failures.
 * Run as the operator for every tenant's count, or under withTenant for one.
 */
export async function countTriageQueue(tx: Tx, maxAttempts = DEFAULT_MAX_TRIAGE_ATTEMPTS): Promise<Record<TriageQueueState, number>> {
  const result = await tx.query<{ state: TriageQueueState; count: number }>(
    `SELECT CASE WHEN status = 'open' AND (parked OR attempts >= $1) THEN 'parked' WHEN status = 'open' THEN 'waiting' ELSE status END AS state,
            count(*)::int AS count
       FROM exceptions WHERE status IN ('open', 'triaging', 'awaiting_approval') GROUP BY 1`,
    [maxAttempts],
  );
  const depth: Record<TriageQueueState, number> = { waiting: 0, triaging: 0, awaiting_approval: 0, parked: 0 };
  for (const row of result.rows) depth[row.state] = row.count;
  return depth;
}
