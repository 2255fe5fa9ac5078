/** Exceptions resolved in a window, counted by who resolved them (the dashboard's automation coverage). */
import type { Tx } from '../db/database.ts';
import { RESOLUTION_HOWS, type ResolutionHow } from './exception-types.ts';

export type ResolutionCounts = Record<ResolutionHow | 'unrecorded', number>;

/** Counts in SQL over every resolved exception of the tenant in [from, to); dismissed ones are not resolutions. */
export async function countResolutionsByHow(tx: Tx, window: { from: Date; to: Date }): Promise<ResolutionCounts> {
  const result = await tx.query<{ how: string | null; n: number }>(
    `SELECT resolution_how AS how, count(*)::int AS n FROM exceptions
      WHERE status = 'resolved' AND resolved_at >= $1 AND resolved_at < $2
      GROUP BY resolution_how`,
    [window.from, window.to],
  );
  const counts = Object.fromEntries([...RESOLUTION_HOWS, 'unrecorded'].map((how) => [how, 0])) as ResolutionCounts;
  for (const row of result.rows) {
    const how = row.how && (RESOLUTION_HOWS as readonly string[]).includes(row.how) ? (row.how as ResolutionHow) : 'unrecorded';
    counts[how] += row.n;
  }
  return counts;
}

/**
 * Resolved exceptions of the tenant that no triage worker ever claimed: every one the agent resolved
 * must have been claimed first, so the triage benchmark expects none while only the agent works.
 */
export async function countResolvedWithoutClaim(tx: Tx): Promise<number> {
  const result = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM exceptions e WHERE e.status = 'resolved'
        AND NOT EXISTS (SELECT 1 FROM exception_events v WHERE v.exception_id = e.id AND v.kind = 'claimed')`,
  );
  return result.rows[0]?.n ?? 0;
}
