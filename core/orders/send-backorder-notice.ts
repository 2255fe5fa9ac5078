/** Telling a customer their order is backordered and when to expect it (sop-backorder-customer-communication). */
import { z } from 'zod';
import type { Tx } from '../db/database.ts';
import { resolveContext, type ChangeContext } from '../domain/change-context.ts';
import { PreconditionFailedError, parseOrThrow } from '../errors.ts';
import { recordOrderEvent } from './order-events.ts';
import { loadOrderLines, pickLine, requireOrder } from './order-record.ts';

export const sendBackorderNoticeInputSchema = z.object({
  order: z.string().min(1),
  newPromisedDate: z.coerce.date(),
  lineNumber: z.number().int().positive().optional(),
  channel: z.enum(['email', 'sms', 'edi', 'marketplace_message', 'phone']).default('email'),
  message: z.string().trim().min(1).max(4000).optional(),
});
export type SendBackorderNoticeInput = z.input<typeof sendBackorderNoticeInputSchema>;

export interface BackorderNotice {
  id: string;
  orderNumber: string;
  channel: string;
  previousPromisedDate: Date | null;
  newPromisedDate: Date;
  message: string;
  sentAt: Date;
}

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
  if (request.newPromisedDate <= at) {
    throw new PreconditionFailedError('the new promised date must be in the future', {
      newPromisedDate: request.newPromisedDate.toISOString(),
    });
  }
  const items = waiting.map((l) => `${l.quantityBackordered} × ${l.skuName} (${l.skuCode})`).join(', ');
  const message =
    request.message ??
    `Your order ${order.number} is delayed: ${items} ${waiting.length === 1 ? 'is' : 'are'} on backorder. We now expect to ship by ${request.newPromisedDate.toISOString().slice(0, 10)}. Reply to cancel the backordered items at no charge.`;
  const inserted = await tx.query<{ id: string }>(
    `INSERT INTO backorder_notices (tenant_id, order_id, order_line_id, channel, previous_promised_date, new_promised_date, message, sent_by, sent_at)
     VALUES (copilot_tenant_id(), $1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [order.id, line?.id ?? null, request.channel, order.promisedDate, request.newPromisedDate, message, actor, at],
  );
  await tx.query('UPDATE orders SET promised_date = $2, updated_at = $3 WHERE id = $1', [order.id, request.newPromisedDate, at]);
  await recordOrderEvent(
    tx,
    {
      orderId: order.id,
      type: 'backorder_notice_sent',
      data: {
        channel: request.channel,
        previousPromisedDate: order.promisedDate?.toISOString() ?? null,
        newPromisedDate: request.newPromisedDate.toISOString(),
        lines: waiting.map((l) => l.lineNumber),
      },
    },
    context,
  );
  return {
    id: inserted.rows[0]!.id,
    orderNumber: order.number,
    channel: request.channel,
    previousPromisedDate: order.promisedDate,
    newPromisedDate: request.newPromisedDate,
    message,
    sentAt: at,
  };
}
