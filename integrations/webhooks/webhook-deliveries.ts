/** The delivery log of a tenant's webhooks: listing with each delivery's attempts, and replay of dead (or any) deliveries. */
import { z } from 'zod';
import type { Database } from '../../core/db/database.ts';
import { withTenant } from '../../core/db/tenant-scope.ts';
import { NotFoundError, parseOrThrow, ValidationError } from '../../core/errors.ts';
import { webhookMessageId } from '../../core/outbox/index.ts';
import { appendAuditEntry, type AuditActor } from '../../policies/index.ts';

export const DELIVERY_STATUSES = ['pending', 'delivered', 'dead', 'digested'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const deliveryQuerySchema = z.strictObject({
  endpointId: z.uuid().optional(),
  status: z.enum(DELIVERY_STATUSES).optional(),
  type: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export type DeliveryQuery = z.input<typeof deliveryQuerySchema>;

export interface DeliveryAttempt {
  attempt: number;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  outcome: 'delivered' | 'retry' | 'dead';
  attemptedAt: Date;
}

export interface WebhookDelivery {
  id: string;
  endpointId: string;
  messageId: string;
  webhookId: string;
  messageType: string;
  orderingKey: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  lastStatus: number | null;
  lastError: string | null;
  lastAttemptAt: Date | null;
  deliveredAt: Date | null;
  createdAt: Date;
  history: DeliveryAttempt[];
}

interface DeliveryRow {
  id: string;
  endpoint_id: string;
  message_id: string;
  message_type: string;
  ordering_key: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date;
  last_status: number | null;
  last_error: string | null;
  last_attempt_at: Date | null;
  delivered_at: Date | null;
  created_at: Date;
  history: Array<{
    attempt: number;
    status_code: number | null;
    error: string | null;
    duration_ms: number;
    outcome: DeliveryAttempt['outcome'];
    attempted_at: string;
  }> | null;
}

function toDelivery(row: DeliveryRow): WebhookDelivery {
  return {
    id: row.id,
    endpointId: row.endpoint_id,
    messageId: row.message_id,
    webhookId: webhookMessageId(row.message_id),
    messageType: row.message_type,
    orderingKey: row.ordering_key,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at : null,
    lastStatus: row.last_status,
    lastError: row.last_error,
    lastAttemptAt: row.last_attempt_at,
    deliveredAt: row.delivered_at,
    createdAt: row.created_at,
    history: (row.history ?? []).map((entry) => ({
      attempt: entry.attempt,
      statusCode: entry.status_code,
      error: entry.error,
      durationMs: entry.duration_ms,
      outcome: entry.outcome,
      attemptedAt: new Date(entry.attempted_at),
    })),
  };
}

export async function listWebhookDeliveries(db: Database, tenantId: string, query: DeliveryQuery = {}): Promise<WebhookDelivery[]> {
  const filters = parseOrThrow(deliveryQuerySchema, query, 'delivery query');
  return withTenant(db, tenantId, async (tx) => {
    const result = await tx.query<DeliveryRow>(
      `SELECT d.id, d.endpoint_id, d.message_id, d.message_type, d.ordering_key, d.status, d.attempts, d.next_attempt_at,
              d.last_status, d.last_error, d.last_attempt_at, d.delivered_at, d.created_at,
              (SELECT jsonb_agg(jsonb_build_object('attempt', a.attempt, 'status_code', a.status_code, 'error', a.error,
                                                   'duration_ms', a.duration_ms, 'outcome', a.outcome, 'attempted_at', a.attempted_at)
                                ORDER BY a.id)
                 FROM webhook_delivery_attempts a WHERE a.delivery_id = d.id) AS history
         FROM webhook_deliveries d
        WHERE ($1::uuid IS NULL OR d.endpoint_id = $1) AND ($2::text IS NULL OR d.status = $2) AND ($3::text IS NULL OR d.message_type = $3)
        ORDER BY d.created_at DESC, d.message_seq DESC
        LIMIT $4`,
      [filters.endpointId ?? null, filters.status ?? null, filters.type ?? null, filters.limit],
    );
    return result.rows.map(toDelivery);
  });
}

export const replaySelectionSchema = z
  .strictObject({ deliveryIds: z.array(z.uuid()).max(1000).optional(), endpointId: z.uuid().optional(), allDead: z.boolean().optional() })
  .refine((value) => (value.deliveryIds?.length ?? 0) > 0 || value.allDead === true, {
    message: 'name deliveries to replay, or ask for all dead deliveries (of one endpoint)',
    path: ['deliveryIds'],
  });
export type ReplaySelection = z.input<typeof replaySelectionSchema>;

/**
 * Puts deliveries back in the queue, due now, with a fresh retry horizon. The receiver sees the same
 * webhook-id as before (so it can tell a replay from a new message) and a new timestamp and signature.
 */
export async function replayWebhookDeliveries(
  db: Database,
  tenantId: string,
  selection: ReplaySelection,
  actor: AuditActor,
  now: Date = new Date(),
): Promise<string[]> {
  const chosen = parseOrThrow(replaySelectionSchema, selection, 'replay selection');
  return withTenant(db, tenantId, async (tx) => {
    const ids = chosen.deliveryIds ?? [];
    if (ids.length > 0) {
      const found = await tx.query<{ id: string; status: DeliveryStatus }>(
        'SELECT id, status FROM webhook_deliveries WHERE id = ANY($1::uuid[])',
        [ids],
      );
      const missing = ids.find((id) => !found.rows.some((row) => row.id === id));
      if (missing) throw new NotFoundError('webhook delivery', missing);
      if (found.rows.some((row) => row.status === 'pending' && chosen.allDead === undefined)) {
        const pending = found.rows.find((row) => row.status === 'pending')!;
        throw new ValidationError(`delivery ${pending.id} is still pending; only delivered or dead deliveries can be replayed`, [
          { path: 'deliveryIds', message: 'still pending' },
        ]);
      }
    }
    const result = await tx.query<{ id: string }>(
      `UPDATE webhook_deliveries
          SET status = 'pending', next_attempt_at = $4, horizon_start = $4, claimed_until = NULL, claimed_by = NULL
        WHERE status <> 'pending'
          AND ((cardinality($1::uuid[]) > 0 AND id = ANY($1::uuid[])) OR ($2 AND status = 'dead'))
          AND ($3::uuid IS NULL OR endpoint_id = $3)
        RETURNING id`,
      [ids, chosen.allDead === true, chosen.endpointId ?? null, now],
    );
    const replayed = result.rows.map((row) => row.id);
    if (replayed.length > 0) {
      await appendAuditEntry(tx, {
        tenantId,
        actor,
        action: 'webhook.replayed',
        entityType: 'webhook_delivery',
        entityId: replayed.length === 1 ? replayed[0]! : null,
        after: { deliveries: replayed, endpointId: chosen.endpointId ?? null },
      });
    }
    return replayed;
  });
}
