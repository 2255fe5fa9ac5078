/** Telling a customer their order is backordered and when to expect it (sop-backorder-customer-communication). */
import { z } from 'zod';
import type { Tx } from '../db/database.ts';
import { resolveContext, type ChangeContext } from '../domain/change-context.ts';
import { PreconditionFailedError, parseOrThrow } from '../errors.ts';
import { type CustomerNotice, customerNoticeInputSchema, recordCustomerNotice, requireFuturePromise } from './customer-notice.ts';
import { loadOrderLines, pickLine, requireOrder } from './order-record.ts';

export const sendBackorderNoticeInputSchema = customerNoticeInputSchema.extend({
  lineNumber: z.number().int().positive().optional(),
});
export type SendBackorderNoticeInput = z.input<typeof sendBackorderNoticeInputSchema>;

export type BackorderNotice = CustomerNotice;

export async function sendBackorderNotice(tx: Tx, input: SendBackorderNoticeInput, context?: ChangeContext): Promise<BackorderNotice> {
  const request = parseOrThrow(sendBackorderNoticeInputSchema, input, 'backorder notice');
  const { actor, at } = resolveContext(context);
  const order = await requireOrder(tx, request.order, { lock: true });
  const lines = await loadOrderLines(tx, order.id);
  const line = request.lineNumber === undefined ? undefined : pickLine(lines, { lineNumber: request.lineNumber });
  if (request.lineNumber !== undefined && !line)
    throw new PreconditionFailedError(`order ${order.number} has no line ${request.lineNumber}`, { lineNumber: request.lineNumber });
  const waiting = (line ? [line] : lines).filter((l) => l.quantityBackordered > 0);
  if (waiting.length === 0 || ['cancelled', 'closed', 'invoiced', 'shipped'].includes(order.status)) {
    throw new PreconditionFailedError(`order ${order.number} has no backordered quantity${line ? ` on line ${line.lineNumber}` : ''}`, {
      order: order.number,
      status: order.status,
    });
  }
  requireFuturePromise(request.newPromisedDate, at);
  const items = waiting.map((l) => `${l.quantityBackordered} × ${l.skuName} (${l.skuCode})`).join(', ');
  const message =
    request.message ??
    `Your order ${order.number} is delayed: ${items} ${waiting.length === 1 ? 'is' : 'are'} on backorder. We now expect to ship by ${request.newPromisedDate.toISOString().slice(0, 10)}. Reply to cancel the backordered items at no charge.`;
  return recordCustomerNotice(
    tx,
    {
      kind: 'backorder',
      order,
      request,
      message,
      sentBy: actor,
      sentAt: at,
      orderLineId: line?.id ?? null,
      logData: { lines: waiting.map((l) => l.lineNumber) },
    },
    context,
  );
}
