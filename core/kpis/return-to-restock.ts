/** Return-to-restock cycle time: from a return's receipt to the restock disposition of its lines, for lines restocked in the window. */
import type { Tx } from '../db/database.ts';
import { round, type DurationStat, type KpiWindow } from './kpi-window.ts';

export async function returnToRestockCycleTime(tx: Tx, window: KpiWindow): Promise<DurationStat> {
  const result = await tx.query<{ count: number; average: number | null; p90: number | null }>(
    `WITH restocked AS (
       SELECT extract(epoch FROM (l.disposition_at - r.received_at)) / 3600.0 AS hours
         FROM return_lines l JOIN returns r ON r.id = l.return_id
        WHERE l.disposition = 'restock' AND l.disposition_at >= $1 AND l.disposition_at < $2
          AND r.received_at IS NOT NULL AND l.disposition_at >= r.received_at
     )
     SELECT count(*)::int AS count, avg(hours)::float8 AS average,
            (percentile_cont(0.9) WITHIN GROUP (ORDER BY hours))::float8 AS p90
       FROM restocked`,
    [window.from, window.to],
  );
  const row = result.rows[0]!;
  return { count: row.count, averageHours: round(row.average, 2), p90Hours: round(row.p90, 2) };
}
