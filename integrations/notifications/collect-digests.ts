/**
 * The digest sweep: for each route whose held notices are due, one delivery carrying all of them
 * (digest_items), and the held notices marked digested. Runs in the dispatcher loop before claiming,
 * under the fan-out lock's sibling so two dispatchers never build the same digest twice.
 */
import type { Database } from '../../core/db/database.ts';
import { asOperator } from '../../core/db/tenant-scope.ts';

const DIGEST_LOCK = 7_420_102;

export async function collectDigests(db: Database, now: Date): Promise<number> {
  return asOperator(db, async (tx) => {
    const locked = await tx.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [DIGEST_LOCK]);
    if (!locked.rows[0]?.locked) return 0;
    const due = await tx.query<{ tenant_id: string; endpoint_id: string; ids: string[]; messages: string[]; seq: string; created: Date }>(
      `SELECT tenant_id, endpoint_id, array_agg(id ORDER BY message_seq) AS ids, array_agg(message_id ORDER BY message_seq) AS messages,
              max(message_seq) AS seq, min(message_created_at) AS created
         FROM webhook_deliveries
        WHERE status = 'pending' AND digest_due_at IS NOT NULL AND digest_due_at <= $1
        GROUP BY tenant_id, endpoint_id`,
      [now],
    );
    for (const group of due.rows) {
      await tx.query(
        `INSERT INTO webhook_deliveries (tenant_id, endpoint_id, message_id, message_seq, message_type, ordering_key, next_attempt_at,
                                         horizon_start, message_created_at, digest_items)
         VALUES ($1, $2, gen_random_uuid(), $3, 'work.digest', $4, $5, $5, $6, $7::uuid[])`,
        [group.tenant_id, group.endpoint_id, group.seq, `digest:${group.endpoint_id}`, now, group.created, group.messages],
      );
      await tx.query(`UPDATE webhook_deliveries SET status = 'digested', delivered_at = $2 WHERE id = ANY($1::uuid[])`, [group.ids, now]);
    }
    return due.rows.length;
  });
}
