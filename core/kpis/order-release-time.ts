/** Order release time: capture (placed_at) to release to the warehouse, for orders released in the window. */
import type { Tx } from '../db/database.ts';
import { round, type DurationStat, type KpiWindow } from './kpi-window.ts';

export async function orderReleaseTime(tx: Tx, window: KpiWindow): Promise<DurationStat> {
  const result = await tx.query<{ count: number; average: number | null; p90: number | null }>(
    `WITH released AS (
       SELECT extract(epoch FROM (released_at - placed_at)) / 3600.0 AS hours
         FROM orders WHERE released_at >= $1 AND released_at < $2 AND released_at >= placed_at
     )
     SELECT count(*)::int AS count, avg(hours)::float8 AS average,
            (percentile_cont(0.9) WITHIN GROUP (ORDER BY hours))::float8 AS p90
       FROM released`,
    [window.from, window.to],
  );
  const row = result.rows[0]!;
  return { count: row.count, averageHours: round(row.average, 2), p90Hours: round(row.p90, 2) };
}
