/** Live exceptions by type and age (time since detection at the window's end). */
import type { Tx } from '../db/database.ts';
import { EXCEPTION_TYPES, type ExceptionType } from '../exceptions/exception-types.ts';
import type { KpiWindow } from './kpi-window.ts';

export const AGE_BUCKETS = ['under_4h', '4h_to_24h', '1d_to_3d', '3d_to_7d', 'over_7d'] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];
export type AgeCounts = Record<AgeBucket, number>;

export interface OpenExceptionsStat {
  total: number;
  byAge: AgeCounts;
  byType: Record<ExceptionType, { total: number; byAge: AgeCounts }>;
}

const emptyAges = (): AgeCounts => Object.fromEntries(AGE_BUCKETS.map((bucket) => [bucket, 0])) as AgeCounts;

export async function openExceptions(tx: Tx, window: KpiWindow): Promise<OpenExceptionsStat> {
  const result = await tx.query<{ type: ExceptionType; bucket: AgeBucket; count: number }>(
    `SELECT type,
            CASE WHEN age < interval '4 hours' THEN 'under_4h' WHEN age < interval '24 hours' THEN '4h_to_24h'
                 WHEN age < interval '3 days' THEN '1d_to_3d' WHEN age < interval '7 days' THEN '3d_to_7d' ELSE 'over_7d' END AS bucket,
            count(*)::int AS count
       FROM (SELECT type, $1::timestamptz - detected_at AS age FROM exceptions
              WHERE status IN ('open', 'triaging', 'awaiting_approval') AND detected_at <= $1) live
      GROUP BY 1, 2`,
    [window.to],
  );
  const stat: OpenExceptionsStat = {
    total: 0,
    byAge: emptyAges(),
    byType: Object.fromEntries(EXCEPTION_TYPES.map((type) => [type, { total: 0, byAge: emptyAges() }])) as OpenExceptionsStat['byType'],
  };
  for (const row of result.rows) {
    stat.total += row.count;
    stat.byAge[row.bucket] += row.count;
    stat.byType[row.type].total += row.count;
    stat.byType[row.type].byAge[row.bucket] += row.count;
  }
  return stat;
}
