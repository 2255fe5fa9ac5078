/** Locks a proposal for a decision and checks the checks every decision shares. */
import type { Tx } from '../../core/db/database.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '../../core/errors.ts';
import type { Principal } from '../../core/identity/roles.ts';
import { sharePerson } from '../../core/identity/user-lineage.ts';
import type { ToolRegistry } from '../../tools/registry.ts';
import type { AnyTool } from '../../tools/tool.ts';
import { SYSTEM_ACTOR } from '../audit/audit-entry.ts';
import type { Proposal } from './proposal.ts';
import { lockProposal } from './proposal-store.ts';
import { transitionProposal } from './transition-proposal.ts';

export type Locked = { kind: 'pending'; proposal: Proposal; tool: AnyTool } | { kind: 'expired'; proposal: Proposal };

/**
 * SELECT … FOR UPDATE: a concurrent decision on the same proposal waits here, then sees the status the
 * first one left (executed, rejected…) and gets a ConflictError. Row-level security makes another
 * tenant's proposal simply not found. A pending proposal past its expiry is expired now; the caller
 * commits that and reports the conflict.
 */
export async function lockPendingProposal(tx: Tx, registry: ToolRegistry, id: string, now: Date): Promise<Locked> {
  const proposal = await lockProposal(tx, id);
  if (!proposal) throw new NotFoundError('proposal', id);
  if (proposal.status === 'pending' && proposal.expiresAt && proposal.expiresAt <= now) {
    const expired = await transitionProposal(tx, proposal, 'expired', {
      actor: SYSTEM_ACTOR,
      now,
      error: { code: 'expired', message: `not decided before ${proposal.expiresAt.toISOString()}` },
    });
    return { kind: 'expired', proposal: expired };
  }
  if (proposal.status !== 'pending') {
    throw new ConflictError(`proposal ${id} is already ${proposal.status}`, { proposalId: id, status: proposal.status });
  }
  const tool = registry.get(proposal.tool);
  if (!tool)
    throw new ConflictError(`proposal ${id} calls ${proposal.tool}, which is no longer available`, { proposalId: id, tool: proposal.tool });
  return { kind: 'pending', proposal, tool };
}

export function expiredConflict(proposal: Proposal): ConflictError {
  return new ConflictError(`proposal ${proposal.id} expired at ${proposal.expiresAt?.toISOString()}`, {
    proposalId: proposal.id,
    status: 'expired',
  });
}

/** Four-eyes: whoever proposed a call, or edited it into its current form, never approves it. */
/**
 * Four-eyes, for people rather than key records: the decider must not be the proposer or an editor,
 * nor share a person with them — one created the other's user over the API, or one admin created both
 * (core/identity/user-lineage.ts) — since whoever minted a key may be holding it.
 */
export async function assertIndependentDecider(tx: Tx, principal: Principal, proposal: Proposal): Promise<void> {
  if (principal.userId === proposal.proposer.userId) {
    throw new ForbiddenError('four-eyes rule: you proposed this action, so another approver must decide it', { proposalId: proposal.id });
  }
  if (proposal.editors.includes(principal.userId)) {
    throw new ForbiddenError('four-eyes rule: you edited this action, so another approver must decide it', { proposalId: proposal.id });
  }
  for (const [userId, role] of [[proposal.proposer.userId, 'proposed'], ...proposal.editors.map((id) => [id, 'edited'])] as const) {
    if (await sharePerson(tx, principal.userId, userId)) {
      throw new ForbiddenError(
        `four-eyes rule: this action was ${role} by a user your account created or that was created from the same account, ` +
          'so someone independent must decide it',
        { proposalId: proposal.id },
      );
    }
  }
}

/** The proposer as a principal, to run the tool on their behalf (tenant slug from the deciding principal). */
export function proposerPrincipal(proposal: Proposal, decidedBy: Principal): Principal {
  return {
    tenantId: proposal.tenantId,
    tenantSlug: decidedBy.tenantSlug,
    userId: proposal.proposer.userId,
    userName: proposal.proposer.name,
    roles: proposal.proposer.roles,
  };
}
