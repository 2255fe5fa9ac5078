/** Delivery state for /metrics: deliveries by channel and status, and how long the oldest pending one has waited. */
import type { Database } from '../../core/db/database.ts';
import { asOperator } from '../../core/db/tenant-scope.ts';

export interface DeliveryStats {
  byChannelAndStatus: Array<{ channel: string; status: string; count: number }>;
  /** Seconds since the oldest due, unsent delivery was created (0 when none waits). */
  oldestPendingSeconds: number;
  /** Deliveries retried at least once and still pending (a channel failing right now). */
  retrying: number;
}

export async function deliveryStats(db: Database, now: Date = new Date()): Promise<DeliveryStats> {
  return asOperator(db, async (tx) => {
    const counts = await tx.query<{ channel: string; status: string; count: string }>(
      `SELECT e.channel, d.status, count(*) AS count FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
        GROUP BY e.channel, d.status`,
    );
    const pending = await tx.query<{ oldest: Date | null; retrying: string }>(
      `SELECT min(created_at) FILTER (WHERE digest_due_at IS NULL) AS oldest, count(*) FILTER (WHERE attempts > 0) AS retrying
         FROM webhook_deliveries WHERE status = 'pending'`,
    );
    const oldest = pending.rows[0]?.oldest;
    return {
      byChannelAndStatus: counts.rows.map((row) => ({ channel: row.channel, status: row.status, count: Number(row.count) })),
      oldestPendingSeconds: oldest ? Math.max(0, (now.getTime() - oldest.getTime()) / 1000) : 0,
      retrying: Number(pending.rows[0]?.retrying ?? 0),
    };
  });
}
