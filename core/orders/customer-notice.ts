/**
 * What every customer notice shares (sop-backorder-customer-communication): the request, the rule that
 * a new promise lies in the future, and recording a sent notice — its row, the order's new promised
 * date and one order log entry — in one path. send-backorder-notice.ts and send-delay-notice.ts add
 * only their own preconditions and wording.
 */
import { z } from 'zod';
import type { Tx } from '../db/database.ts';
import type { ChangeContext } from '../domain/change-context.ts';
import { PreconditionFailedError } from '../errors.ts';
import { recordOrderEvent } from './order-events.ts';
import type { OrderRecord } from './order-record.ts';

export const NOTICE_CHANNELS = ['email', 'sms', 'edi', 'marketplace_message', 'phone'] as const;

/** The request every notice takes; a notice extends it with its own fields (a backorder notice: the line). */
export const customerNoticeInputSchema = z.object({
  order: z.string().min(1),
  newPromisedDate: z.coerce.date(),
  channel: z.enum(NOTICE_CHANNELS).default('email'),
  message: z.string().trim().min(1).max(4000).optional(),
});

/** A notice as sent; the same shape for every kind. */
export interface CustomerNotice {
  id: string;
  orderNumber: string;
  channel: string;
  previousPromisedDate: Date | null;
  newPromisedDate: Date;
  message: string;
  sentAt: Date;
}

/** Which notice: each has its own table (a backorder notice may name one line) and its own order log type. */
export type CustomerNoticeKind = 'backorder' | 'delay';

/** A promise the customer is told must still be ahead of them. */
export function requireFuturePromise(newPromisedDate: Date, at: Date): void {
  if (newPromisedDate <= at) {
    throw new PreconditionFailedError('the new promised date must be in the future', {
      newPromisedDate: newPromisedDate.toISOString(),
    });
  }
}

export interface SentNotice {
  kind: CustomerNoticeKind;
  order: OrderRecord;
  /** The parsed request: how the customer is told and the new promise. */
  request: { channel: (typeof NOTICE_CHANNELS)[number]; newPromisedDate: Date };
  message: string;
  /** The caller's resolved context: the actor and the time it checked the preconditions against. */
  sentBy: string;
  sentAt: Date;
  /** Backorder notices only: the one line the notice is about (null: the whole order). */
  orderLineId?: string | null;
  /** Added to the order log entry after channel and the two dates. */
  logData?: Record<string, unknown>;
}

const INSERT_NOTICE: Record<CustomerNoticeKind, string> = {
  backorder: `INSERT INTO backorder_notices (tenant_id, order_id, channel, previous_promised_date, new_promised_date, message, sent_by, sent_at, order_line_id)
     VALUES (copilot_tenant_id(), $1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
  delay: `INSERT INTO delay_notices (tenant_id, order_id, channel, previous_promised_date, new_promised_date, message, sent_by, sent_at)
     VALUES (copilot_tenant_id(), $1, $2, $3, $4, $5, $6, $7) RETURNING id`,
};

/** Records a notice whose preconditions the caller has checked, and moves the order's promise to the new date. */
export async function recordCustomerNotice(tx: Tx, notice: SentNotice, context?: ChangeContext): Promise<CustomerNotice> {
  const { order, message, sentBy, sentAt } = notice;
  const { channel, newPromisedDate } = notice.request;
  const inserted = await tx.query<{ id: string }>(
    INSERT_NOTICE[notice.kind],
    [
      order.id,
      channel,
      order.promisedDate,
      newPromisedDate,
      message,
      sentBy,
      sentAt,
      ...(notice.kind === 'backorder' ? [notice.orderLineId ?? null] : []),
    ],
    { prepare: 'everywhere' },
  );
  // The customer now holds the new date: it is the promise the order is measured against from here on.
  await tx.query('UPDATE orders SET promised_date = $2, updated_at = $3 WHERE id = $1', [order.id, newPromisedDate, sentAt], {
    prepare: 'everywhere',
  });
  await recordOrderEvent(
    tx,
    {
      orderId: order.id,
      type: `${notice.kind}_notice_sent`,
      data: {
        channel,
        previousPromisedDate: order.promisedDate?.toISOString() ?? null,
        newPromisedDate: newPromisedDate.toISOString(),
        ...notice.logData,
      },
    },
    context,
  );
  return {
    id: inserted.rows[0]!.id,
    orderNumber: order.number,
    channel,
    previousPromisedDate: order.promisedDate,
    newPromisedDate,
    message,
    sentAt,
  };
}
