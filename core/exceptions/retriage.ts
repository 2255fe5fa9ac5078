/**
 * Triage continues after a decision: an exception whose proposal was rejected (with the approver's
 * reason), failed, expired, was denied, or ran while the cause stayed, goes back to the triage queue
 * with that outcome recorded as a `retriage` entry in its history — which the next triage run is
 * shown. Rounds are bounded: after `DEFAULT_MAX_RETRIAGES` the agent stops proposing and the
 * exception is handed to a person (parked, with the last outcome as the reason), so an agent that
 * keeps proposing what people keep refusing cannot loop.
 */
import type { Tx } from '../db/database.ts';
import { recordAgentHandOff } from './exception-assignment.ts';
import { appendExceptionEvents, type ExceptionRow } from './exception-rows.ts';
import { isLiveStatus } from './exception-types.ts';
import { setExceptionStatus } from './set-exception-status.ts';

export const DEFAULT_MAX_RETRIAGES = 2;

/** What sent the exception back: one decided proposal. */
export interface RetriageCause {
  proposalId: string;
  tool: string;
  args?: unknown;
  /** rejected, failed, expired, denied, executed (cause still present), failed_downstream, unconfirmed. */
  outcome: string;
  /** The approver's reason, the error, or what the re-check found. */
  reason: string;
  by?: string;
}

/** An earlier round, as the next triage run is shown it. */
export interface RetriageRound extends RetriageCause {
  round: number;
  at: string;
}

export async function countRetriages(tx: Tx, exceptionId: string): Promise<number> {
  const result = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM exception_events WHERE exception_id = $1 AND kind = 'retriage'`,
    [exceptionId],
  );
  return result.rows[0]?.n ?? 0;
}

/** Earlier rounds of this exception, oldest first (the triage run's context). */
export async function listRetriageRounds(tx: Tx, exceptionId: string): Promise<RetriageRound[]> {
  const result = await tx.query<{ data: Record<string, unknown>; occurred_at: Date }>(
    `SELECT data, occurred_at FROM exception_events WHERE exception_id = $1 AND kind = 'retriage' ORDER BY occurred_at, id`,
    [exceptionId],
    { prepare: 'everywhere' },
  );
  return result.rows.map((row) => ({ ...(row.data as unknown as RetriageCause & { round: number }), at: row.occurred_at.toISOString() }));
}

function describe(cause: RetriageCause): string {
  const by = cause.by ? ` by ${cause.by}` : '';
  return `${cause.tool} ${cause.outcome.replaceAll('_', ' ')}${by}: ${cause.reason}`;
}

/**
 * Sends a live exception back to triage for this cause, or — past the bound — parks it and hands it
 * to a person. Returns what it did. A parked exception (already with a person) only gets the note.
 */
export async function requestRetriage(
  tx: Tx,
  exception: ExceptionRow,
  cause: RetriageCause,
  options: { now: Date; maxRetriages?: number },
): Promise<'retriage' | 'handed_off' | 'noted'> {
  const { now } = options;
  const actor = `proposal:${cause.proposalId}`;
  const note = describe(cause);
  if (!isLiveStatus(exception.status)) return 'noted';
  if (exception.status !== 'open') await setExceptionStatus(tx, exception.id, 'open', { actor, note, now });
  if (exception.parked) {
    await appendExceptionEvents(tx, [{ exceptionId: exception.id, kind: 'note', actor, note, data: { ...cause }, occurredAt: now }]);
    return 'noted';
  }
  const done = await countRetriages(tx, exception.id);
  const max = options.maxRetriages ?? DEFAULT_MAX_RETRIAGES;
  if (done >= max) {
    const reason = `the agent's proposals came back ${done + 1} times (last: ${note}); a person decides now`;
    await tx.query(`UPDATE exceptions SET parked = true, updated_at = now() WHERE id = $1`, [exception.id]);
    await appendExceptionEvents(tx, [
      {
        exceptionId: exception.id,
        kind: 'parked',
        actor,
        note: reason,
        data: { ...cause, reason: 'retriage_limit', rounds: done, lastReason: cause.reason },
        occurredAt: now,
      },
    ]);
    await recordAgentHandOff(tx, exception.id, { note: reason, actor, now });
    return 'handed_off';
  }
  await appendExceptionEvents(tx, [
    { exceptionId: exception.id, kind: 'retriage', actor, note, data: { round: done + 1, ...cause }, occurredAt: now },
  ]);
  return 'retriage';
}
