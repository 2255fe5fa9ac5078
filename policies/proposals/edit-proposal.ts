/**
 * An approver edits a pending proposal's arguments. The edit is validated against the tool's schema,
 * inspected against current state and decided by the policy again, exactly as a new call would be,
 * and becomes a new revision that supersedes the old one. The tool never changes. An edit the policy
 * denies is recorded and returned as denied, and the original stays pending; an edit whose
 * preconditions fail (a refund above the refundable amount) is refused and changes nothing.
 */
import { z } from 'zod';
import type { Database } from '../../core/db/database.ts';
import { withTenant } from '../../core/db/tenant-scope.ts';
import { AppError, ForbiddenError, parseOrThrow, ValidationError, type ErrorCode } from '../../core/errors.ts';
import type { Principal } from '../../core/identity/roles.ts';
import type { ToolOutcome } from '../../tools/outcome.ts';
import type { ToolRegistry } from '../../tools/registry.ts';
import { actorFromPrincipal } from '../audit/audit-entry.ts';
import { eligibleApproverRoles } from '../authority.ts';
import { validateArgs } from './validate-args.ts';
import { expiredConflict, lockPendingProposal, proposerPrincipal } from './proposal-access.ts';
import { argsHash, insertApproval } from './proposal-store.ts';
import { proposeWrite } from './propose-write.ts';
import { transitionProposal } from './transition-proposal.ts';

export const editInputSchema = z.object({
  args: z.unknown(),
  /** Only to refuse it clearly: an edit can never change which tool a proposal calls. */
  tool: z.string().optional(),
  comment: z.string().trim().max(2000).optional(),
});
export type EditInput = z.input<typeof editInputSchema>;

export async function editProposal(
  db: Database,
  registry: ToolRegistry,
  principal: Principal,
  proposalId: string,
  input: EditInput,
  options: { now?: Date } = {},
): Promise<ToolOutcome> {
  const edit = parseOrThrow(editInputSchema, input, 'edit');
  const now = options.now ?? new Date();
  const actor = actorFromPrincipal(principal);
  const settled = await withTenant(db, principal.tenantId, async (tx) => {
    const locked = await lockPendingProposal(tx, registry, proposalId, now);
    if (locked.kind === 'expired') return locked;
    const { proposal, tool } = locked;
    if (edit.tool !== undefined && edit.tool !== proposal.tool) {
      throw new ValidationError(`an edit cannot change the tool (${proposal.tool} → ${edit.tool}); reject the proposal instead`, [
        { path: 'tool', message: 'cannot change' },
      ]);
    }
    const roles = eligibleApproverRoles(proposal.approverRole ?? 'admin');
    if (!principal.roles.some((role) => (roles as string[]).includes(role))) {
      throw new ForbiddenError(`editing this needs the ${roles.join(' or ')} role`, { proposalId });
    }
    const args = validateArgs(tool.input, edit.args, tool.name);
    if (!args.ok) throw args.error;
    if (argsHash(args.value) === proposal.argsHash)
      throw new ValidationError('the edit does not change the arguments', [{ path: 'args', message: 'unchanged' }]);

    const { outcome, proposal: revision } = await proposeWrite(
      tx,
      db,
      {
        tool,
        args: args.value,
        proposer: proposerPrincipal(proposal, principal),
        origin: proposal.origin,
        runId: proposal.runId ?? undefined,
        rationale: proposal.rationale ?? undefined,
        citations: proposal.citations,
        exceptionId: proposal.exceptionId ?? undefined,
        exceptionType: proposal.exceptionType ?? undefined,
        parent: proposal,
        editor: principal,
      },
      actor,
      now,
    );
    if (!revision) {
      // Refused before a decision (preconditions, e.g. above the refundable amount): nothing changes.
      const error = outcome.error!;
      throw new AppError(error.code as ErrorCode, `edit refused: ${error.message}`, error.details);
    }
    if (revision.status !== 'denied') {
      await insertApproval(tx, proposal, principal, 'edit', edit.comment, now);
      await transitionProposal(tx, proposal, 'superseded', {
        actor,
        now,
        note: {
          supersededBy: revision.id,
          revision: revision.revision,
          args: revision.args,
          ...(edit.comment ? { comment: edit.comment } : {}),
        },
      });
    }
    return { kind: 'done' as const, outcome };
  });
  if (settled.kind === 'expired') throw expiredConflict(settled.proposal);
  return settled.outcome;
}
