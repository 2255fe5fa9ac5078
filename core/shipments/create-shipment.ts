/** A shipment confirmed by the warehouse: stock leaves, reservations are consumed, the order ships (in part or whole). */
import { z } from 'zod';
import { requireLocation } from '../catalog/locations.ts';
import type { Tx } from '../db/database.ts';
import { resolveContext, type ChangeContext } from '../domain/change-context.ts';
import { ConflictError, IllegalTransitionError, PreconditionFailedError, parseOrThrow } from '../errors.ts';
import { shipLineStock } from '../inventory/reservations.ts';
import { lockOrderLine } from '../inventory/reserve-stock.ts';
import { recordOrderEvent } from '../orders/order-events.ts';
import { loadOrderLines, pickLine, requireOrder } from '../orders/order-record.ts';
import { transitionOrder } from '../orders/transition-order.ts';

export const shipmentLineSchema = z
  .object({ sku: z.string().min(1).optional(), lineNumber: z.number().int().positive().optional(), quantity: z.number().int().positive() })
  .refine((line) => line.sku !== undefined || line.lineNumber !== undefined, { message: 'give sku or lineNumber', path: ['sku'] });

export const createShipmentInputSchema = z.object({
  /** The warehouse's shipment id; later updates refer to it. */
  shipmentId: z.string().min(1).max(200),
  order: z.string().min(1),
  location: z.string().min(1),
  carrier: z.string().min(1).max(100),
  serviceLevel: z.string().max(100).optional(),
  trackingNumber: z.string().max(200).optional(),
  status: z.enum(['label_created', 'in_transit']).default('in_transit'),
  shippedAt: z.coerce.date().optional(),
  promisedDate: z.coerce.date().optional(),
  estimatedDeliveryAt: z.coerce.date().optional(),
  lines: z.array(shipmentLineSchema).min(1, 'a shipment needs at least one line'),
});
export type CreateShipmentInput = z.input<typeof createShipmentInputSchema>;

export interface CreatedShipment {
  id: string;
  shipmentId: string;
  orderNumber: string;
  orderStatus: string;
  /** Units shipped without a reservation at this location (stock taken from available). */
  unreservedUnits: number;
}

export async function createShipment(tx: Tx, input: CreateShipmentInput, context?: ChangeContext): Promise<CreatedShipment> {
  const request = parseOrThrow(createShipmentInputSchema, input, 'shipment');
  const { at } = resolveContext(context);
  const order = await requireOrder(tx, request.order, { lock: true });
  if (order.status !== 'released' && order.status !== 'partially_shipped') {
    throw new IllegalTransitionError(
      'order',
      order.status,
      'shipped',
      'the warehouse confirmed a shipment for an order that was not released to it',
    );
  }
  const existing = await tx.query('SELECT 1 FROM shipments WHERE external_ref = $1', [request.shipmentId]);
  if (existing.rowCount > 0) throw new ConflictError(`shipment ${request.shipmentId} already exists`, { shipmentId: request.shipmentId });
  const location = await requireLocation(tx, request.location);
  const lines = await loadOrderLines(tx, order.id);
  const shippedAt = request.shippedAt ?? at;
  const inserted = await tx.query<{ id: string }>(
    `INSERT INTO shipments (tenant_id, order_id, external_ref, location_id, carrier, service_level, tracking_number, status, promised_date,
            estimated_delivery_at, shipped_at, last_carrier_scan_at, created_at, updated_at)
     VALUES (copilot_tenant_id(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11, $11) RETURNING id`,
    [
      order.id,
      request.shipmentId,
      location.id,
      request.carrier,
      request.serviceLevel ?? null,
      request.trackingNumber ?? null,
      request.status,
      request.promisedDate ?? order.promisedDate,
      request.estimatedDeliveryAt ?? null,
      shippedAt,
      at,
    ],
  );
  const shipmentRowId = inserted.rows[0]!.id;
  let unreservedUnits = 0;
  for (const [index, shipped] of request.lines.entries()) {
    const line = pickLine(lines, shipped);
    if (!line) {
      throw new PreconditionFailedError(`order ${order.number} has no line for ${shipped.sku ?? `line ${shipped.lineNumber}`}`, {
        path: `lines.${index}`,
        ...shipped,
      });
    }
    const locked = await lockOrderLine(tx, line.id);
    const result = await shipLineStock(tx, { line: locked, location, quantity: shipped.quantity, reference: request.shipmentId }, context);
    unreservedUnits += result.unreserved;
    await tx.query(
      `INSERT INTO shipment_lines (tenant_id, shipment_id, order_line_id, quantity) VALUES (copilot_tenant_id(), $1, $2, $3)
       ON CONFLICT (tenant_id, shipment_id, order_line_id) DO UPDATE SET quantity = shipment_lines.quantity + EXCLUDED.quantity`,
      [shipmentRowId, line.id, shipped.quantity],
    );
  }
  const remaining = await tx.query<{ open: number }>(
    'SELECT coalesce(sum(quantity_ordered - quantity_shipped - quantity_cancelled), 0)::int AS open FROM order_lines WHERE order_id = $1',
    [order.id],
  );
  const complete = remaining.rows[0]!.open === 0;
  await recordOrderEvent(
    tx,
    {
      orderId: order.id,
      type: 'shipment_created',
      data: {
        shipmentId: request.shipmentId,
        carrier: request.carrier,
        trackingNumber: request.trackingNumber ?? null,
        location: location.code,
        lines: request.lines,
        unreservedUnits,
      },
    },
    context,
  );
  let status: string = order.status;
  if (complete) status = (await transitionOrder(tx, order, 'shipped', context, { data: { shipmentId: request.shipmentId } })).status;
  else if (order.status === 'released')
    status = (await transitionOrder(tx, order, 'partially_shipped', context, { data: { shipmentId: request.shipmentId } })).status;
  return { id: shipmentRowId, shipmentId: request.shipmentId, orderNumber: order.number, orderStatus: status, unreservedUnits };
}
