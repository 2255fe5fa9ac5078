/** Price override on an order line (pol-price-override-authority): the order totals follow. */
import { z } from 'zod';
import type { Tx } from '../db/database.ts';
import { resolveContext, type ChangeContext } from '../domain/change-context.ts';
import { moneyEquals, roundMoney } from '../domain/money.ts';
import { moneySchema } from '../domain/references.ts';
import { PreconditionFailedError, parseOrThrow } from '../errors.ts';
import { recordOrderEvent } from './order-events.ts';
import { loadOrderLines, pickLine, requireOrder } from './order-record.ts';

export const overridePriceInputSchema = z.object({
  order: z.string().min(1),
  lineNumber: z.number().int().positive(),
  newUnitPrice: moneySchema,
  reason: z.string().trim().min(1).max(2000),
});
export type OverridePriceInput = z.input<typeof overridePriceInputSchema>;

export interface PriceOverride {
  orderNumber: string;
  lineNumber: number;
  skuCode: string;
  listUnitPrice: number;
  previousUnitPrice: number;
  newUnitPrice: number;
  /** Relative to the previous effective price, in percent (negative = discount). */
  changePercent: number;
  lineTotalChange: number;
  orderTotalBefore: number;
  orderTotalAfter: number;
}

export async function overridePrice(tx: Tx, input: OverridePriceInput, context?: ChangeContext): Promise<PriceOverride> {
  const request = parseOrThrow(overridePriceInputSchema, input, 'price override');
  const { actor, at } = resolveContext(context);
  const order = await requireOrder(tx, request.order, { lock: true });
  if (['invoiced', 'closed', 'cancelled'].includes(order.status)) {
    throw new PreconditionFailedError(`order ${order.number} is ${order.status}; correct an invoiced price with a credit memo`, {
      order: order.number,
      status: order.status,
    });
  }
  const line = pickLine(await loadOrderLines(tx, order.id), { lineNumber: request.lineNumber });
  if (!line)
    throw new PreconditionFailedError(`order ${order.number} has no line ${request.lineNumber}`, {
      order: order.number,
      lineNumber: request.lineNumber,
    });
  const previous = line.overriddenPrice ?? line.unitPrice;
  if (moneyEquals(previous, request.newUnitPrice)) {
    throw new PreconditionFailedError(`line ${line.lineNumber} already costs ${previous.toFixed(2)}`, {
      lineNumber: line.lineNumber,
      price: previous,
    });
  }
  await tx.query(
    `UPDATE order_lines SET overridden_price = $2, price_override_reason = $3, price_overridden_by = $4, price_overridden_at = $5, updated_at = $5 WHERE id = $1`,
    [line.id, request.newUnitPrice, request.reason, actor, at],
  );
  const totals = await tx.query<{ subtotal: number; total: number }>(
    `UPDATE orders o SET subtotal = s.subtotal, total = round(s.subtotal - o.discount_total + o.shipping_total + o.tax_total, 2), updated_at = $2
       FROM (SELECT round(sum(quantity_ordered * coalesce(overridden_price, unit_price)), 2) AS subtotal FROM order_lines WHERE order_id = $1) s
      WHERE o.id = $1 RETURNING o.subtotal, o.total`,
    [order.id, at],
  );
  const after = totals.rows[0]!;
  const result: PriceOverride = {
    orderNumber: order.number,
    lineNumber: line.lineNumber,
    skuCode: line.skuCode,
    listUnitPrice: line.unitPrice,
    previousUnitPrice: previous,
    newUnitPrice: request.newUnitPrice,
    changePercent: previous === 0 ? 100 : roundMoney(((request.newUnitPrice - previous) / previous) * 100),
    lineTotalChange: roundMoney((request.newUnitPrice - previous) * line.quantityOrdered),
    orderTotalBefore: order.total,
    orderTotalAfter: after.total,
  };
  await recordOrderEvent(tx, { orderId: order.id, type: 'price_overridden', data: { ...result, reason: request.reason } }, context);
  return result;
}
