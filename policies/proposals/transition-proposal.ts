/** The one path by which a proposal changes status: checked transition, audit entry, listeners. */
import type { Tx } from '../../core/db/database.ts';
import { ConflictError, IllegalTransitionError } from '../../core/errors.ts';
import { appendAuditEntry } from '../audit/append-audit-entry.ts';
import type { AuditActor } from '../audit/audit-entry.ts';
import { emitProposalEvent } from './proposal-events.ts';
import { appendProposalOutboxMessage } from './proposal-outbox.ts';
import { proposalAuditView, type Proposal, type ProposalError, type ProposalStatus } from './proposal.ts';
import { updateProposalStatus } from './proposal-store.ts';

const ALLOWED: Record<ProposalStatus, readonly ProposalStatus[]> = {
  pending: ['approved', 'rejected', 'expired', 'superseded'],
  approved: ['executed', 'failed'],
  executed: [],
  failed: [],
  rejected: [],
  expired: [],
  superseded: [],
  denied: [],
};

const TERMINAL: ReadonlySet<ProposalStatus> = new Set(['executed', 'failed', 'rejected', 'expired', 'superseded', 'denied']);

export async function transitionProposal(
  tx: Tx,
  proposal: Proposal,
  to: ProposalStatus,
  options: { actor: AuditActor; now: Date; result?: unknown; error?: ProposalError; note?: Record<string, unknown> },
): Promise<Proposal> {
  if (!ALLOWED[proposal.status].includes(to)) throw new IllegalTransitionError('proposal', proposal.status, to);
  const updated = await updateProposalStatus(tx, proposal, to, {
    result: options.result,
    error: options.error,
    now: options.now,
    settled: TERMINAL.has(to),
  });
  if (!updated) throw new ConflictError(`proposal ${proposal.id} changed concurrently`, { proposalId: proposal.id });
  await appendAuditEntry(tx, {
    tenantId: proposal.tenantId,
    actor: options.actor,
    action: `proposal.${to}`,
    entityType: 'proposal',
    entityId: proposal.id,
    before: { status: proposal.status },
    after: { ...proposalAuditView(updated), ...(to === 'executed' ? { result: options.result ?? null } : {}), ...(options.note ?? {}) },
  });
  await appendProposalOutboxMessage(tx, updated, options.now, options.result);
  await emitProposalEvent(tx, {
    tenantId: updated.tenantId,
    proposalId: updated.id,
    rootId: updated.rootId,
    tool: updated.tool,
    status: to,
    exceptionId: updated.exceptionId,
    args: updated.args,
    runId: updated.runId,
    decision: updated.decision,
    actor: { kind: options.actor.kind, ...(options.actor.name ? { name: options.actor.name } : {}) },
    ...(options.note ? { note: options.note } : {}),
    ...(options.result !== undefined ? { result: options.result } : {}),
    ...(options.error ? { error: { code: options.error.code, message: options.error.message } } : {}),
  });
  return updated;
}
