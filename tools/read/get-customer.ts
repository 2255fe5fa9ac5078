/** get_customer: a customer's terms, credit line, exposure, credit status and open orders. */
import { z } from 'zod';
import { getCustomer } from '../../core/customers/index.ts';
import { defineTool } from '../tool.ts';
import { READ_ROLES } from './read-roles.ts';
import { customerCodeField } from './reference-fields.ts';
import { citationsField, clip, iso, timestampField, toolCitation } from './result-helpers.ts';

const OPEN_ORDER_LIMIT = 10;

const input = z.strictObject({ customer: customerCodeField });

export const customerResultSchema = z.object({
  customer: z.string().describe('Customer code.'),
  name: z.string(),
  kind: z.string().describe('consumer or business.'),
  tier: z.string().describe('standard, vip, key_account or strategic.'),
  paymentTerms: z.string().describe('prepaid, cod, net_15, net_30, net_45 or net_60.'),
  currency: z.string(),
  creditLimit: z.number().nullable().describe('null: no credit line.'),
  exposure: z.number().describe('Open orders not yet invoiced + unpaid posted or disputed invoices.'),
  exposureBreakdown: z.object({
    openOrderValue: z.number(),
    openOrderCount: z.number().int(),
    unpaidInvoiceValue: z.number(),
    unpaidInvoiceCount: z.number().int(),
  }),
  oldestPastDueDays: z.number().int().describe('Days the oldest unpaid invoice is past due (0 when none).'),
  creditAvailable: z.number().nullable().describe('creditLimit − exposure; negative = over the limit.'),
  creditUtilizationPercent: z.number().nullable(),
  creditStatus: z.string().describe('ok or on_hold.'),
  creditHold: z
    .object({ untrustedReason: z.string().nullable(), since: timestampField.nullable(), by: z.string().nullable() })
    .nullable()
    .describe('The account credit hold, when on hold.'),
  openOrders: z.array(
    z.object({
      orderNumber: z.string(),
      status: z.string(),
      total: z.number(),
      placedAt: timestampField,
      holdReason: z.string().nullable(),
    }),
  ),
  openOrdersTruncated: z.boolean(),
  citations: citationsField,
});

export const getCustomerTool = defineTool({
  name: 'get_customer',
  title: 'Get a customer',
  description:
    'Returns a customer by code: kind and tier, payment terms, credit limit, exposure (open orders + unpaid invoices) and ' +
    "its breakdown, credit available and utilisation, days past due, credit status (ok or on_hold, with the hold's " +
    'reason) and the most recent open orders. Use it for credit holds, payment-terms questions, or to judge a refund or ' +
    'release for a key account.',
  kind: 'read',
  risk: 'none',
  roles: READ_ROLES,
  idempotent: true,
  input,
  output: customerResultSchema,
  async run({ tx, now }, request) {
    const customer = await getCustomer(tx, request.customer, now);
    const exposure = customer.exposure;
    return {
      customer: customer.code,
      name: customer.name,
      kind: customer.kind,
      tier: customer.tier,
      paymentTerms: customer.paymentTerms,
      currency: customer.currency,
      creditLimit: customer.creditLimit,
      exposure: exposure.total,
      exposureBreakdown: {
        openOrderValue: exposure.openOrderValue,
        openOrderCount: exposure.openOrderCount,
        unpaidInvoiceValue: exposure.unpaidInvoiceValue,
        unpaidInvoiceCount: exposure.unpaidInvoiceCount,
      },
      oldestPastDueDays: exposure.oldestPastDueDays,
      creditAvailable: customer.creditAvailable,
      creditUtilizationPercent: customer.creditUtilizationPercent,
      creditStatus: customer.creditStatus,
      creditHold:
        customer.creditStatus === 'on_hold'
          ? { untrustedReason: clip(customer.creditHoldReason, 500), since: iso(customer.creditHoldAt), by: customer.creditHoldBy }
          : null,
      openOrders: customer.openOrders.slice(0, OPEN_ORDER_LIMIT).map((order) => ({
        orderNumber: order.number,
        status: order.status,
        total: order.total,
        placedAt: iso(order.placedAt),
        holdReason: order.holdReason,
      })),
      openOrdersTruncated: customer.openOrders.length > OPEN_ORDER_LIMIT,
      citations: [toolCitation('get_customer', customer.code, `Customer ${customer.code} (${customer.name})`)],
    };
  },
});
