/**
 * An approver accepts a pending proposal: four-eyes, role and authority checks, then the tool runs in
 * the same transaction that holds the proposal's row lock — so it runs at most once, even when two
 * approvals arrive at the same moment — after its preconditions and the policy are checked again
 * against current state.
 */
import { z } from 'zod';
import type { Database } from '../../core/db/database.ts';
import { ForbiddenError, parseOrThrow } from '../../core/errors.ts';
import type { Principal } from '../../core/identity/roles.ts';
import { withTenant } from '../../core/db/tenant-scope.ts';
import type { ToolOutcome } from '../../tools/outcome.ts';
import type { ToolRegistry } from '../../tools/registry.ts';
import { actorFromPrincipal } from '../audit/audit-entry.ts';
import { approvalRight } from '../authority.ts';
import { decide } from '../decide.ts';
import { loadActivePolicy } from '../policy-store.ts';
import { lockToolBudget, loadBudgetUsage } from './budget-usage.ts';
import { outcomeFromProposal } from './outcome.ts';
import { assertIndependentDecider, expiredConflict, lockPendingProposal, proposerPrincipal } from './proposal-access.ts';
import { findExecutedTwin } from './find-twin-proposals.ts';
import { insertApproval } from './proposal-store.ts';
import { executeApproved } from './propose-write.ts';
import type { ProposalError } from './proposal.ts';
import { inspectTool } from './run-in-savepoint.ts';
import { transitionProposal } from './transition-proposal.ts';
import { tenantTimezone } from '../../core/tenants/tenants.ts';

export const approveInputSchema = z.object({ comment: z.string().trim().max(2000).optional() });
export type ApproveInput = z.input<typeof approveInputSchema>;

export async function approveProposal(
  db: Database,
  registry: ToolRegistry,
  principal: Principal,
  proposalId: string,
  input: ApproveInput = {},
  options: { now?: Date } = {},
): Promise<ToolOutcome> {
  const { comment } = parseOrThrow(approveInputSchema, input, 'approval');
  const now = options.now ?? new Date();
  const actor = actorFromPrincipal(principal);
  const settled = await withTenant(db, principal.tenantId, async (tx) => {
    const locked = await lockPendingProposal(tx, registry, proposalId, now);
    if (locked.kind === 'expired') return locked;
    const { proposal, tool } = locked;
    await assertIndependentDecider(tx, principal, proposal);
    const recorded = approvalRight(
      principal.roles,
      proposal.approverRole ?? 'admin',
      proposal.authority ?? undefined,
      proposal.amount ?? undefined,
    );
    if (!recorded.ok) throw new ForbiddenError(recorded.reason, { proposalId, approverRole: proposal.approverRole });

    // State may have moved since the proposal was made (the order shipped, the amount changed, the
    // policy was tightened): decide again on fresh facts before anything runs.
    const runAs = proposerPrincipal(proposal, principal);
    await lockToolBudget(tx, proposal.tenantId, tool.name);
    const policy = await loadActivePolicy(tx, proposal.tenantId);
    // A call that is not idempotent never runs twice: a second refund for the same double capture,
    // proposed by someone else or before the first was approved, fails here instead of paying out again.
    const twin = tool.idempotent === true ? undefined : await findExecutedTwin(tx, proposal, policy.document.proposalTtlHours);
    const inspected = twin ? undefined : await inspectTool({ tx, db, principal: runAs, now }, tool, proposal.args);
    let failure: ProposalError | undefined = twin
      ? {
          code: 'duplicate_action',
          message: `an identical ${tool.name} call (same arguments) already ran as proposal ${twin.id}; approving this one would do it twice`,
          details: { duplicateOf: twin.id },
        }
      : inspected?.ok
        ? undefined
        : inspected?.error;
    if (inspected?.ok) {
      const fresh = decide(policy, {
        toolName: tool.name,
        tool,
        args: proposal.args,
        facts: inspected.value,
        callerRoles: proposal.proposer.roles,
        origin: proposal.origin.kind,
        ...(proposal.exceptionType ? { exceptionType: proposal.exceptionType } : {}),
        now,
        timezone: await tenantTimezone(tx, proposal.tenantId),
        usage: await loadBudgetUsage(tx, proposal.tenantId, tool.name, now),
      });
      if (fresh.decision === 'deny') {
        failure = {
          code: 'policy_denied',
          message: `the policy now denies this action: ${fresh.reason}`,
          details: { rule: fresh.ruleId, policyVersion: fresh.policyVersion },
        };
      } else if (fresh.decision === 'require_approval') {
        const right = approvalRight(principal.roles, fresh.approverRole!, fresh.authority, fresh.amount);
        if (!right.ok)
          throw new ForbiddenError(`${right.reason} (under the current policy and state)`, {
            proposalId,
            approverRole: fresh.approverRole,
          });
      }
    }

    await insertApproval(tx, proposal, principal, 'approve', comment, now);
    const approved = await transitionProposal(tx, proposal, 'approved', { actor, now, ...(comment ? { note: { comment } } : {}) });
    if (failure)
      return { kind: 'done' as const, proposal: await transitionProposal(tx, approved, 'failed', { actor, now, error: failure }) };
    // Inspected above in this transaction; only the approval's own records were written since.
    return { kind: 'done' as const, proposal: await executeApproved(tx, db, approved, tool, runAs, actor, now, { inspected: true }) };
  });
  if (settled.kind === 'expired') throw expiredConflict(settled.proposal);
  const outcome = outcomeFromProposal(settled.proposal);
  return { ...outcome, reason: `approved by ${principal.userName}: ${outcome.reason}` };
}
