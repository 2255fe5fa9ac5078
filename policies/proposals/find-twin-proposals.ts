/**
 * Identical calls: the same tool with the same arguments (canonical JSON hash) in the tenant. A model
 * or client that repeats a write while the first is still pending gets that proposal back instead of a
 * second one, and an approver can never execute the same non-idempotent call twice (two refunds for
 * one double capture), whoever proposed the copies.
 */
import type { Tx } from '../../core/db/database.ts';
import { rowToProposal, type Proposal, type ProposalRow } from './proposal.ts';
import { argsHash } from './proposal-store.ts';

export interface PendingTwinQuery {
  tool: string;
  args: unknown;
  proposerUserId: string;
  /** Agent runs: only a repeat within the same run is the same request. Undefined matches calls made outside a run. */
  runId?: string | undefined;
  now: Date;
}

/** The live pending proposal for the same call by the same principal (and run), if any. */
export async function findPendingTwin(tx: Tx, query: PendingTwinQuery): Promise<Proposal | undefined> {
  const result = await tx.query<ProposalRow>(
    `SELECT * FROM proposals
      WHERE tool = $1 AND args_hash = $2 AND proposer_user_id = $3 AND run_id IS NOT DISTINCT FROM $4
        AND status = 'pending' AND (expires_at IS NULL OR expires_at > $5)
      ORDER BY created_at LIMIT 1`,
    [query.tool, argsHash(query.args), query.proposerUserId, query.runId ?? null, query.now.toISOString()],
    { prepare: 'everywhere' },
  );
  return result.rows[0] ? rowToProposal(result.rows[0]) : undefined;
}

/**
 * Another proposal of the same call that already ran (or is approved and running) within `windowHours`
 * before this one was made, or at any time since. Callers hold the tool's budget lock, so two approvals
 * of twins serialise and the second sees the first.
 */
export async function findExecutedTwin(tx: Tx, proposal: Proposal, windowHours: number): Promise<Proposal | undefined> {
  const result = await tx.query<ProposalRow>(
    `SELECT * FROM proposals
      WHERE tool = $1 AND args_hash = $2 AND root_id <> $3 AND status IN ('approved', 'executed')
        AND created_at > $4::timestamptz - make_interval(hours => $5::int)
      ORDER BY created_at LIMIT 1`,
    [proposal.tool, proposal.argsHash, proposal.rootId, proposal.createdAt.toISOString(), windowHours],
  );
  return result.rows[0] ? rowToProposal(result.rows[0]) : undefined;
}
