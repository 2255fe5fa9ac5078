/**
 * Exception SLA breach rate: of exceptions whose resolve clock ran out inside the window, the share
 * still live at that moment or closed after it.
 */
import type { Tx } from '../db/database.ts';
import { EXCEPTION_TYPES, type ExceptionType } from '../exceptions/exception-types.ts';
import { rate, type KpiWindow, type RateStat } from './kpi-window.ts';

export interface SlaBreachStat extends RateStat {
  byType: Record<ExceptionType, RateStat>;
}

export async function exceptionSlaBreachRate(tx: Tx, window: KpiWindow): Promise<SlaBreachStat> {
  const result = await tx.query<{ type: ExceptionType; due: number; breached: number }>(
    `SELECT type, count(*)::int AS due,
            count(*) FILTER (WHERE resolved_at IS NULL OR resolved_at > sla_due_at)::int AS breached
       FROM exceptions WHERE sla_due_at >= $1 AND sla_due_at < $2
      GROUP BY type`,
    [window.from, window.to],
  );
  const byType = Object.fromEntries(EXCEPTION_TYPES.map((type) => [type, rate(0, 0)])) as Record<ExceptionType, RateStat>;
  let due = 0;
  let breached = 0;
  for (const row of result.rows) {
    byType[row.type] = rate(row.breached, row.due);
    due += row.due;
    breached += row.breached;
  }
  return { ...rate(breached, due), byType };
}
