/**
 * Keeps an exception in step with the proposals drafted for it (policies/ emits the events; this
 * module only reacts, so core never imports the policies folder): a pending proposal puts the
 * exception in awaiting_approval; an executed one resolves it; a failed, rejected, expired or denied
 * one sends it back to the open queue. Moves the exception only from states where that makes sense
 * (an exception already resolved by its cause clearing stays resolved).
 */
import type { Tx } from '../db/database.ts';
import { EXCEPTION_COLUMNS, type ExceptionRow } from './exception-rows.ts';
import { setExceptionStatus } from './set-exception-status.ts';

/** The part of policies' ProposalEvent this module needs. */
export interface ProposalOutcome {
  proposalId: string;
  tool: string;
  status: string;
  exceptionId: string | null;
  error?: { code: string; message: string };
}

type Registrar = (listener: (event: ProposalOutcome, tx: Tx) => Promise<void>) => () => void;

const FAILED = new Set(['failed', 'rejected', 'expired', 'denied']);

export async function applyProposalOutcome(tx: Tx, event: ProposalOutcome, now: Date = new Date()): Promise<void> {
  if (!event.exceptionId) return;
  const found = await tx.query<ExceptionRow>(`SELECT ${EXCEPTION_COLUMNS} FROM exceptions e WHERE e.id = $1`, [event.exceptionId]);
  const exception = found.rows[0];
  if (!exception) return;
  const actor = `proposal:${event.proposalId}`;
  if (event.status === 'pending') {
    if (exception.status === 'open' || exception.status === 'triaging') {
      await setExceptionStatus(tx, exception.id, 'awaiting_approval', { actor, note: `${event.tool} awaits approval`, now });
    }
    return;
  }
  if (event.status === 'executed') {
    if (exception.status === 'resolved' || exception.status === 'dismissed') return;
    await setExceptionStatus(tx, exception.id, 'resolved', {
      actor,
      how: 'agent',
      code: 'RES-ACTION',
      note: `${event.tool} executed (proposal ${event.proposalId})`,
      now,
    });
    return;
  }
  if (FAILED.has(event.status) && (exception.status === 'awaiting_approval' || exception.status === 'triaging')) {
    const why = event.error ? `: ${event.error.message}` : '';
    await setExceptionStatus(tx, exception.id, 'open', { actor, note: `${event.tool} ${event.status}${why}`, now });
  }
}

/**
 * Registers the listeners with policies' registration functions (pass `onProposalSettled` and,
 * optionally, `onProposalPending` from policies/index.ts). Returns one function that removes both.
 */
const registered = new Map<Registrar, () => void>();

export function registerProposalSettlement(onSettled: Registrar, onPending?: Registrar): () => void {
  // Once per registry (buildProgram may run more than once in a process, e.g. in tests).
  const existing = registered.get(onSettled);
  if (existing) return existing;
  const listener = (event: ProposalOutcome, tx: Tx) => applyProposalOutcome(tx, event);
  const removers = [onSettled(listener), ...(onPending ? [onPending(listener)] : [])];
  const unregister = (): void => {
    removers.forEach((remove) => remove());
    registered.delete(onSettled);
  };
  registered.set(onSettled, unregister);
  return unregister;
}
