/** Carrier tracking updates: in transit, out for delivery, delivered, exceptions. */
import { z } from 'zod';
import type { Tx } from '../db/database.ts';
import { resolveContext, type ChangeContext } from '../domain/change-context.ts';
import { NotFoundError, parseOrThrow } from '../errors.ts';
import { recordOrderEvent } from '../orders/order-events.ts';
import { SHIPMENT_STATUSES, assertShipmentTransition, type ShipmentStatus } from './shipment-status.ts';

export const updateShipmentInputSchema = z.object({
  shipmentId: z.string().min(1).max(200),
  status: z.enum(SHIPMENT_STATUSES),
  /** Carrier exception code, e.g. ADDRESS_NOT_FOUND, DAMAGED, WEATHER_DELAY, CUSTOMS_HOLD. */
  exceptionCode: z.string().max(100).optional(),
  exceptionMessage: z.string().max(2000).optional(),
  estimatedDeliveryAt: z.coerce.date().optional(),
  deliveredAt: z.coerce.date().optional(),
  trackingNumber: z.string().max(200).optional(),
});
export type UpdateShipmentInput = z.input<typeof updateShipmentInputSchema>;

export async function updateShipment(
  tx: Tx,
  input: UpdateShipmentInput,
  context?: ChangeContext,
): Promise<{ shipmentId: string; from: ShipmentStatus; to: ShipmentStatus }> {
  const request = parseOrThrow(updateShipmentInputSchema, input, 'shipment update');
  const { at } = resolveContext(context);
  const found = await tx.query<{ id: string; orderId: string; status: ShipmentStatus }>(
    'SELECT id, order_id AS "orderId", status FROM shipments WHERE external_ref = $1 FOR UPDATE',
    [request.shipmentId],
  );
  const shipment = found.rows[0];
  if (!shipment) throw new NotFoundError('shipment', request.shipmentId);
  assertShipmentTransition(shipment.status, request.status);
  const isException = request.status === 'exception';
  await tx.query(
    // Explicit casts: untyped parameters inside CASE/coalesce are inferred as text on PGlite.
    `UPDATE shipments SET status = $2::text,
            exception_code = CASE WHEN $3::boolean THEN $4::text ELSE NULL END,
            exception_message = CASE WHEN $3::boolean THEN $5::text ELSE NULL END,
            estimated_delivery_at = coalesce($6::timestamptz, estimated_delivery_at),
            delivered_at = CASE WHEN $2::text = 'delivered' THEN coalesce($7::timestamptz, $8::timestamptz) ELSE delivered_at END,
            tracking_number = coalesce($9::text, tracking_number), last_carrier_scan_at = $8::timestamptz, updated_at = $8::timestamptz
      WHERE id = $1`,
    [
      shipment.id,
      request.status,
      isException,
      request.exceptionCode ?? null,
      request.exceptionMessage ?? null,
      request.estimatedDeliveryAt ?? null,
      request.deliveredAt ?? null,
      at,
      request.trackingNumber ?? null,
    ],
  );
  await recordOrderEvent(
    tx,
    {
      orderId: shipment.orderId,
      type: 'shipment_updated',
      data: {
        shipmentId: request.shipmentId,
        from: shipment.status,
        to: request.status,
        exceptionCode: request.exceptionCode ?? null,
        exceptionMessage: request.exceptionMessage ?? null,
      },
    },
    context,
  );
  return { shipmentId: request.shipmentId, from: shipment.status, to: request.status };
}
