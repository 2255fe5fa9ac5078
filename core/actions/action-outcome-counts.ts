/** What became of the actions executed in a window, downstream (the partner scorecard). */
import type { Tx } from '../db/database.ts';

export interface ActionOutcomeCounts {
  executed: number;
  confirmed: number;
  failedDownstream: number;
  unconfirmed: number;
  /** Executed and still waiting for the system of record's answer. */
  awaiting: number;
}

export async function countActionOutcomes(tx: Tx, window: { from: Date; to: Date }): Promise<ActionOutcomeCounts> {
  const result = await tx.query<{ status: string; n: number }>(
    'SELECT status, count(*)::int AS n FROM action_outcomes WHERE executed_at >= $1 AND executed_at < $2 GROUP BY status',
    [window.from, window.to],
  );
  const by = (status: string) => result.rows.find((row) => row.status === status)?.n ?? 0;
  const counts = { confirmed: by('confirmed'), failedDownstream: by('failed'), unconfirmed: by('unconfirmed'), awaiting: by('executed') };
  return { executed: counts.confirmed + counts.failedDownstream + counts.unconfirmed + counts.awaiting, ...counts };
}
