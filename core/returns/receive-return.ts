/** A return parcel arrives: the units go into returns_hold at the receiving location until inspected. */
import { z } from 'zod';
import { requireLocation } from '../catalog/locations.ts';
import { stockUnitsOf } from '../catalog/skus.ts';
import type { Tx } from '../db/database.ts';
import { resolveContext, type ChangeContext } from '../domain/change-context.ts';
import { IllegalTransitionError, PreconditionFailedError, parseOrThrow } from '../errors.ts';
import { moveStock } from '../inventory/move-stock.ts';
import { recordOrderEvent } from '../orders/order-events.ts';
import { loadOrderLines, pickLine, requireOrder } from '../orders/order-record.ts';

export const receiveReturnInputSchema = z.object({
  rma: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.#/-]{0,63}$/, 'RMA number: letters, digits, _ . # / -'),
  order: z.string().min(1),
  location: z.string().min(1),
  reason: z.string().max(500).optional(),
  lines: z
    .array(
      z
        .object({
          sku: z.string().min(1).optional(),
          lineNumber: z.number().int().positive().optional(),
          quantity: z.number().int().positive(),
        })
        .refine((line) => line.sku !== undefined || line.lineNumber !== undefined, { message: 'give sku or lineNumber', path: ['sku'] }),
    )
    .min(1, 'a return needs at least one line'),
});
export type ReceiveReturnInput = z.input<typeof receiveReturnInputSchema>;

export async function receiveReturn(
  tx: Tx,
  input: ReceiveReturnInput,
  context?: ChangeContext,
): Promise<{ id: string; rma: string; orderNumber: string; units: number }> {
  const request = parseOrThrow(receiveReturnInputSchema, input, 'return');
  const { at } = resolveContext(context);
  const order = await requireOrder(tx, request.order, { lock: true });
  const location = await requireLocation(tx, request.location);
  const existing = await tx.query<{ id: string; status: string; order_id: string }>(
    'SELECT id, status, order_id FROM returns WHERE rma_number = $1 FOR UPDATE',
    [request.rma],
  );
  let returnId = existing.rows[0]?.id;
  if (existing.rows[0]) {
    if (existing.rows[0].order_id !== order.id)
      throw new PreconditionFailedError(`RMA ${request.rma} belongs to another order`, { rma: request.rma });
    if (existing.rows[0].status !== 'authorized')
      throw new IllegalTransitionError('return', existing.rows[0].status, 'received', 'the RMA was already received');
  } else {
    const inserted = await tx.query<{ id: string }>(
      `INSERT INTO returns (tenant_id, rma_number, order_id, location_id, status, reason, authorized_at, created_at, updated_at)
       VALUES (copilot_tenant_id(), $1, $2, $3, 'authorized', $4, $5, $5, $5) RETURNING id`,
      [request.rma, order.id, location.id, request.reason ?? null, at],
    );
    returnId = inserted.rows[0]!.id;
  }
  const lines = await loadOrderLines(tx, order.id);
  let units = 0;
  for (const [index, returned] of request.lines.entries()) {
    const line = pickLine(lines, returned);
    if (!line)
      throw new PreconditionFailedError(`order ${order.number} has no line for ${returned.sku ?? `line ${returned.lineNumber}`}`, {
        path: `lines.${index}`,
      });
    const returnable = line.quantityShipped - line.quantityReturned;
    if (returned.quantity > returnable) {
      throw new PreconditionFailedError(
        `line ${line.lineNumber} (${line.skuCode}): ${returned.quantity} returned but only ${returnable} shipped and not yet returned`,
        {
          path: `lines.${index}.quantity`,
          returnable,
          returned: returned.quantity,
        },
      );
    }
    line.quantityReturned += returned.quantity;
    await tx.query(
      `INSERT INTO return_lines (tenant_id, return_id, order_line_id, sku_id, quantity, quantity_received) VALUES (copilot_tenant_id(), $1, $2, $3, $4, $4)
       ON CONFLICT (tenant_id, return_id, order_line_id) DO UPDATE SET quantity = return_lines.quantity + EXCLUDED.quantity,
         quantity_received = return_lines.quantity_received + EXCLUDED.quantity_received`,
      [returnId, line.id, line.skuId, returned.quantity],
    );
    await tx.query('UPDATE order_lines SET quantity_returned = quantity_returned + $2, updated_at = $3 WHERE id = $1', [
      line.id,
      returned.quantity,
      at,
    ]);
    for (const unit of await stockUnitsOf(tx, { id: line.skuId, code: line.skuCode, isKit: line.isKit })) {
      await moveStock(
        tx,
        {
          sku: { id: unit.skuId, code: unit.skuCode },
          location,
          to: 'returns_hold',
          quantity: unit.quantity * returned.quantity,
          kind: 'return_receipt',
          reference: request.rma,
        },
        context,
      );
    }
    units += returned.quantity;
  }
  await tx.query(`UPDATE returns SET status = 'received', received_at = $2, location_id = $3, updated_at = $2 WHERE id = $1`, [
    returnId,
    at,
    location.id,
  ]);
  await recordOrderEvent(
    tx,
    {
      orderId: order.id,
      type: 'return_received',
      data: { rma: request.rma, location: location.code, units, reason: request.reason ?? null },
    },
    context,
  );
  return { id: returnId!, rma: request.rma, orderNumber: order.number, units };
}
