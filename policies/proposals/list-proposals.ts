/** Reading proposals: approvers see the tenant's, everyone else only their own. Due ones expire first. */
import { getActionOutcomes, type ActionOutcome } from '../../core/actions/index.ts';
import { z } from 'zod';
import type { Database, Tx } from '../../core/db/database.ts';
import { withTenant } from '../../core/db/tenant-scope.ts';
import { NotFoundError, parseOrThrow } from '../../core/errors.ts';
import type { Principal } from '../../core/identity/roles.ts';
import { expireDueProposals } from './expire-proposals.ts';
import { proposalStatusSchema, rowToProposal, type ApprovalRecord, type Proposal, type ProposalRow } from './proposal.ts';
import { findProposal, loadApprovals } from './proposal-store.ts';

export const proposalQuerySchema = z.object({
  status: proposalStatusSchema.optional(),
  tool: z.string().max(200).optional(),
  exceptionId: z.uuid().optional(),
  limit: z.number().int().min(1).max(500).default(50),
});
export type ProposalQuery = z.input<typeof proposalQuerySchema>;

export interface ProposalDetail extends Proposal {
  approvals: ApprovalRecord[];
  /** What became of it downstream once executed (confirmed, failed, unconfirmed); null before it executed. */
  downstream: ActionOutcome | null;
  /** Every revision of this proposal (edits), oldest first. */
  revisions: Array<Pick<Proposal, 'id' | 'revision' | 'status' | 'args' | 'decision' | 'createdAt'>>;
}

const seesAll = (principal: Principal): boolean => principal.roles.includes('approver') || principal.roles.includes('admin');

export async function listProposals(
  db: Database,
  principal: Principal,
  query: ProposalQuery = {},
  options: { now?: Date } = {},
): Promise<Proposal[]> {
  const filter = parseOrThrow(proposalQuerySchema, query, 'proposal query');
  return withTenant(db, principal.tenantId, async (tx) => {
    await expireDueProposals(tx, options.now ?? new Date());
    const result = await tx.query<ProposalRow>(
      `SELECT * FROM proposals
        WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR tool = $2) AND ($3::uuid IS NULL OR exception_id = $3)
          AND ($4::uuid IS NULL OR proposer_user_id = $4)
        ORDER BY created_at DESC, id LIMIT $5`,
      [filter.status ?? null, filter.tool ?? null, filter.exceptionId ?? null, seesAll(principal) ? null : principal.userId, filter.limit],
    );
    return result.rows.map(rowToProposal);
  });
}

export async function getProposal(
  db: Database,
  principal: Principal,
  proposalId: string,
  options: { now?: Date } = {},
): Promise<ProposalDetail> {
  return withTenant(db, principal.tenantId, async (tx) => {
    await expireDueProposals(tx, options.now ?? new Date());
    const proposal = await findProposal(tx, proposalId);
    if (!proposal || (!seesAll(principal) && proposal.proposer.userId !== principal.userId))
      throw new NotFoundError('proposal', proposalId);
    return detail(tx, proposal);
  });
}

async function detail(tx: Tx, proposal: Proposal): Promise<ProposalDetail> {
  const revisions = await tx.query<ProposalRow>('SELECT * FROM proposals WHERE root_id = $1 ORDER BY revision', [proposal.rootId]);
  const approvals = await loadApprovals(tx, [proposal.id]);
  const downstream = await getActionOutcomes(tx, [proposal.id]);
  return {
    ...proposal,
    approvals: approvals.get(proposal.id) ?? [],
    downstream: downstream.get(proposal.id) ?? null,
    revisions: revisions.rows
      .map(rowToProposal)
      .map(({ id, revision, status, args, decision, createdAt }) => ({ id, revision, status, args, decision, createdAt })),
  };
}
