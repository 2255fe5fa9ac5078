/**
 * Fan-out: turns committed outbox messages into one delivery per subscribed endpoint (and, through
 * further targets, per notification route). One dispatcher fans out at a time (an advisory lock), in
 * message order, so deliveries of one ordering key are always created in the order of their messages.
 */
import type { Database, Tx } from '../../core/db/database.ts';
import { asOperator } from '../../core/db/tenant-scope.ts';
import { claimUnfannedMessages, markFannedOut, type OutboxMessage } from '../../core/outbox/index.ts';

/** Something that creates its own deliveries for newly committed messages, inside the fan-out transaction. */
export type FanOutTarget = (tx: Tx, messages: readonly OutboxMessage[], now: Date) => Promise<number>;

const FAN_OUT_LOCK = 7_420_101;

/**
 * Webhook endpoints and notification routes: every enabled or paused endpoint whose types include the
 * message's (empty = all). work.* notices go only to routes naming one of their recipients' queues or
 * users (a route naming none takes every notice), and at most once per target (two routes to the same
 * Slack channel or mailbox send one notice). A work.assigned notice of a severity the route digests is
 * held for the route's next digest instead of being sent now.
 */
export const webhookFanOut: FanOutTarget = async (tx, messages, now) => {
  const result = await tx.query(
    `INSERT INTO webhook_deliveries (tenant_id, endpoint_id, message_id, message_seq, message_type, ordering_key,
                                     next_attempt_at, horizon_start, message_created_at, digest_due_at)
     SELECT DISTINCT ON (m.seq, e.url) e.tenant_id, e.id, m.id, m.seq, m.type, m.ordering_key, $2, $2, m.created_at,
            CASE WHEN m.type = 'work.assigned' AND m.severity = ANY(e.digest_severities) THEN
              coalesce((SELECT min(h.digest_due_at) FROM webhook_deliveries h
                         WHERE h.endpoint_id = e.id AND h.status = 'pending' AND h.digest_due_at IS NOT NULL),
                       $2::timestamptz + make_interval(mins => e.digest_minutes))
            END
       FROM jsonb_to_recordset($1::jsonb) AS m(id uuid, seq bigint, tenant_id uuid, type text, ordering_key text, created_at timestamptz,
                                                severity text, queues text[], users text[])
       JOIN webhook_endpoints e ON e.tenant_id = m.tenant_id AND (cardinality(e.types) = 0 OR m.type = ANY(e.types))
      WHERE m.type NOT LIKE 'work.%'
         OR (cardinality(e.queues) = 0 AND cardinality(e.users) = 0)
         OR e.queues && m.queues OR e.users && m.users
      ORDER BY m.seq, e.url, e.id
     ON CONFLICT (endpoint_id, message_id) DO NOTHING`,
    [
      JSON.stringify(
        messages.map((message) => {
          const recipients = (message.payload.recipients ?? {}) as { queues?: unknown; users?: unknown };
          const subject = (message.payload.subject ?? {}) as { severity?: unknown };
          return {
            id: message.id,
            seq: message.seq,
            tenant_id: message.tenantId,
            type: message.type,
            ordering_key: message.orderingKey,
            created_at: message.createdAt.toISOString(),
            severity: typeof subject.severity === 'string' ? subject.severity : null,
            queues: Array.isArray(recipients.queues) ? recipients.queues : [],
            users: Array.isArray(recipients.users) ? recipients.users : [],
          };
        }),
      ),
      now,
    ],
  );
  return result.rowCount;
};

export interface FanOutReport {
  messages: number;
  deliveries: number;
}

export async function fanOut(db: Database, targets: readonly FanOutTarget[], now: Date, limit = 500): Promise<FanOutReport> {
  return asOperator(db, async (tx) => {
    const locked = await tx.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [FAN_OUT_LOCK]);
    if (!locked.rows[0]?.locked) return { messages: 0, deliveries: 0 };
    const messages = await claimUnfannedMessages(tx, limit);
    if (messages.length === 0) return { messages: 0, deliveries: 0 };
    let deliveries = 0;
    for (const target of targets) deliveries += await target(tx, messages, now);
    await markFannedOut(
      tx,
      messages.map((message) => message.id),
      now,
    );
    return { messages: messages.length, deliveries };
  });
}
