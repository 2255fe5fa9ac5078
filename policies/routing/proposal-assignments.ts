/** SQL of proposal_assignments: who decides a pending proposal (keyed by its root, stable across edits). */
import type { Tx } from '../../core/db/database.ts';
import type { AssignmentReason } from '../../core/exceptions/index.ts';
import { rowToProposal, type Proposal, type ProposalRow } from '../proposals/proposal.ts';

export interface ProposalAssignment {
  rootId: string;
  queue: string | null;
  owner: string | null;
  reason: AssignmentReason;
  escalationStep: number;
}

interface AssignmentRow {
  root_id: string;
  queue: string | null;
  owner: string | null;
  reason: AssignmentReason;
  escalation_step: number;
}

const toAssignment = (row: AssignmentRow): ProposalAssignment => ({
  rootId: row.root_id,
  queue: row.queue,
  owner: row.owner,
  reason: row.reason,
  escalationStep: row.escalation_step,
});

export async function readProposalAssignments(tx: Tx, rootIds: readonly string[]): Promise<Map<string, ProposalAssignment>> {
  if (rootIds.length === 0) return new Map();
  const result = await tx.query<AssignmentRow>(
    'SELECT root_id, queue, owner, reason, escalation_step FROM proposal_assignments WHERE root_id = ANY($1::uuid[])',
    [[...new Set(rootIds)]],
  );
  return new Map(result.rows.map((row) => [row.root_id, toAssignment(row)]));
}

export async function lockProposalAssignment(tx: Tx, rootId: string): Promise<ProposalAssignment | undefined> {
  const result = await tx.query<AssignmentRow>(
    'SELECT root_id, queue, owner, reason, escalation_step FROM proposal_assignments WHERE root_id = $1 FOR UPDATE',
    [rootId],
  );
  return result.rows[0] ? toAssignment(result.rows[0]) : undefined;
}

export async function upsertProposalAssignment(
  tx: Tx,
  tenantId: string,
  rootId: string,
  assignment: { queue: string | null; owner: string | null; reason: AssignmentReason },
): Promise<void> {
  await tx.query(
    `INSERT INTO proposal_assignments (tenant_id, root_id, queue, owner, reason) VALUES ($1, $2, $3, $4, $5::jsonb)
     ON CONFLICT (tenant_id, root_id) DO UPDATE SET queue = EXCLUDED.queue, owner = EXCLUDED.owner, reason = EXCLUDED.reason, updated_at = now()`,
    [tenantId, rootId, assignment.queue, assignment.owner, JSON.stringify(assignment.reason)],
  );
}

/** Moves the ladder from step - 1 to step; false when another sweep already took it. */
export async function advanceProposalEscalation(tx: Tx, rootId: string, step: number): Promise<boolean> {
  const result = await tx.query(
    'UPDATE proposal_assignments SET escalation_step = $2, updated_at = now() WHERE root_id = $1 AND escalation_step = $3',
    [rootId, step, step - 1],
  );
  return result.rowCount > 0;
}

export interface AssignedProposal {
  proposal: Proposal;
  assignment: ProposalAssignment;
}

/**
 * Pending proposals owned by `owner` or in one of `queues` (mineOrQueues), or all assigned pending
 * proposals when neither is given; oldest first. RLS scopes them to the transaction's tenant.
 */
export async function listAssignedPendingProposals(
  tx: Tx,
  filter: { owner?: string | null; queues?: readonly string[]; limit?: number },
): Promise<AssignedProposal[]> {
  const any = filter.owner === undefined && filter.queues === undefined;
  const result = await tx.query<
    ProposalRow & { a_queue: string | null; a_owner: string | null; a_reason: AssignmentReason; a_step: number }
  >(
    `SELECT p.*, a.queue AS a_queue, a.owner AS a_owner, a.reason AS a_reason, a.escalation_step AS a_step
       FROM proposals p JOIN proposal_assignments a ON a.root_id = p.root_id
      WHERE p.status = 'pending' AND ($1 OR a.owner = $2 OR a.queue = ANY($3::text[]))
      ORDER BY p.created_at, p.id LIMIT $4`,
    [any, filter.owner ?? null, [...(filter.queues ?? [])], filter.limit ?? 200],
  );
  return result.rows.map((row) => ({
    proposal: rowToProposal(row),
    assignment: { rootId: row.root_id, queue: row.a_queue, owner: row.a_owner, reason: row.a_reason, escalationStep: row.a_step },
  }));
}

/** Pending proposals whose assignment exists and whose expiry is near (all tenants under asOperator). */
export async function listExpiringAssignedProposals(tx: Tx, before: Date, limit = 500): Promise<AssignedProposal[]> {
  const result = await tx.query<
    ProposalRow & { a_queue: string | null; a_owner: string | null; a_reason: AssignmentReason; a_step: number }
  >(
    `SELECT p.*, a.queue AS a_queue, a.owner AS a_owner, a.reason AS a_reason, a.escalation_step AS a_step
       FROM proposals p JOIN proposal_assignments a ON a.root_id = p.root_id
      WHERE p.status = 'pending' AND p.expires_at IS NOT NULL AND p.expires_at <= $1
      ORDER BY p.expires_at LIMIT $2`,
    [before, limit],
  );
  return result.rows.map((row) => ({
    proposal: rowToProposal(row),
    assignment: { rootId: row.root_id, queue: row.a_queue, owner: row.a_owner, reason: row.a_reason, escalationStep: row.a_step },
  }));
}
