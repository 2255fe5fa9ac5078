/**
 * A proposal as MCP clients see it (list_proposals, reject_proposal, proposal:// resources): the
 * frozen call, the decision and where it stands, in JSON form (timestamps as ISO strings).
 */
import { z } from 'zod';
import type { ApprovalRecord, Proposal } from '../policies/index.ts';
import { PROPOSAL_STATUSES } from '../policies/index.ts';
import { decisionSchema } from '../tools/outcome.ts';
import { citationSchema } from '../retrieval/citation.ts';

const approvalViewSchema = z.object({
  userName: z.string(),
  decision: z.enum(['approve', 'reject', 'edit']),
  comment: z.string().nullable(),
  createdAt: z.string(),
});

export const proposalViewSchema = z.object({
  id: z.uuid(),
  revision: z.number().int(),
  tool: z.string(),
  args: z.record(z.string(), z.unknown()),
  status: z.enum(PROPOSAL_STATUSES),
  decision: decisionSchema,
  reason: z.string(),
  rule: z.string(),
  policyVersion: z.number().int(),
  approverRole: z.string().nullable(),
  amount: z.number().nullable(),
  proposer: z.object({ userId: z.uuid(), name: z.string() }),
  origin: z.object({ kind: z.enum(['user', 'agent', 'mcp', 'system']), ref: z.string().optional() }),
  rationale: z.string().nullable(),
  citations: z.array(citationSchema),
  /** The facts the decision relied on (the tool's inspect() output). */
  evidence: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  exceptionId: z.string().nullable(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  settledAt: z.string().nullable(),
  result: z.unknown().optional(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  approvals: z.array(approvalViewSchema).optional(),
});
export type ProposalView = z.infer<typeof proposalViewSchema>;

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

export function toProposalView(proposal: Proposal & { approvals?: ApprovalRecord[] }): ProposalView {
  return {
    id: proposal.id,
    revision: proposal.revision,
    tool: proposal.tool,
    args: (proposal.args ?? {}) as Record<string, unknown>,
    status: proposal.status,
    decision: proposal.decision,
    reason: proposal.reason,
    rule: proposal.ruleId,
    policyVersion: proposal.policyVersion,
    approverRole: proposal.approverRole,
    amount: proposal.amount,
    proposer: { userId: proposal.proposer.userId, name: proposal.proposer.name },
    origin: proposal.origin.ref ? { kind: proposal.origin.kind, ref: proposal.origin.ref } : { kind: proposal.origin.kind },
    rationale: proposal.rationale,
    citations: proposal.citations,
    evidence: proposal.evidence,
    exceptionId: proposal.exceptionId,
    createdAt: proposal.createdAt.toISOString(),
    expiresAt: iso(proposal.expiresAt),
    settledAt: iso(proposal.settledAt),
    ...(proposal.status === 'executed' ? { result: proposal.result } : {}),
    error: proposal.error ? { code: proposal.error.code, message: proposal.error.message } : null,
    ...(proposal.approvals
      ? {
          approvals: proposal.approvals.map((approval) => ({
            userName: approval.userName,
            decision: approval.decision,
            comment: approval.comment,
            createdAt: approval.createdAt.toISOString(),
          })),
        }
      : {}),
  };
}
