/** An approver rejects a pending proposal, with a reason; nothing runs. */
import { z } from 'zod';
import type { Database } from '../../core/db/database.ts';
import { withTenant } from '../../core/db/tenant-scope.ts';
import { ForbiddenError, parseOrThrow } from '../../core/errors.ts';
import type { Principal } from '../../core/identity/roles.ts';
import type { ToolRegistry } from '../../tools/registry.ts';
import { actorFromPrincipal } from '../audit/audit-entry.ts';
import { eligibleApproverRoles } from '../authority.ts';
import { expiredConflict, lockPendingProposal } from './proposal-access.ts';
import type { Proposal } from './proposal.ts';
import { insertApproval } from './proposal-store.ts';
import { transitionProposal } from './transition-proposal.ts';

export const rejectInputSchema = z.object({ reason: z.string().trim().min(1, 'a reason is required').max(2000) });
export type RejectInput = z.input<typeof rejectInputSchema>;

export async function rejectProposal(
  db: Database,
  registry: ToolRegistry,
  principal: Principal,
  proposalId: string,
  input: RejectInput,
  options: { now?: Date } = {},
): Promise<Proposal> {
  const { reason } = parseOrThrow(rejectInputSchema, input, 'rejection');
  const now = options.now ?? new Date();
  const settled = await withTenant(db, principal.tenantId, async (tx) => {
    const locked = await lockPendingProposal(tx, registry, proposalId, now);
    if (locked.kind === 'expired') return locked;
    const { proposal } = locked;
    // Any approver the proposal is routed to may reject it; authority limits bound approving, not refusing.
    const roles = eligibleApproverRoles(proposal.approverRole ?? 'admin');
    if (!principal.roles.some((role) => (roles as string[]).includes(role))) {
      throw new ForbiddenError(`rejecting this needs the ${roles.join(' or ')} role`, { proposalId });
    }
    await insertApproval(tx, proposal, principal, 'reject', reason, now);
    const rejected = await transitionProposal(tx, proposal, 'rejected', {
      actor: actorFromPrincipal(principal),
      now,
      error: { code: 'rejected', message: reason },
      note: { rejectedBy: principal.userName, reason },
    });
    return { kind: 'done' as const, proposal: rejected };
  });
  if (settled.kind === 'expired') throw expiredConflict(settled.proposal);
  return settled.proposal;
}
