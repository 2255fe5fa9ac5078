/** send_delay_notice: tell the customer, before they ask, that an in-stock order will ship later, with the new date. */
import { z } from 'zod';
import { sendDelayNotice } from '../../core/orders/index.ts';
import { orderNumberField } from '../read/reference-fields.ts';
import { defineCustomerNoticeTool, newPromisedDateField, noticeChannelField, noticeMessageField } from './customer-notice-tool.ts';

const input = z.strictObject({
  order: orderNumberField,
  newPromisedDate: newPromisedDateField(
    'The new date the order is expected to ship (YYYY-MM-DD, in the future and after the current promise). Quote the date the ' +
      "tenant's own history supports (a late_shipment_risk exception's likelyShippedBy), never a hoped-for one.",
  ),
  channel: noticeChannelField,
  message: noticeMessageField(
    'Custom message text; omitted = the standard notice with the new and the previous date and the option to change or cancel.',
  ),
});

export const sendDelayNoticeTool = defineCustomerNoticeTool({
  name: 'send_delay_notice',
  title: 'Send a delay notice',
  description:
    'Records and sends a proactive notice to the customer of an order that will ship later than promised while its goods ' +
    "are in stock (a late_shipment_risk the warehouse cannot recover), and moves the order's promised date to the new date " +
    '(sop-backorder-customer-communication: tell them before they ask, with a date you can keep). For backordered units ' +
    'use send_backorder_notice. Preconditions: the order is still to ship, has no backordered units, and the new date is ' +
    'in the future and after the current promise. Returns the notice as sent and the previous and new promised dates.',
  input,
  send: sendDelayNotice,
});
