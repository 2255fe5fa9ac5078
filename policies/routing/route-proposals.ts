/**
 * Routes a proposal when it starts waiting for an approver (listener on onProposalPending, in the
 * proposal's transaction): the same routing rules as exceptions, with the tool, amount and origin and
 * the facts of the exception it remediates. An edited revision keeps its root's assignment.
 */
import type { Tx } from '../../core/db/database.ts';
import { exceptionRoutingFacts } from '../../core/exceptions/index.ts';
import { appendAuditEntry } from '../audit/append-audit-entry.ts';
import { SYSTEM_ACTOR } from '../audit/audit-entry.ts';
import { loadActivePolicy } from '../policy-store.ts';
import type { ProposalEvent } from '../proposals/proposal-events.ts';
import { findProposal } from '../proposals/proposal-store.ts';
import type { Proposal } from '../proposals/proposal.ts';
import { readProposalAssignments, upsertProposalAssignment } from './proposal-assignments.ts';
import { ROUTING_ACTOR } from './route-exceptions.ts';
import { routeWork } from './route-work.ts';
import { appendWorkAssigned } from './work-notice.ts';

export function proposalSubject(proposal: Proposal, severity: string | null) {
  return {
    kind: 'proposal' as const,
    id: proposal.id,
    title: `${proposal.tool} awaits approval: ${proposal.reason}`,
    type: proposal.tool,
    severity: (severity ?? null) as 'low' | 'medium' | 'high' | 'critical' | null,
    status: proposal.status,
  };
}

export async function routePendingProposal(event: ProposalEvent, tx: Tx): Promise<void> {
  if (event.status !== 'pending') return;
  const existing = await readProposalAssignments(tx, [event.rootId]);
  if (existing.has(event.rootId)) return;
  const proposal = await findProposal(tx, event.proposalId);
  if (!proposal) return;
  const exception = proposal.exceptionId ? (await exceptionRoutingFacts(tx, [proposal.exceptionId]))[0] : undefined;
  const policy = await loadActivePolicy(tx, proposal.tenantId);
  const decision = routeWork(policy, {
    subject: 'proposal',
    exceptionType: proposal.exceptionType ?? exception?.exceptionType ?? null,
    severity: exception?.severity ?? null,
    customerTier: exception?.customerTier ?? null,
    amount: proposal.amount === null ? (exception?.amount ?? null) : Number(proposal.amount),
    location: exception?.location ?? null,
    channel: exception?.channel ?? null,
    tool: proposal.tool,
    origin: proposal.origin.kind,
  });
  const now = new Date();
  const reason = {
    by: 'rule' as const,
    rule: decision.rule,
    policyVersion: decision.policyVersion,
    reason: decision.reason,
    actor: ROUTING_ACTOR,
    at: now.toISOString(),
  };
  await upsertProposalAssignment(tx, proposal.tenantId, proposal.rootId, { queue: decision.queue, owner: decision.owner, reason });
  await appendAuditEntry(tx, {
    tenantId: proposal.tenantId,
    actor: { ...SYSTEM_ACTOR, ref: ROUTING_ACTOR },
    action: 'proposal.assigned',
    entityType: 'proposal',
    entityId: proposal.id,
    after: { queue: decision.queue, owner: decision.owner, rule: decision.rule, policyVersion: decision.policyVersion },
  });
  await appendWorkAssigned(
    tx,
    {
      tenantId: proposal.tenantId,
      subject: proposalSubject(proposal, exception?.severity ?? null),
      orderNumber: exception?.codes.orderNumber,
      queue: decision.queue,
      owner: decision.owner,
      reason: `${proposal.reason} ${decision.reason}`,
      rule: decision.rule,
      deadline: proposal.expiresAt,
      recipients: { queues: decision.queue ? [decision.queue] : [], users: decision.owner ? [decision.owner] : [] },
      at: now,
    },
    'assigned',
    ROUTING_ACTOR,
  );
}
