/** SQL for proposals and approvals; everything else in this folder goes through these functions. */
import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Tx } from '../../core/db/database.ts';
import type { Principal } from '../../core/identity/roles.ts';
import type { ToolFacts, ToolOrigin } from '../../tools/tool.ts';
import type { Citation } from '../../retrieval/citation.ts';
import { canonicalJson } from '../audit/canonical-json.ts';
import type { PolicyDecision } from '../decide.ts';
import { rowToProposal, type ApprovalRecord, type Proposal, type ProposalRow, type ProposalStatus } from './proposal.ts';

export interface NewProposal {
  tenantId: string;
  tool: string;
  args: unknown;
  proposer: { userId: string; name: string; roles: readonly string[] };
  origin: ToolOrigin;
  runId?: string | undefined;
  rationale?: string | undefined;
  citations?: Citation[] | undefined;
  evidence: ToolFacts;
  exceptionId?: string | undefined;
  exceptionType?: string | undefined;
  decision: PolicyDecision;
  status: Extract<ProposalStatus, 'pending' | 'approved' | 'denied'>;
  expiresAt: Date | null;
  /** For a revision made by an edit. */
  parent?: { id: string; rootId: string; editors: string[] } | undefined;
  editorId?: string | undefined;
  now: Date;
}

export const argsHash = (args: unknown): string => createHash('sha256').update(canonicalJson(args)).digest('hex');

export async function insertProposal(tx: Tx, proposal: NewProposal): Promise<Proposal> {
  const id = randomUUID();
  const rootId = proposal.parent?.rootId ?? id;
  const editors = proposal.parent ? [...new Set([...proposal.parent.editors, ...(proposal.editorId ? [proposal.editorId] : [])])] : [];
  const decision = proposal.decision;
  const result = await tx.query<ProposalRow>(
    `INSERT INTO proposals (
       id, tenant_id, tool, args, args_hash, proposer_user_id, proposer_name, proposer_roles, origin_kind, origin_ref,
       run_id, rationale, citations, evidence, exception_id, exception_type, decision, rule_id, reason, policy_version,
       approver_role, authority, amount, status, root_id, revision, parent_id, editors, expires_at, created_at, updated_at,
       settled_at)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb, $14::jsonb, $15, $16, $17, $18, $19, $20,
       $21, $22::jsonb, $23, $24, $25,
       CASE WHEN $26::uuid IS NULL THEN 1 ELSE (SELECT max(revision) + 1 FROM proposals WHERE root_id = $25) END,
       $26, $27, $28, $29, $29, $30)
     RETURNING *`,
    [
      id,
      proposal.tenantId,
      proposal.tool,
      JSON.stringify(proposal.args),
      argsHash(proposal.args),
      proposal.proposer.userId,
      proposal.proposer.name,
      [...proposal.proposer.roles],
      proposal.origin.kind,
      proposal.origin.ref ?? null,
      proposal.runId ?? null,
      proposal.rationale ?? null,
      JSON.stringify(proposal.citations ?? []),
      JSON.stringify(proposal.evidence),
      proposal.exceptionId ?? null,
      proposal.exceptionType ?? null,
      decision.decision,
      decision.ruleId,
      decision.reason,
      decision.policyVersion,
      decision.approverRole ?? null,
      decision.authority ? JSON.stringify(decision.authority) : null,
      decision.amount ?? null,
      proposal.status,
      rootId,
      proposal.parent?.id ?? null,
      editors,
      proposal.expiresAt?.toISOString() ?? null,
      proposal.now.toISOString(),
      proposal.status === 'denied' ? proposal.now.toISOString() : null,
    ],
    { prepare: 'everywhere' },
  );
  return rowToProposal(result.rows[0]!);
}

/** Locks the proposal row for the rest of the transaction; undefined when it does not exist for this tenant. */
export async function lockProposal(tx: Tx, id: string): Promise<Proposal | undefined> {
  if (!z.uuid().safeParse(id).success) return undefined;
  const result = await tx.query<ProposalRow>('SELECT * FROM proposals WHERE id = $1 FOR UPDATE', [id]);
  return result.rows[0] ? rowToProposal(result.rows[0]) : undefined;
}

export async function findProposal(tx: Tx, id: string): Promise<Proposal | undefined> {
  if (!z.uuid().safeParse(id).success) return undefined;
  const result = await tx.query<ProposalRow>('SELECT * FROM proposals WHERE id = $1', [id]);
  return result.rows[0] ? rowToProposal(result.rows[0]) : undefined;
}

/** Moves a proposal from one status to another; the WHERE on the old status makes a lost race visible. */
export async function updateProposalStatus(
  tx: Tx,
  proposal: Proposal,
  to: ProposalStatus,
  patch: { result?: unknown; error?: unknown; now: Date; settled: boolean },
): Promise<Proposal | undefined> {
  const result = await tx.query<ProposalRow>(
    `UPDATE proposals SET status = $3, updated_at = $4,
            result = coalesce($5::jsonb, result), error = coalesce($6::jsonb, error),
            settled_at = CASE WHEN $7 THEN $4::timestamptz ELSE settled_at END
      WHERE id = $1 AND status = $2 RETURNING *`,
    [
      proposal.id,
      proposal.status,
      to,
      patch.now.toISOString(),
      patch.result === undefined ? null : JSON.stringify(patch.result),
      patch.error === undefined ? null : JSON.stringify(patch.error),
      patch.settled,
    ],
    { prepare: 'everywhere' },
  );
  return result.rows[0] ? rowToProposal(result.rows[0]) : undefined;
}

export async function insertApproval(
  tx: Tx,
  proposal: Proposal,
  principal: Principal,
  decision: ApprovalRecord['decision'],
  comment: string | undefined,
  now: Date,
): Promise<void> {
  await tx.query(
    `INSERT INTO approvals (tenant_id, proposal_id, user_id, user_name, roles, decision, comment, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [proposal.tenantId, proposal.id, principal.userId, principal.userName, principal.roles, decision, comment ?? null, now.toISOString()],
  );
}

export async function loadApprovals(tx: Tx, proposalIds: readonly string[]): Promise<Map<string, ApprovalRecord[]>> {
  const byProposal = new Map<string, ApprovalRecord[]>();
  if (proposalIds.length === 0) return byProposal;
  const result = await tx.query<{
    id: string;
    proposal_id: string;
    user_id: string;
    user_name: string;
    roles: ApprovalRecord['roles'];
    decision: ApprovalRecord['decision'];
    comment: string | null;
    created_at: Date;
  }>('SELECT * FROM approvals WHERE proposal_id = ANY($1::uuid[]) ORDER BY created_at, id', [[...proposalIds]], { prepare: 'everywhere' });
  for (const row of result.rows) {
    const list = byProposal.get(row.proposal_id) ?? [];
    list.push({
      id: row.id,
      userId: row.user_id,
      userName: row.user_name,
      roles: row.roles,
      decision: row.decision,
      comment: row.comment,
      createdAt: row.created_at,
    });
    byProposal.set(row.proposal_id, list);
  }
  return byProposal;
}
