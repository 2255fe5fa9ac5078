/** send_backorder_notice: tell the customer an item is backordered, with the new promised date. */
import { z } from 'zod';
import { loadOrderLines, requireOrder, sendBackorderNotice } from '../../core/orders/index.ts';
import { lineNumberField, orderNumberField } from '../read/reference-fields.ts';
import { isoDay } from '../read/result-helpers.ts';
import { defineDomainWriteTool } from './domain-write-tool.ts';
import { loadOrderFacts } from './order-facts.ts';
import { writeResultFields } from './write-result.ts';
import { PROPOSER_AND_INTEGRATION_ROLES } from './write-roles.ts';

const NOTICE_CHANNELS = ['email', 'sms', 'edi', 'marketplace_message', 'phone'] as const;
const DAY_MS = 86_400_000;

const input = z.strictObject({
  order: orderNumberField,
  newPromisedDate: z.iso
    .date()
    .describe(
      'The new date the goods are expected to ship (YYYY-MM-DD, in the future). Quote a firm date only from a confirmed inbound PO; otherwise the date by which the customer will get an update.',
    ),
  lineNumber: lineNumberField.optional().describe('Only this backordered line; omitted = every backordered line of the order.'),
  channel: z
    .enum(NOTICE_CHANNELS)
    .default('email')
    .describe('How the customer is told: email (default), sms, edi, marketplace_message or phone.'),
  message: z
    .string()
    .trim()
    .min(20)
    .max(2000)
    .optional()
    .describe('Custom message text; omitted = the standard notice naming the items, the new date and the option to cancel.'),
});

const output = z.object({
  noticeId: z.string(),
  orderNumber: z.string(),
  channel: z.string(),
  previousPromisedDate: z.string().nullable(),
  newPromisedDate: z.string(),
  message: z.string(),
  sentAt: z.string(),
  ...writeResultFields,
});

export const sendBackorderNoticeTool = defineDomainWriteTool({
  name: 'send_backorder_notice',
  title: 'Send a backorder notice',
  description:
    "Records and sends a backorder notice to the customer of an order with backordered units, and moves the order's " +
    'promised date to the new date. Use it when a stock conflict cannot be fixed by reallocation, or a backorder ages ' +
    '(sop-backorder-customer-communication): name the items, give a date only from a confirmed inbound, offer to cancel. ' +
    'Preconditions: the order (or the given line) has backordered quantity, has not shipped, and the new date is in the ' +
    'future. Returns the notice as sent and the previous and new promised dates.',
  risk: 'low',
  roles: PROPOSER_AND_INTEGRATION_ROLES,
  idempotent: false,
  // The notice reaches the customer; the promised date is changed as well, so it is not purely additive.
  reachesOutside: true,
  input,
  output,
  async facts({ tx }, request) {
    const { order, facts } = await loadOrderFacts(tx, request.order);
    const lines = (await loadOrderLines(tx, order.id)).filter(
      (line) => request.lineNumber === undefined || line.lineNumber === request.lineNumber,
    );
    const backordered = lines.filter((line) => line.quantityBackordered > 0);
    const newDate = new Date(`${request.newPromisedDate}T00:00:00Z`);
    return {
      ...facts,
      noticeChannel: request.channel,
      quantity: backordered.reduce((sum, line) => sum + line.quantityBackordered, 0),
      backorderedLines: backordered.length,
      previousPromisedDate: isoDay(order.promisedDate),
      newPromisedDate: request.newPromisedDate,
      // Calendar days between the two promise dates; the stored promise may carry a time of day.
      daysDelayed: order.promisedDate
        ? Math.round((newDate.getTime() - new Date(`${isoDay(order.promisedDate)}T00:00:00Z`).getTime()) / DAY_MS)
        : null,
      customMessage: request.message !== undefined,
    };
  },
  apply: ({ tx }, request, change) =>
    sendBackorderNotice(
      tx,
      {
        order: request.order,
        newPromisedDate: request.newPromisedDate,
        channel: request.channel,
        ...(request.lineNumber !== undefined ? { lineNumber: request.lineNumber } : {}),
        ...(request.message !== undefined ? { message: request.message } : {}),
      },
      change,
    ),
  touched: async ({ tx }, notice) => ({ orderIds: [(await requireOrder(tx, notice.orderNumber)).id] }),
  present: (notice, redetection) => ({
    noticeId: notice.id,
    orderNumber: notice.orderNumber,
    channel: notice.channel,
    previousPromisedDate: isoDay(notice.previousPromisedDate),
    newPromisedDate: isoDay(notice.newPromisedDate)!,
    message: notice.message,
    sentAt: notice.sentAt.toISOString(),
    ...redetection,
  }),
});
