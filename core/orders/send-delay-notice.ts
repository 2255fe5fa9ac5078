/**
 * Telling a customer, before they ask, that an order whose goods are in stock will ship later than
 * promised, with the new date (sop-backorder-customer-communication). Backordered units have their
 * own notice (send-backorder-notice.ts), which names the missing items and offers to cancel them.
 */
import { z } from 'zod';
import type { Tx } from '../db/database.ts';
import { resolveContext, type ChangeContext } from '../domain/change-context.ts';
import { PreconditionFailedError, parseOrThrow } from '../errors.ts';
import { recordOrderEvent } from './order-events.ts';
import { loadOrderLines, requireOrder } from './order-record.ts';

export const NOTICE_CHANNELS = ['email', 'sms', 'edi', 'marketplace_message', 'phone'] as const;

export const sendDelayNoticeInputSchema = z.object({
  order: z.string().min(1),
  newPromisedDate: z.coerce.date(),
  channel: z.enum(NOTICE_CHANNELS).default('email'),
  message: z.string().trim().min(1).max(4000).optional(),
});
export type SendDelayNoticeInput = z.input<typeof sendDelayNoticeInputSchema>;

export interface DelayNotice {
  id: string;
  orderNumber: string;
  channel: string;
  previousPromisedDate: Date | null;
  newPromisedDate: Date;
  message: string;
  sentAt: Date;
}

/** Orders still to ship in full; a partly shipped order's remaining lines can be late too. */
const OPEN_STATUSES = ['captured', 'validated', 'reserved', 'released', 'partially_shipped', 'on_hold'];
const isoDay = (date: Date): string => date.toISOString().slice(0, 10);

export async function sendDelayNotice(tx: Tx, input: SendDelayNoticeInput, context?: ChangeContext): Promise<DelayNotice> {
  const request = parseOrThrow(sendDelayNoticeInputSchema, input, 'delay notice');
  const { actor, at } = resolveContext(context);
  const order = await requireOrder(tx, request.order, { lock: true });
  const lines = await loadOrderLines(tx, order.id);
  const backordered = lines.filter((line) => line.quantityBackordered > 0);
  if (backordered.length) {
    throw new PreconditionFailedError(
      `order ${order.number} has backordered units (line ${backordered.map((line) => line.lineNumber).join(', ')}): send a backorder notice instead`,
      { order: order.number, backorderedLines: backordered.map((line) => line.lineNumber) },
    );
  }
  if (!OPEN_STATUSES.includes(order.status)) {
    throw new PreconditionFailedError(`order ${order.number} is ${order.status}; a delay notice is for an order still to ship`, {
      order: order.number,
      status: order.status,
    });
  }
  if (request.newPromisedDate <= at) {
    throw new PreconditionFailedError('the new promised date must be in the future', {
      newPromisedDate: request.newPromisedDate.toISOString(),
    });
  }
  // A date no later than the current promise is not a delay; telling the customer so would only confuse.
  if (order.promisedDate && isoDay(request.newPromisedDate) <= isoDay(order.promisedDate)) {
    throw new PreconditionFailedError(
      `the new date ${isoDay(request.newPromisedDate)} is not after the current promise ${isoDay(order.promisedDate)}`,
      { newPromisedDate: isoDay(request.newPromisedDate), promisedDate: isoDay(order.promisedDate) },
    );
  }
  const was = order.promisedDate ? ` (it was due to ship by ${isoDay(order.promisedDate)})` : '';
  const message =
    request.message ??
    `Your order ${order.number} is taking longer than planned: we now expect to ship it by ${isoDay(request.newPromisedDate)}${was}. ` +
      'We are sorry for the wait. Reply if you would rather change or cancel the order.';
  const inserted = await tx.query<{ id: string }>(
    `INSERT INTO delay_notices (tenant_id, order_id, channel, previous_promised_date, new_promised_date, message, sent_by, sent_at)
     VALUES (copilot_tenant_id(), $1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [order.id, request.channel, order.promisedDate, request.newPromisedDate, message, actor, at],
  );
  // The customer now holds the new date: it is the promise the order is measured against from here on.
  await tx.query('UPDATE orders SET promised_date = $2, updated_at = $3 WHERE id = $1', [order.id, request.newPromisedDate, at]);
  await recordOrderEvent(
    tx,
    {
      orderId: order.id,
      type: 'delay_notice_sent',
      data: {
        channel: request.channel,
        previousPromisedDate: order.promisedDate?.toISOString() ?? null,
        newPromisedDate: request.newPromisedDate.toISOString(),
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
