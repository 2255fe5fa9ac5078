/** Triage queue depth for /metrics: live exceptions by triage state, across tenants (a read-only count). */
import type { Database } from '../../core/db/database.ts';
import { asOperator } from '../../core/db/tenant-scope.ts';
import { DEFAULT_MAX_TRIAGE_ATTEMPTS } from '../../core/exceptions/index.ts';

export type QueueState = 'waiting' | 'triaging' | 'awaiting_approval' | 'parked';

export async function triageQueueDepth(db: Database): Promise<Record<QueueState, number>> {
  // The core exports per-type KPIs but no count by triage state; this only reads its columns.
  const rows = await asOperator(
    db,
    async (tx) =>
      (
        await tx.query<{ state: QueueState; count: number }>(
          `SELECT CASE WHEN status = 'open' AND (parked OR attempts >= $1) THEN 'parked' WHEN status = 'open' THEN 'waiting' ELSE status END AS state,
                count(*)::int AS count
           FROM exceptions WHERE status IN ('open', 'triaging', 'awaiting_approval') GROUP BY 1`,
          [DEFAULT_MAX_TRIAGE_ATTEMPTS],
        )
      ).rows,
  );
  const depth: Record<QueueState, number> = { waiting: 0, triaging: 0, awaiting_approval: 0, parked: 0 };
  for (const row of rows) depth[row.state] = row.count;
  return depth;
}
