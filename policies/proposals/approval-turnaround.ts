/**
 * Approval turnaround: how long proposals that needed a human decision waited for it (created →
 * settled), over those settled in a window, plus what is still waiting. Aggregated in SQL over every
 * matching proposal (no listing limit). Approvers and admins see the whole tenant; anyone else only
 * the proposals they made, as listProposals does. Only reads: a proposal past its expiry counts as no
 * longer pending even before the expiry sweep marks it, so read-only callers (a partner analyst, the
 * partner scorecard) get the same numbers.
 */
import type { Database, Tx } from '../../core/db/database.ts';
import { withTenant } from '../../core/db/tenant-scope.ts';
import type { Principal } from '../../core/identity/roles.ts';

export interface ApprovalTurnaround {
  decided: number;
  approved: number;
  rejected: number;
  averageHours: number | null;
  medianHours: number | null;
  p90Hours: number | null;
  pending: number;
  oldestPendingHours: number | null;
  /** 'tenant' for approvers and admins; 'own' when the caller only sees their own proposals. */
  scope: 'tenant' | 'own';
}

interface TurnaroundRow {
  decided: number;
  approved: number;
  rejected: number;
  average_ms: number | null;
  median_ms: number | null;
  p90_ms: number | null;
  pending: number;
  oldest_pending_ms: number | null;
}

const hours = (milliseconds: number | null): number | null =>
  milliseconds === null ? null : Math.round((Number(milliseconds) / 3_600_000) * 10) / 10;

export async function approvalTurnaround(
  db: Database,
  principal: Principal,
  window: { from: Date; to: Date },
  now = new Date(),
): Promise<ApprovalTurnaround> {
  const seesAll = principal.roles.some((role) => role === 'approver' || role === 'admin');
  return withTenant(db, principal.tenantId, (tx) => approvalTurnaroundIn(tx, window, now, seesAll ? undefined : principal.userId));
}

/** The turnaround of the tenant of `tx` (of one proposer's proposals when `proposerUserId` is given). */
export async function approvalTurnaroundIn(
  tx: Tx,
  window: { from: Date; to: Date },
  now = new Date(),
  proposerUserId?: string,
): Promise<ApprovalTurnaround> {
  // percentile_disc: the smallest wait with at least q of the waits at or below it (an observed value).
  const result = await tx.query<TurnaroundRow>(
    `WITH mine AS (
       SELECT status, created_at, settled_at, expires_at FROM proposals
        WHERE decision = 'require_approval' AND ($1::uuid IS NULL OR proposer_user_id = $1)
     ), settled AS (
       SELECT status, EXTRACT(EPOCH FROM settled_at - created_at) * 1000 AS wait_ms FROM mine
        WHERE status IN ('executed', 'failed', 'rejected') AND settled_at >= $2 AND settled_at < $3
     ), waiting AS (
       SELECT created_at FROM mine WHERE status = 'pending' AND (expires_at IS NULL OR expires_at > $4::timestamptz)
     )
     SELECT (SELECT count(*)::int FROM settled) AS decided,
            (SELECT count(*)::int FROM settled WHERE status <> 'rejected') AS approved,
            (SELECT count(*)::int FROM settled WHERE status = 'rejected') AS rejected,
            (SELECT avg(wait_ms)::float8 FROM settled) AS average_ms,
            (SELECT (percentile_disc(0.5) WITHIN GROUP (ORDER BY wait_ms))::float8 FROM settled) AS median_ms,
            (SELECT (percentile_disc(0.9) WITHIN GROUP (ORDER BY wait_ms))::float8 FROM settled) AS p90_ms,
            (SELECT count(*)::int FROM waiting) AS pending,
            (SELECT (EXTRACT(EPOCH FROM $4::timestamptz - min(created_at)) * 1000)::float8 FROM waiting) AS oldest_pending_ms`,
    [proposerUserId ?? null, window.from, window.to, now],
  );
  const row = result.rows[0]!;
  return {
    decided: row.decided,
    approved: row.approved,
    rejected: row.rejected,
    averageHours: hours(row.average_ms),
    medianHours: hours(row.median_ms),
    p90Hours: hours(row.p90_ms),
    pending: row.pending,
    oldestPendingHours: hours(row.oldest_pending_ms),
    scope: proposerUserId ? 'own' : 'tenant',
  };
}
