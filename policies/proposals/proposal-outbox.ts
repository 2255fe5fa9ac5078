/**
 * The outbound message for each proposal change that the outside world acts on or is told about:
 * pending (an approver is needed), approved, rejected, expired, and executed (action.executed, which a
 * system of record applies and confirms). Appended in the transaction of the change, never after it.
 */
import type { Tx } from '../../core/db/database.ts';
import { recordActionExecuted } from '../../core/actions/index.ts';
import { appendOutboxMessage, orderingKeyFor, type NewOutboxMessage } from '../../core/outbox/index.ts';
import { loadActivePolicy } from '../policy-store.ts';
import type { Proposal, ProposalStatus } from './proposal.ts';
import { loadApprovals } from './proposal-store.ts';

function orderNumberOf(proposal: Proposal): unknown {
  const args = proposal.args as Record<string, unknown> | null;
  return (args && typeof args === 'object' ? (args.order ?? args.orderNumber) : undefined) ?? proposal.evidence?.orderNumber;
}

function proposalFields(proposal: Proposal) {
  return {
    proposalId: proposal.id,
    rootId: proposal.rootId,
    tool: proposal.tool,
    arguments: proposal.args,
    exceptionId: proposal.exceptionId,
    origin: proposal.origin.ref ? { kind: proposal.origin.kind, ref: proposal.origin.ref } : { kind: proposal.origin.kind },
    proposer: { userId: proposal.proposer.userId, name: proposal.proposer.name },
    policy: { decision: proposal.decision, rule: proposal.ruleId, reason: proposal.reason, version: proposal.policyVersion },
    amount: proposal.amount === null ? null : Number(proposal.amount),
  };
}

async function approvalsOf(tx: Tx, proposal: Proposal) {
  const approvals = (await loadApprovals(tx, [proposal.id])).get(proposal.id) ?? [];
  return approvals
    .filter((approval) => approval.decision === 'approve')
    .map((approval) => ({
      userId: approval.userId,
      userName: approval.userName,
      decidedAt: approval.createdAt.toISOString(),
      comment: approval.comment,
    }));
}

/** Appends the message for `proposal` having just moved to its current status (no-op for statuses nobody outside needs). */
export async function appendProposalOutboxMessage(tx: Tx, proposal: Proposal, now: Date, result?: unknown): Promise<void> {
  const fields = proposalFields(proposal);
  const envelope = {
    tenantId: proposal.tenantId,
    orderingKey: orderingKeyFor(orderNumberOf(proposal), `proposal:${proposal.rootId}`),
    occurredAt: now,
  };
  const at = now.toISOString();
  const status: ProposalStatus = proposal.status;
  let message: NewOutboxMessage | undefined;
  if (status === 'pending') {
    message = {
      ...envelope,
      type: 'proposal.pending',
      data: { ...fields, approverRole: proposal.approverRole, expiresAt: proposal.expiresAt?.toISOString() ?? null },
    };
  } else if (status === 'approved') {
    message = { ...envelope, type: 'proposal.approved', data: { ...fields, approvals: await approvalsOf(tx, proposal), decidedAt: at } };
  } else if (status === 'rejected') {
    const rejection = ((await loadApprovals(tx, [proposal.id])).get(proposal.id) ?? []).find((approval) => approval.decision === 'reject');
    message = {
      ...envelope,
      type: 'proposal.rejected',
      data: {
        ...fields,
        rejectedBy: rejection ? { userId: rejection.userId, userName: rejection.userName } : null,
        comment: rejection?.comment ?? proposal.error?.message ?? null,
        decidedAt: at,
      },
    };
  } else if (status === 'expired') {
    message = { ...envelope, type: 'proposal.expired', data: { ...fields, expiredAt: at } };
  } else if (status === 'executed') {
    message = {
      ...envelope,
      type: 'action.executed',
      data: {
        ...fields,
        result: result ?? proposal.result ?? null,
        // A proposal runs at most once (row lock + status check), so its id is a sound idempotency key.
        idempotencyKey: proposal.id,
        approvals: await approvalsOf(tx, proposal),
        executedAt: at,
      },
    };
  }
  if (message) await appendOutboxMessage(tx, message);
  if (status === 'executed') {
    // The downstream half: the system of record confirms or fails it back through /v1/events.
    const policy = await loadActivePolicy(tx, proposal.tenantId);
    await recordActionExecuted(tx, {
      tenantId: proposal.tenantId,
      proposalId: proposal.id,
      tool: proposal.tool,
      exceptionId: proposal.exceptionId,
      orderingKey: envelope.orderingKey,
      executedAt: now,
      confirmWithinMinutes: policy.document.actionConfirmationMinutes ?? null,
    });
  }
}
