/** Appends to an order's event log: every change to an order writes exactly one or more of these. */
import type { Tx } from '../db/database.ts';
import { resolveContext, type ChangeContext } from '../domain/change-context.ts';

export type OrderEventType =
  | 'order_captured'
  | 'status_changed'
  | 'hold_placed'
  | 'hold_released'
  | 'line_reserved'
  | 'reservation_released'
  | 'reservation_expired'
  | 'line_reallocated'
  | 'line_backordered'
  | 'payment_authorized'
  | 'payment_captured'
  | 'refund_issued'
  | 'shipment_created'
  | 'shipment_updated'
  | 'return_received'
  | 'return_inspected'
  | 'return_disposition_set'
  | 'invoice_posted'
  | 'invoice_paid'
  | 'erp_sync_failed'
  | 'erp_sync_succeeded'
  | 'erp_sync_retried'
  | 'address_validation_failed'
  | 'address_corrected'
  | 'price_overridden'
  | 'backorder_notice_sent'
  | 'delay_notice_sent'
  | 'order_expedited'
  | 'order_cancelled';

export interface OrderEventInput {
  orderId: string;
  type: OrderEventType;
  fromStatus?: string | null;
  toStatus?: string | null;
  data?: Record<string, unknown>;
}

export async function recordOrderEvent(tx: Tx, event: OrderEventInput, context?: ChangeContext): Promise<void> {
  const { actor, at, eventId } = resolveContext(context);
  await tx.query(
    `INSERT INTO order_events (tenant_id, order_id, type, from_status, to_status, actor, event_id, data, occurred_at)
     VALUES (copilot_tenant_id(), $1, $2, $3, $4, $5, $6, $7::jsonb, $8)`,
    [event.orderId, event.type, event.fromStatus ?? null, event.toStatus ?? null, actor, eventId, JSON.stringify(event.data ?? {}), at],
    { prepare: 'everywhere' },
  );
}

/** One order log row as recordOrderEvents writes it: an OrderEventInput with its resolved context. */
export interface OrderEventRow extends OrderEventInput {
  context: ChangeContext;
}

/** Appends many order log rows in one statement, in the given order (the log's ids keep it). */
export async function recordOrderEvents(tx: Tx, events: readonly OrderEventRow[]): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map((event, ord) => {
    const { actor, at, eventId } = resolveContext(event.context);
    return {
      ord,
      order_id: event.orderId,
      type: event.type,
      from_status: event.fromStatus ?? null,
      to_status: event.toStatus ?? null,
      actor,
      event_id: eventId,
      data: event.data ?? {},
      occurred_at: at,
    };
  });
  await tx.query(
    `INSERT INTO order_events (tenant_id, order_id, type, from_status, to_status, actor, event_id, data, occurred_at)
     SELECT copilot_tenant_id(), e.order_id, e.type, e.from_status, e.to_status, e.actor, e.event_id, e.data, e.occurred_at
       FROM jsonb_to_recordset($1::jsonb) AS e(ord integer, order_id uuid, type text, from_status text, to_status text, actor text,
            event_id text, data jsonb, occurred_at timestamptz)
      ORDER BY e.ord`,
    [JSON.stringify(rows)],
    { prepare: 'everywhere' },
  );
}
