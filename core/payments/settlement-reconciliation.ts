/**
 * Payment settlement → ERP reconciliation cycle time: from a payment's settlement to the first
 * successful ERP sync of its order at or after it (the ERP then holds the order the cash belongs to),
 * for payments settled in the window; those with no such sync by the window's end are unreconciled.
 */
import type { Tx } from '../db/database.ts';

export interface SettlementReconciliationStat {
  settled: number;
  reconciled: number;
  averageHours: number | null;
  p90Hours: number | null;
  /** Settled in the window and not yet matched by a successful ERP sync at its end. */
  unreconciled: number;
}

const round = (value: number | null) => (value === null ? null : Math.round(value * 100) / 100);

export async function settlementReconciliationTime(tx: Tx, window: { from: Date; to: Date }): Promise<SettlementReconciliationStat> {
  const result = await tx.query<{ settled: number; reconciled: number; average: number | null; p90: number | null }>(
    `WITH settled AS (
       SELECT p.settled_at,
              (SELECT min(a.attempted_at) FROM erp_sync_attempts a
                WHERE a.order_id = p.order_id AND a.outcome = 'succeeded' AND a.attempted_at >= p.settled_at AND a.attempted_at < $2) AS synced_at
         FROM payments p WHERE p.settled_at >= $1 AND p.settled_at < $2),
     cycles AS (SELECT extract(epoch FROM synced_at - settled_at) / 3600.0 AS hours FROM settled WHERE synced_at IS NOT NULL)
     SELECT (SELECT count(*)::int FROM settled) AS settled, (SELECT count(*)::int FROM cycles) AS reconciled,
            (SELECT avg(hours)::float8 FROM cycles) AS average,
            (SELECT (percentile_cont(0.9) WITHIN GROUP (ORDER BY hours))::float8 FROM cycles) AS p90`,
    [window.from, window.to],
  );
  const row = result.rows[0]!;
  return {
    settled: row.settled,
    reconciled: row.reconciled,
    averageHours: round(row.average),
    p90Hours: round(row.p90),
    unreconciled: row.settled - row.reconciled,
  };
}
