/**
 * Backorder duration: how long a backordered line waited — from its first backorder to the first
 * reservation of that line after it (or the order's cancellation) — for backorders that ended in the
 * window, and the backorders still open at the window's end with their age so far.
 */
import type { Tx } from '../db/database.ts';

export interface BackorderDurationStat {
  /** Backorders that ended (filled or cancelled) in the window. */
  count: number;
  averageHours: number | null;
  p90Hours: number | null;
  /** Of those, ended by cancelling the order rather than filling the line. */
  cancelled: number;
  /** Backordered lines still waiting at the window's end, and the average hours they have waited. */
  open: number;
  openAverageHours: number | null;
}

const round = (value: number | null) => (value === null ? null : Math.round(value * 100) / 100);

export async function backorderDuration(tx: Tx, window: { from: Date; to: Date }): Promise<BackorderDurationStat> {
  const result = await tx.query<{
    count: number;
    average: number | null;
    p90: number | null;
    cancelled: number;
    open: number;
    open_average: number | null;
  }>(
    `WITH starts AS (
       SELECT e.order_id, (e.data->>'lineNumber')::int AS line_number, min(e.occurred_at) AS started_at
         FROM order_events e WHERE e.type = 'line_backordered' AND e.occurred_at < $2 AND e.data ? 'lineNumber' GROUP BY 1, 2),
     spans AS (
       SELECT s.started_at, ending.occurred_at AS ended_at, ending.type AS ended_by
         FROM starts s
         LEFT JOIN LATERAL (
           SELECT r.occurred_at, r.type FROM order_events r
            WHERE r.order_id = s.order_id AND r.occurred_at >= s.started_at AND r.occurred_at < $2
              AND ((r.type = 'line_reserved' AND (r.data->>'lineNumber')::int = s.line_number) OR r.type = 'order_cancelled')
            ORDER BY r.occurred_at LIMIT 1) ending ON true),
     ended AS (SELECT extract(epoch FROM ended_at - started_at) / 3600.0 AS hours, ended_by FROM spans WHERE ended_at >= $1)
     SELECT (SELECT count(*)::int FROM ended) AS count, (SELECT avg(hours)::float8 FROM ended) AS average,
            (SELECT (percentile_cont(0.9) WITHIN GROUP (ORDER BY hours))::float8 FROM ended) AS p90,
            (SELECT count(*)::int FROM ended WHERE ended_by = 'order_cancelled') AS cancelled,
            (SELECT count(*)::int FROM spans WHERE ended_at IS NULL) AS open,
            (SELECT avg(extract(epoch FROM $2::timestamptz - started_at) / 3600.0)::float8 FROM spans WHERE ended_at IS NULL) AS open_average`,
    [window.from, window.to],
  );
  const row = result.rows[0]!;
  return {
    count: row.count,
    averageHours: round(row.average),
    p90Hours: round(row.p90),
    cancelled: row.cancelled,
    open: row.open,
    openAverageHours: round(row.open_average),
  };
}
