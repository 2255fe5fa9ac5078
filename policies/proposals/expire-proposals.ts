/** Pending proposals past their expiry become expired: on every read, and by a sweep for all tenants. */
import type { Database, Tx } from '../../core/db/database.ts';
import { asOperator } from '../../core/db/tenant-scope.ts';
import { SYSTEM_ACTOR } from '../audit/audit-entry.ts';
import { rowToProposal, type ProposalRow } from './proposal.ts';
import { transitionProposal } from './transition-proposal.ts';

/**
 * Expires what is due among the rows this transaction can see (one tenant under withTenant, all under
 * the operator). Rows locked by an approval in progress are skipped: that approval decides them.
 */
export async function expireDueProposals(tx: Tx, now: Date): Promise<number> {
  const due = await tx.query<ProposalRow>(
    `SELECT * FROM proposals WHERE status = 'pending' AND expires_at <= $1::timestamptz
      ORDER BY tenant_id, created_at FOR UPDATE SKIP LOCKED`,
    [now.toISOString()],
  );
  for (const row of due.rows) {
    await transitionProposal(tx, rowToProposal(row), 'expired', {
      actor: SYSTEM_ACTOR,
      now,
      error: { code: 'expired', message: `not decided before ${row.expires_at?.toISOString()}` },
    });
  }
  return due.rows.length;
}

/** Sweep for a scheduler or worker: expires due proposals of every tenant. */
export function expireProposals(db: Database, options: { now?: Date } = {}): Promise<number> {
  return asOperator(db, (tx) => expireDueProposals(tx, options.now ?? new Date()));
}
