/**
 * Claims due webhook deliveries for one dispatcher: FOR UPDATE SKIP LOCKED, then a lease
 * (claimed_until), so replicas sharing the database never send the same delivery at once, and a
 * dispatcher killed mid-delivery only delays it until its lease runs out. A delivery waits while an
 * earlier message with the same ordering key is still pending for the same endpoint (per-entity
 * order), and nothing is claimed for an endpoint that is paused or whose breaker is open.
 */
import type { Database } from '../../core/db/database.ts';
import { asOperator } from '../../core/db/tenant-scope.ts';

export interface ClaimedDelivery {
  id: string;
  tenantId: string;
  endpointId: string;
  messageId: string;
  messageType: string;
  orderingKey: string;
  attempts: number;
  horizonStart: Date;
  messageCreatedAt: Date;
  url: string;
  secret: string;
  allowPrivate: boolean;
  endpointFailures: number;
  channel: 'webhook' | 'slack' | 'teams' | 'email';
  /** A digest: the outbox messages it carries (messageId then names the digest itself). */
  digestItems: string[] | null;
}

interface ClaimRow {
  id: string;
  tenant_id: string;
  endpoint_id: string;
  message_id: string;
  message_type: string;
  ordering_key: string;
  attempts: number;
  horizon_start: Date;
  message_created_at: Date;
  url: string;
  secret: string;
  allow_private: boolean;
  consecutive_failures: number;
  channel: ClaimedDelivery['channel'];
  digest_items: string[] | null;
}

export async function claimDeliveries(
  db: Database,
  options: { now: Date; limit: number; leaseMs: number; workerId: string; excludeEndpoints?: readonly string[] },
): Promise<ClaimedDelivery[]> {
  if (options.limit <= 0) return [];
  return asOperator(db, async (tx) => {
    const result = await tx.query<ClaimRow>(
      `WITH candidates AS (
         SELECT d.id FROM webhook_deliveries d
           JOIN webhook_endpoints e ON e.id = d.endpoint_id
          WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND d.digest_due_at IS NULL
            AND (d.claimed_until IS NULL OR d.claimed_until < $1)
            AND e.enabled AND (e.circuit_open_until IS NULL OR e.circuit_open_until <= $1)
            AND NOT (e.id = ANY($5::uuid[]))
            AND NOT EXISTS (
              SELECT 1 FROM webhook_deliveries earlier
               WHERE earlier.endpoint_id = d.endpoint_id AND earlier.ordering_key = d.ordering_key
                 AND earlier.status = 'pending' AND earlier.digest_due_at IS NULL AND earlier.message_seq < d.message_seq)
          ORDER BY d.next_attempt_at, d.message_seq
          LIMIT $2
          FOR UPDATE OF d SKIP LOCKED)
       UPDATE webhook_deliveries d
          SET claimed_until = $3, claimed_by = $4
         FROM candidates, webhook_endpoints e
        WHERE d.id = candidates.id AND e.id = d.endpoint_id
       RETURNING d.id, d.tenant_id, d.endpoint_id, d.message_id, d.message_type, d.ordering_key, d.attempts, d.horizon_start,
                 d.message_created_at, e.url, e.secret, e.allow_private, e.consecutive_failures, e.channel, d.digest_items`,
      [
        options.now,
        options.limit,
        new Date(options.now.getTime() + options.leaseMs),
        options.workerId,
        [...(options.excludeEndpoints ?? [])],
      ],
    );
    return result.rows.map((row) => ({
      id: row.id,
      tenantId: row.tenant_id,
      endpointId: row.endpoint_id,
      messageId: row.message_id,
      messageType: row.message_type,
      orderingKey: row.ordering_key,
      attempts: row.attempts,
      horizonStart: row.horizon_start,
      messageCreatedAt: row.message_created_at,
      url: row.url,
      secret: row.secret,
      allowPrivate: row.allow_private,
      endpointFailures: row.consecutive_failures,
      channel: row.channel,
      digestItems: row.digest_items,
    }));
  });
}

/** Gives claimed deliveries back unsent (a half-open endpoint takes one probe at a time). */
export async function releaseDeliveries(db: Database, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await asOperator(db, (tx) =>
    tx.query('UPDATE webhook_deliveries SET claimed_until = NULL, claimed_by = NULL WHERE id = ANY($1::uuid[])', [ids]).then(() => {}),
  );
}
