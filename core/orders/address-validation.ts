/** An address validation service rejected an order's shipping address: flag it and hold the order (ADDR-CHECK). */
import { z } from 'zod';
import type { Tx } from '../db/database.ts';
import { resolveContext, type ChangeContext } from '../domain/change-context.ts';
import { parseOrThrow } from '../errors.ts';
import { addOrderHold, listOrderHolds } from './order-holds.ts';
import { recordOrderEvent } from './order-events.ts';
import { requireOrder, type OrderRecord } from './order-record.ts';

export const addressValidationFailedInputSchema = z.object({
  order: z.string().min(1),
  reason: z.string().min(1).max(2000),
  /** Which part failed: postalCode, line1, city, region, country … */
  field: z.string().max(50).optional(),
  /** The validator's suggested correction, if any. */
  suggestion: z.record(z.string(), z.string()).optional(),
});
export type AddressValidationFailedInput = z.input<typeof addressValidationFailedInputSchema>;

// A parcel that has left can only be intercepted; the flag is still recorded.
const HOLDABLE = ['captured', 'validated', 'backordered', 'reserved', 'released', 'on_hold'];

export async function recordAddressValidationFailure(
  tx: Tx,
  input: AddressValidationFailedInput,
  context?: ChangeContext,
): Promise<OrderRecord> {
  const request = parseOrThrow(addressValidationFailedInputSchema, input, 'address validation failure');
  const { at } = resolveContext(context);
  let order = await requireOrder(tx, request.order, { lock: true });
  const issue = request.field ? `${request.field}: ${request.reason}` : request.reason;
  await tx.query(`UPDATE orders SET address_status = 'invalid', address_issue = $2, updated_at = $3 WHERE id = $1`, [order.id, issue, at]);
  order = { ...order, addressStatus: 'invalid', addressIssue: issue };
  await recordOrderEvent(
    tx,
    {
      orderId: order.id,
      type: 'address_validation_failed',
      data: { reason: request.reason, field: request.field ?? null, suggestion: request.suggestion ?? null },
    },
    context,
  );
  const alreadyHeld = (await listOrderHolds(tx, order.id, { activeOnly: true })).some((hold) => hold.reasonCode === 'ADDR-CHECK');
  if (HOLDABLE.includes(order.status) && !alreadyHeld) order = await addOrderHold(tx, order, 'ADDR-CHECK', issue, context);
  return order;
}
