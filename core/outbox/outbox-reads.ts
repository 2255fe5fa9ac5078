/** Reading the outbox: the dispatcher's fan-out claim, message bodies for delivery, and listings. */
import type { Queryable, Tx } from '../db/database.ts';
import { MESSAGE_DATA_SCHEMAS, webhookMessageId, type MessageEnvelope, type OutboxMessageType } from './message-types.ts';

export interface OutboxMessage {
  id: string;
  seq: number;
  tenantId: string;
  type: OutboxMessageType;
  version: number;
  orderingKey: string;
  payload: Record<string, unknown>;
  occurredAt: Date;
  createdAt: Date;
  fannedOutAt: Date | null;
}

interface OutboxRow {
  id: string;
  seq: string | number;
  tenant_id: string;
  type: OutboxMessageType;
  version: number;
  ordering_key: string;
  payload: Record<string, unknown>;
  occurred_at: Date;
  created_at: Date;
  fanned_out_at: Date | null;
}

const COLUMNS = 'id, seq, tenant_id, type, version, ordering_key, payload, occurred_at, created_at, fanned_out_at';

function toMessage(row: OutboxRow): OutboxMessage {
  return {
    id: row.id,
    seq: Number(row.seq),
    tenantId: row.tenant_id,
    type: row.type,
    version: row.version,
    orderingKey: row.ordering_key,
    payload: row.payload,
    occurredAt: row.occurred_at,
    createdAt: row.created_at,
    fannedOutAt: row.fanned_out_at,
  };
}

/** The request body a receiver gets for a message (the signature covers exactly this string). */
export function messageEnvelope(message: OutboxMessage): MessageEnvelope {
  return {
    id: webhookMessageId(message.id),
    type: message.type,
    version: message.version,
    timestamp: message.occurredAt.toISOString(),
    tenantId: message.tenantId,
    data: message.payload,
  };
}

/**
 * Claims committed messages not yet fanned out, oldest first, locking them (SKIP LOCKED) for the
 * caller's transaction; the caller creates deliveries and then calls markFannedOut in the same one.
 */
export async function claimUnfannedMessages(tx: Tx, limit: number): Promise<OutboxMessage[]> {
  const result = await tx.query<OutboxRow>(
    `SELECT ${COLUMNS} FROM outbox_messages WHERE fanned_out_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
    [limit],
  );
  return result.rows.map(toMessage);
}

export async function markFannedOut(tx: Tx, ids: readonly string[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await tx.query('UPDATE outbox_messages SET fanned_out_at = $2 WHERE id = ANY($1::uuid[])', [ids, at]);
}

export async function readOutboxMessages(db: Queryable, ids: readonly string[]): Promise<Map<string, OutboxMessage>> {
  if (ids.length === 0) return new Map();
  const result = await db.query<OutboxRow>(`SELECT ${COLUMNS} FROM outbox_messages WHERE id = ANY($1::uuid[])`, [ids]);
  return new Map(result.rows.map((row) => [row.id, toMessage(row)]));
}

export interface OutboxListOptions {
  type?: OutboxMessageType | undefined;
  orderingKey?: string | undefined;
  limit?: number | undefined;
}

/** The newest messages of the transaction's tenant (RLS), newest first. */
export async function listOutboxMessages(tx: Tx, options: OutboxListOptions = {}): Promise<OutboxMessage[]> {
  const result = await tx.query<OutboxRow>(
    `SELECT ${COLUMNS} FROM outbox_messages
      WHERE ($1::text IS NULL OR type = $1) AND ($2::text IS NULL OR ordering_key = $2)
      ORDER BY seq DESC LIMIT $3`,
    [options.type ?? null, options.orderingKey ?? null, options.limit ?? 100],
  );
  return result.rows.map(toMessage);
}

/** Known types only: a row written by a newer version with a type this one lacks is skipped, not sent wrong. */
export function isKnownMessageType(type: string): type is OutboxMessageType {
  return Object.hasOwn(MESSAGE_DATA_SCHEMAS, type);
}
