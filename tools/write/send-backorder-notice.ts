/** send_backorder_notice: tell the customer an item is backordered, with the new promised date. */
import { z } from 'zod';
import { loadOrderLines, sendBackorderNotice } from '../../core/orders/index.ts';
import { lineNumberField, orderNumberField } from '../read/reference-fields.ts';
import { defineCustomerNoticeTool, newPromisedDateField, noticeChannelField, noticeMessageField } from './customer-notice-tool.ts';

const input = z.strictObject({
  order: orderNumberField,
  newPromisedDate: newPromisedDateField(
    'The new date the goods are expected to ship (YYYY-MM-DD, in the future). Quote a firm date only from a confirmed inbound PO; otherwise the date by which the customer will get an update.',
  ),
  lineNumber: lineNumberField.optional().describe('Only this backordered line; omitted = every backordered line of the order.'),
  channel: noticeChannelField,
  message: noticeMessageField(
    'Custom message text; omitted = the standard notice naming the items, the new date and the option to cancel.',
  ),
});

export const sendBackorderNoticeTool = defineCustomerNoticeTool({
  name: 'send_backorder_notice',
  title: 'Send a backorder notice',
  description:
    "Records and sends a backorder notice to the customer of an order with backordered units, and moves the order's " +
    'promised date to the new date. Use it when a stock conflict cannot be fixed by reallocation, or a backorder ages ' +
    '(sop-backorder-customer-communication): name the items, give a date only from a confirmed inbound, offer to cancel. ' +
    'Preconditions: the order (or the given line) has backordered quantity, has not shipped, and the new date is in the ' +
    'future. Returns the notice as sent and the previous and new promised dates.',
  input,
  async noticeFacts({ tx }, request, order) {
    const lines = (await loadOrderLines(tx, order.id)).filter(
      (line) => request.lineNumber === undefined || line.lineNumber === request.lineNumber,
    );
    const backordered = lines.filter((line) => line.quantityBackordered > 0);
    return {
      quantity: backordered.reduce((sum, line) => sum + line.quantityBackordered, 0),
      backorderedLines: backordered.length,
    };
  },
  send: sendBackorderNotice,
});
