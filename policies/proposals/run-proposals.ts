/**
 * Proposals by the agent runs that made them: what a chat thread proposed, each at its latest revision
 * (an edit supersedes, the thread follows the proposal it became) with its downstream outcome.
 */
import { getActionOutcomes, type ActionOutcome } from '../../core/actions/index.ts';
import type { Tx } from '../../core/db/database.ts';
import { rowToProposal, type Proposal, type ProposalRow } from './proposal.ts';
import { findProposal } from './proposal-store.ts';

export interface RunProposal extends Proposal {
  downstream: ActionOutcome | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The latest revision of every proposal these runs made, oldest first (RLS: the transaction's tenant). */
export async function listProposalsOfRuns(tx: Tx, runIds: readonly string[]): Promise<RunProposal[]> {
  const ids = runIds.filter((id) => UUID.test(id));
  if (ids.length === 0) return [];
  const result = await tx.query<ProposalRow>(
    `SELECT * FROM (
       SELECT DISTINCT ON (root_id) * FROM proposals WHERE run_id = ANY($1::text[]) ORDER BY root_id, revision DESC
     ) latest ORDER BY created_at, id`,
    [ids],
  );
  const proposals = result.rows.map(rowToProposal);
  const outcomes = await getActionOutcomes(
    tx,
    proposals.map((proposal) => proposal.id),
  );
  return proposals.map((proposal) => ({ ...proposal, downstream: outcomes.get(proposal.id) ?? null }));
}

/** One proposal inside the caller's transaction (for listeners that follow a change). */
export async function findProposalInTransaction(tx: Tx, proposalId: string): Promise<Proposal | undefined> {
  return findProposal(tx, proposalId);
}
