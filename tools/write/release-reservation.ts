/** release_reservation: free stock held by a reservation (typically an expired one) back to available-to-sell. */
import { z } from 'zod';
import { requireLocation } from '../../core/catalog/index.ts';
import { requireReservation } from '../../core/inventory/index.ts';
import { releaseReservation, requireOrder } from '../../core/orders/index.ts';
import { reasonField } from '../read/reference-fields.ts';
import { defineDomainWriteTool } from './domain-write-tool.ts';
import { loadOrderFacts } from './order-facts.ts';
import { writeResultFields } from './write-result.ts';
import { PROPOSER_ROLES } from './write-roles.ts';

const input = z.strictObject({
  reservationId: z.uuid().describe('Reservation id, as listed under `reservations` by get_inventory or get_order.'),
  reason: reasonField,
});

const output = z.object({
  reservationId: z.string(),
  orderNumber: z.string(),
  orderStatus: z.string().describe("The order's status after the release (usually backordered: its line lost its stock)."),
  skuCode: z.string(),
  locationCode: z.string(),
  quantity: z.number().int().describe('Line units released.'),
  expired: z.boolean(),
  reallocatedTo: z
    .array(z.object({ orderNumber: z.string(), status: z.string() }))
    .describe('Backordered orders the freed stock was reserved for.'),
  ...writeResultFields,
});

export const releaseReservationTool = defineDomainWriteTool({
  name: 'release_reservation',
  title: 'Release a stock reservation',
  description:
    'Releases an active reservation: its units return to available-to-sell at that location, the order line becomes ' +
    'backordered, and the freed stock is offered to waiting backordered orders. Use it for a reservation that has expired ' +
    '(or belongs to an abandoned or cancelled order) but still holds stock another order needs. Preconditions: the ' +
    'reservation is active and its order has not been released to the warehouse for picking. Returns what was freed and ' +
    'which orders received it.',
  risk: 'medium',
  roles: PROPOSER_ROLES,
  // Releasing an already released reservation is refused, so repeating the call changes nothing.
  idempotent: true,
  input,
  output,
  async facts({ tx, now }, request) {
    const reservation = await requireReservation(tx, request.reservationId);
    const { facts } = await loadOrderFacts(tx, reservation.orderId);
    return {
      ...facts,
      reservationId: reservation.id,
      reservationStatus: reservation.status,
      expired: reservation.expiresAt !== null && reservation.expiresAt <= now,
      expiresAt: reservation.expiresAt?.toISOString() ?? null,
    };
  },
  apply: ({ tx }, request, change) => releaseReservation(tx, request, change),
  trialFacts: (_context, result) => ({
    skuCode: result.skuCode,
    locationCode: result.locationCode,
    quantity: result.quantity,
    ordersReallocated: result.reallocatedTo.length,
  }),
  async touched({ tx }, result) {
    const location = await requireLocation(tx, result.locationCode);
    // The orders that received the freed stock may have left a backorder or stock conflict behind too.
    const others = await Promise.all(result.reallocatedTo.map(async (other) => (await requireOrder(tx, other.orderNumber)).id));
    return { orderIds: [result.order.id, ...others], locationIds: [location.id] };
  },
  present: (result, redetection) => ({
    reservationId: result.reservationId,
    orderNumber: result.order.number,
    orderStatus: result.order.status,
    skuCode: result.skuCode,
    locationCode: result.locationCode,
    quantity: result.quantity,
    expired: result.expired,
    reallocatedTo: result.reallocatedTo,
    ...redetection,
  }),
});
