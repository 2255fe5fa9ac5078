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
  );
}
