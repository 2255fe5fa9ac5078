/**
 * Telling a customer, before they ask, that an order whose goods are in stock will ship later than
 * promised, with the new date (sop-backorder-customer-communication). Backordered units have their
 * own notice (send-backorder-notice.ts), which names the missing items and offers to cancel them.
 */
import type { z } from 'zod';
import type { Tx } from '../db/database.ts';
import { resolveContext, type ChangeContext } from '../domain/change-context.ts';
import { PreconditionFailedError, parseOrThrow } from '../errors.ts';
import { type CustomerNotice, customerNoticeInputSchema, recordCustomerNotice, requireFuturePromise } from './customer-notice.ts';
import { loadOrderLines, requireOrder } from './order-record.ts';

export const sendDelayNoticeInputSchema = customerNoticeInputSchema;
export type SendDelayNoticeInput = z.input<typeof sendDelayNoticeInputSchema>;

export type DelayNotice = CustomerNotice;

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
  requireFuturePromise(request.newPromisedDate, at);
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
  return recordCustomerNotice(tx, { kind: 'delay', order, request, message, sentBy: actor, sentAt: at }, context);
}
