/** Correcting a shipping address (sop-address-validation-standards). Any ADDR-CHECK hold stays until released. */
import { z } from 'zod';
import type { Tx } from '../db/database.ts';
import { resolveContext, type ChangeContext } from '../domain/change-context.ts';
import { PreconditionFailedError, parseOrThrow } from '../errors.ts';
import { shippingAddressSchema } from './create-order.ts';
import { recordOrderEvent } from './order-events.ts';
import { ORDER_COLUMNS, requireOrder, type OrderRecord } from './order-record.ts';

export const correctShippingAddressInputSchema = z.object({
  order: z.string().min(1),
  address: shippingAddressSchema,
  note: z.string().max(2000).optional(),
});
export type CorrectShippingAddressInput = z.input<typeof correctShippingAddressInputSchema>;

// Once a parcel has left, changing the address is a carrier intercept, not an order edit.
const LOCKED_ADDRESS = ['partially_shipped', 'shipped', 'invoiced', 'closed', 'cancelled'];

export async function correctShippingAddress(tx: Tx, input: CorrectShippingAddressInput, context?: ChangeContext): Promise<OrderRecord> {
  const request = parseOrThrow(correctShippingAddressInputSchema, input, 'address correction');
  const { at } = resolveContext(context);
  const order = await requireOrder(tx, request.order, { lock: true });
  if (LOCKED_ADDRESS.includes(order.status) || (order.status === 'on_hold' && LOCKED_ADDRESS.includes(order.heldFromStatus ?? ''))) {
    throw new PreconditionFailedError(`order ${order.number} has shipped; request a carrier intercept instead`, {
      order: order.number,
      status: order.status,
    });
  }
  const updated = await tx.query<OrderRecord>(
    `UPDATE orders o SET shipping_address = $2::jsonb, address_status = 'valid', address_issue = NULL, updated_at = $3 WHERE o.id = $1 RETURNING ${ORDER_COLUMNS}`,
    [order.id, JSON.stringify(request.address), at],
  );
  await recordOrderEvent(
    tx,
    {
      orderId: order.id,
      type: 'address_corrected',
      data: { before: order.shippingAddress, after: request.address, previousIssue: order.addressIssue, note: request.note ?? null },
    },
    context,
  );
  return updated.rows[0]!;
}
