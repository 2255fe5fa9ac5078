/** search_orders: find orders by number prefix, customer, status, SKU, channel, hold reason or date range. */
import { z } from 'zod';
import { HOLD_REASON_CODES, ORDER_STATUSES, searchOrders, type SearchOrdersInput } from '../../core/orders/index.ts';
import { defineTool } from '../tool.ts';
import { READ_ROLES } from './read-roles.ts';
import { listLimitField, skuCodeField } from './reference-fields.ts';
import { citationsField, iso, isoDay, timestampField, toolCitation } from './result-helpers.ts';

const input = z.strictObject({
  number: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.#/-]{0,62}\*?$/, 'an order number, or a prefix ending in *')
    .optional()
    .describe('Exact order number, or a prefix ending in "*" (e.g. "104*").'),
  customer: z.string().trim().min(2).max(200).optional().describe('Customer code, e-mail, or part of the customer name.'),
  status: z.enum(ORDER_STATUSES).optional().describe('Only orders in this status.'),
  sku: skuCodeField.optional().describe('Only orders with a line of this SKU code.'),
  channel: z
    .string()
    .regex(/^[a-z0-9_]{2,32}$/, 'a channel such as web or amazon')
    .optional()
    .describe('Sales channel: web, amazon, ebay, b2b_portal, edi, pos, phone …'),
  holdReason: z.enum(HOLD_REASON_CODES).optional().describe('Only orders with an active hold of this reason code.'),
  placedFrom: z.iso.date().optional().describe('Placed on or after this day (YYYY-MM-DD, UTC).'),
  placedTo: z.iso.date().optional().describe('Placed before this day (YYYY-MM-DD, UTC; exclusive).'),
  limit: listLimitField(50, 20),
});

const output = z.object({
  count: z.number().int(),
  more: z.boolean().describe('True when more orders match than were returned: narrow the filters.'),
  orders: z.array(
    z.object({
      orderNumber: z.string(),
      status: z.string(),
      holdReason: z.string().nullable(),
      channel: z.string(),
      customer: z.string().nullable(),
      customerName: z.string().nullable(),
      total: z.number(),
      currency: z.string(),
      placedAt: timestampField,
      promisedDate: z.string().nullable(),
      erpSyncStatus: z.string(),
      lineCount: z.number().int(),
    }),
  ),
  citations: citationsField,
});

export const searchOrdersTool = defineTool({
  name: 'search_orders',
  title: 'Search orders',
  description:
    'Finds orders, newest first, by order number or number prefix ("104*"), customer (code, e-mail or name), status, SKU, ' +
    'channel, active hold reason, or placement date range (filters combine). Use it when the order number ' +
    'is unknown ("orders of ACME stuck on hold", "web orders for SKU TEE-BLK-M this week"). Returns a short summary per ' +
    'order; call get_order for details.',
  kind: 'read',
  risk: 'none',
  roles: READ_ROLES,
  idempotent: true,
  input,
  output,
  async run({ tx }, request) {
    const query: SearchOrdersInput = { limit: request.limit + 1 };
    if (request.number) query.number = request.number;
    if (request.customer) query.customer = request.customer;
    if (request.status) query.status = request.status;
    if (request.sku) query.sku = request.sku;
    if (request.channel) query.channel = request.channel;
    if (request.holdReason) query.holdReason = request.holdReason;
    if (request.placedFrom) query.placedFrom = request.placedFrom;
    if (request.placedTo) query.placedTo = request.placedTo;
    const found = await searchOrders(tx, query);
    const orders = found.slice(0, request.limit).map((order) => ({
      orderNumber: order.number,
      status: order.status,
      holdReason: order.holdReason,
      channel: order.channel,
      customer: order.customerCode,
      customerName: order.customerName,
      total: order.total,
      currency: order.currency,
      placedAt: iso(order.placedAt),
      promisedDate: isoDay(order.promisedDate),
      erpSyncStatus: order.erpSyncStatus,
      lineCount: order.lineCount,
    }));
    return {
      count: orders.length,
      more: found.length > request.limit,
      orders,
      citations: orders.map((order) => toolCitation('search_orders', order.orderNumber, `Order ${order.orderNumber}`)),
    };
  },
});
