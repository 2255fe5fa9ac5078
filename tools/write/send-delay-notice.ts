/** send_delay_notice: tell the customer, before they ask, that an in-stock order will ship later, with the new date. */
import { z } from 'zod';
import { NOTICE_CHANNELS, requireOrder, sendDelayNotice } from '../../core/orders/index.ts';
import { orderNumberField } from '../read/reference-fields.ts';
import { isoDay } from '../read/result-helpers.ts';
import { defineDomainWriteTool } from './domain-write-tool.ts';
import { loadOrderFacts } from './order-facts.ts';
import { writeResultFields } from './write-result.ts';
import { PROPOSER_AND_INTEGRATION_ROLES } from './write-roles.ts';

const DAY_MS = 86_400_000;

const input = z.strictObject({
  order: orderNumberField,
  newPromisedDate: z.iso
    .date()
    .describe(
      'The new date the order is expected to ship (YYYY-MM-DD, in the future and after the current promise). Quote the date the ' +
        "tenant's own history supports (a late_shipment_risk exception's likelyShippedBy), never a hoped-for one.",
    ),
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
    .describe('Custom message text; omitted = the standard notice with the new and the previous date and the option to change or cancel.'),
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

export const sendDelayNoticeTool = defineDomainWriteTool({
  name: 'send_delay_notice',
  title: 'Send a delay notice',
  description:
    'Records and sends a proactive notice to the customer of an order that will ship later than promised while its goods ' +
    "are in stock (a late_shipment_risk the warehouse cannot recover), and moves the order's promised date to the new date " +
    '(sop-backorder-customer-communication: tell them before they ask, with a date you can keep). For backordered units ' +
    'use send_backorder_notice. Preconditions: the order is still to ship, has no backordered units, and the new date is ' +
    'in the future and after the current promise. Returns the notice as sent and the previous and new promised dates.',
  risk: 'low',
  roles: PROPOSER_AND_INTEGRATION_ROLES,
  idempotent: false,
  // The notice reaches the customer, and the promised date changes: neither read-only nor purely additive.
  reachesOutside: true,
  input,
  output,
  async facts({ tx }, request) {
    const { order, facts } = await loadOrderFacts(tx, request.order);
    const newDate = new Date(`${request.newPromisedDate}T00:00:00Z`);
    return {
      ...facts,
      noticeChannel: request.channel,
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
    sendDelayNotice(
      tx,
      {
        order: request.order,
        newPromisedDate: request.newPromisedDate,
        channel: request.channel,
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
