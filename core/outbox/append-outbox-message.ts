/**
 * Appends outbound messages inside the caller's transaction (the only way a row enters the outbox).
 * Called by policies/ for proposal decisions and executions and by core/exceptions for exception
 * changes, so a message commits exactly when its change commits and vanishes with its rollback.
 */
import type { z } from 'zod';
import type { Tx } from '../db/database.ts';
import { parseOrThrow } from '../errors.ts';
import { MESSAGE_DATA_SCHEMAS, MESSAGE_VERSION, type OutboxMessageData, type OutboxMessageType } from './message-types.ts';

export interface NewOutboxMessage<T extends OutboxMessageType = OutboxMessageType> {
  tenantId: string;
  type: T;
  /** Messages sharing a key reach each endpoint in the order they were appended (see orderingKeyFor). */
  orderingKey: string;
  occurredAt: Date;
  data: OutboxMessageData<T>;
}

/** order:<number> when the change concerns an order (so every message about one order is ordered), else the fallback. */
export function orderingKeyFor(orderNumber: unknown, fallback: string): string {
  return typeof orderNumber === 'string' && orderNumber.length > 0 ? `order:${orderNumber}` : fallback;
}

function validated(message: NewOutboxMessage): Record<string, unknown> {
  const schema: z.ZodType = MESSAGE_DATA_SCHEMAS[message.type];
  // A bad payload here is a bug in the caller; failing rolls the change back rather than send garbage.
  return parseOrThrow(schema, message.data, `${message.type} message`) as Record<string, unknown>;
}

export async function appendOutboxMessage<T extends OutboxMessageType>(tx: Tx, message: NewOutboxMessage<T>): Promise<string> {
  const ids = await appendOutboxMessages(tx, [message as NewOutboxMessage]);
  return ids[0]!;
}

/** Appends several messages with one statement, in the given order (detection may raise many at once). */
export async function appendOutboxMessages(tx: Tx, messages: readonly NewOutboxMessage[]): Promise<string[]> {
  if (messages.length === 0) return [];
  const rows = messages.map((message, position) => ({
    position,
    tenant_id: message.tenantId,
    type: message.type,
    version: MESSAGE_VERSION,
    ordering_key: message.orderingKey,
    payload: validated(message),
    occurred_at: message.occurredAt.toISOString(),
  }));
  const result = await tx.query<{ id: string }>(
    `INSERT INTO outbox_messages (tenant_id, type, version, ordering_key, payload, occurred_at)
     SELECT v.tenant_id, v.type, v.version, v.ordering_key, v.payload, v.occurred_at
       FROM jsonb_to_recordset($1::jsonb) AS v(position int, tenant_id uuid, type text, version int, ordering_key text,
                                               payload jsonb, occurred_at timestamptz)
      ORDER BY v.position
     RETURNING id`,
    [JSON.stringify(rows)],
    { prepare: 'everywhere' },
  );
  return result.rows.map((row) => row.id);
}
