/**
 * Hooks other folders use to follow proposals without this folder knowing them: the exceptions
 * module moves an exception to resolved when its proposal executed, back to open when it failed.
 * Listeners run inside the transaction that changed the proposal, each in its own savepoint, so what
 * they write commits with the change; a listener that throws is rolled back alone and reported.
 */
import type { Tx } from '../../core/db/database.ts';
import type { ProposalStatus } from './proposal.ts';

export interface ProposalEvent {
  tenantId: string;
  proposalId: string;
  /** The first revision's id; stays the same across edits. */
  rootId: string;
  tool: string;
  status: ProposalStatus;
  exceptionId: string | null;
  result?: unknown;
  error?: { code: string; message: string };
  /** The frozen tool call's arguments. */
  args?: unknown;
  /** The agent run that proposed it (chat or triage), when an agent did; shared by every revision. */
  runId?: string | null;
  decision?: string;
  /** Who changed it (the approver, the expiry sweep, the gate). */
  actor?: { kind: string; name?: string };
  /** What the change recorded: the approver's comment, the rejection reason, the superseding revision. */
  note?: Record<string, unknown>;
}

export type ProposalListener = (event: ProposalEvent, tx: Tx) => Promise<void> | void;

/** Terminal outcomes: executed, failed, rejected, expired, denied. */
const settledListeners = new Set<ProposalListener>();
/** A proposal (or a new revision) now waits for an approver. */
const pendingListeners = new Set<ProposalListener>();
/** Every change, including approved and superseded (an edit): for followers that report each step. */
const changedListeners = new Set<ProposalListener>();

export function onProposalSettled(listener: ProposalListener): () => void {
  settledListeners.add(listener);
  return () => settledListeners.delete(listener);
}

export function onProposalPending(listener: ProposalListener): () => void {
  pendingListeners.add(listener);
  return () => pendingListeners.delete(listener);
}

export function onProposalChanged(listener: ProposalListener): () => void {
  changedListeners.add(listener);
  return () => changedListeners.delete(listener);
}

const SETTLED: ReadonlySet<ProposalStatus> = new Set(['executed', 'failed', 'rejected', 'expired', 'denied']);

export async function emitProposalEvent(tx: Tx, event: ProposalEvent): Promise<void> {
  const listeners = event.status === 'pending' ? pendingListeners : SETTLED.has(event.status) ? settledListeners : undefined;
  for (const listener of [...(listeners ?? []), ...changedListeners]) {
    await tx.query('SAVEPOINT copilot_proposal_listener');
    try {
      await listener(event, tx);
      await tx.query('RELEASE SAVEPOINT copilot_proposal_listener');
    } catch (error) {
      await tx.query('ROLLBACK TO SAVEPOINT copilot_proposal_listener');
      await tx.query('RELEASE SAVEPOINT copilot_proposal_listener');
      process.emitWarning(
        `proposal ${event.proposalId} ${event.status}: listener failed: ${(error as Error).message}`,
        'ProposalListenerWarning',
      );
    }
  }
}
