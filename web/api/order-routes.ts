/** Orders of the caller's tenant: search, one order in full, its timeline. */
import { z } from 'zod';
import { readInTenant } from '../../core/db/tenant-read.ts';
import { withTenant } from '../../core/db/tenant-scope.ts';
import { channelSchema } from '../../core/domain/references.ts';
import { getOrder, orderTimeline, ORDER_STATUSES, searchOrders } from '../../core/orders/index.ts';
import type { Role } from '../../core/identity/roles.ts';
import { getPrincipal } from '../context.ts';
import type { ApiDependencies } from './dependencies.ts';
import { toJsonSafe } from './json-safe.ts';
import { addRoute, type ApiRouter } from './openapi.ts';
import { dateTimeParam, limitParam, listParam, offsetParam } from './query-fields.ts';

export const ORDER_READER_ROLES: readonly Role[] = ['rep', 'approver', 'admin', 'evaluator'];

const dateTime = z.iso.datetime();
const money = z.number();

export const orderSummarySchema = z
  .object({
    id: z.uuid(),
    number: z.string(),
    channel: z.string(),
    status: z.enum(ORDER_STATUSES),
    holdReason: z.string().nullable(),
    customerCode: z.string().nullable(),
    customerName: z.string().nullable(),
    total: money,
    currency: z.string(),
    placedAt: dateTime,
    promisedDate: dateTime.nullable(),
    erpSyncStatus: z.string(),
    lineCount: z.number().int(),
  })
  .meta({ id: 'OrderSummary' });

// Nested parts are passed through as the core reports them (loose objects), with their key fields documented.
export const orderDetailSchema = z
  .looseObject({
    id: z.uuid(),
    number: z.string(),
    channel: z.string(),
    status: z.enum(ORDER_STATUSES),
    holdReason: z.string().nullable(),
    heldFromStatus: z.string().nullable(),
    currency: z.string(),
    subtotal: money,
    discountTotal: money,
    shippingTotal: money,
    taxTotal: money,
    total: money,
    shippingAddress: z.looseObject({ name: z.string(), line1: z.string(), city: z.string(), postalCode: z.string(), country: z.string() }),
    addressStatus: z.string(),
    addressIssue: z.string().nullable(),
    promisedDate: dateTime.nullable(),
    erpSyncStatus: z.string(),
    erpLastError: z.string().nullable(),
    placedAt: dateTime,
    customer: z.looseObject({ code: z.string(), name: z.string(), tier: z.string() }).nullable(),
    lines: z.array(
      z.looseObject({
        lineNumber: z.number().int(),
        skuCode: z.string(),
        quantityOrdered: z.number(),
        effectiveUnitPrice: money,
        lineTotal: money,
      }),
    ),
    holds: z.array(z.looseObject({ reasonCode: z.string(), placedBy: z.string(), placedAt: dateTime })),
    reservations: z.array(
      z.looseObject({ id: z.uuid(), skuCode: z.string(), locationCode: z.string(), quantity: z.number(), status: z.string() }),
    ),
    payments: z.array(z.looseObject({})),
    refunds: z.array(z.looseObject({})),
    shipments: z.array(z.looseObject({})),
    returns: z.array(z.looseObject({})),
    invoices: z.array(z.looseObject({})),
    erpSyncAttempts: z.array(z.looseObject({})),
    backorderNotices: z.array(z.looseObject({})),
    delayNotices: z.array(z.looseObject({})),
    fulfilment: z.looseObject({ priority: z.enum(['standard', 'expedite']) }),
    money: z.object({ total: money, authorized: money, captured: money, refunded: money, invoiced: money }),
  })
  .meta({ id: 'OrderDetail' });

export const orderTimelineSchema = z
  .object({
    orderNumber: z.string(),
    entries: z.array(
      z.object({
        id: z.number().int(),
        type: z.string(),
        fromStatus: z.string().nullable(),
        toStatus: z.string().nullable(),
        actor: z.string(),
        eventId: z.string().nullable(),
        data: z.record(z.string(), z.unknown()),
        occurredAt: dateTime,
      }),
    ),
  })
  .meta({ id: 'OrderTimeline' });

const orderParam = z.object({ order: z.string().trim().min(1).max(100).meta({ description: 'Order number or id' }) });

const searchQuerySchema = z.strictObject({
  number: z.string().min(1).max(64).optional().meta({ description: 'Exact number, or a prefix ending in *' }),
  customer: z.string().min(1).max(200).optional().meta({ description: 'Customer code, email or name fragment' }),
  status: listParam(z.enum(ORDER_STATUSES)).optional(),
  sku: z.string().min(1).max(100).optional(),
  channel: channelSchema.optional(),
  holdReason: z.string().min(1).max(100).optional(),
  placedFrom: dateTimeParam.optional(),
  placedTo: dateTimeParam.optional(),
  limit: limitParam(500, 50),
  offset: offsetParam,
});

/** The write notes an order's answer depends on (docs/decisions/012-write-notes.md; checked in read-dependencies.test.ts). */
export function orderReadDependencies(order: { id: string; customerId?: unknown }): string[] {
  return [
    `order:${order.id}`,
    ...(typeof order.customerId === 'string' ? [`customer:${order.customerId}`] : []),
    'table:skus',
    'table:locations',
  ];
}

export function registerOrderRoutes(api: ApiRouter, { db }: ApiDependencies): void {
  addRoute(
    api,
    {
      method: 'get',
      path: '/v1/orders',
      tags: ['orders'],
      summary: 'Search orders (newest first)',
      access: ORDER_READER_ROLES,
      query: searchQuerySchema,
      response: z.object({ orders: z.array(orderSummarySchema) }),
      responseDescription: 'Matching orders',
    },
    async (c, { query }) => {
      const orders = await withTenant(db, getPrincipal(c).tenantId, (tx) => searchOrders(tx, query));
      return { orders: toJsonSafe(orders) };
    },
  );

  addRoute(
    api,
    {
      method: 'get',
      path: '/v1/orders/{order}',
      tags: ['orders'],
      summary: 'One order with lines, holds, reservations, payments, shipments, returns, invoices and ERP sync',
      access: ORDER_READER_ROLES,
      params: orderParam,
      response: orderDetailSchema,
      responseDescription: 'The order',
      errors: [404],
      // The order as stored (nothing in it computed from the clock): it changes with the order's own
      // rows (every part notes `order:<id>`), its customer, and SKU and location codes.
      readCache: { dependsOn: orderReadDependencies },
    },
    // One statement: one message to the embedded database's thread (core/db/tenant-read.ts).
    async (c, { params }) => toJsonSafe(await readInTenant(db, getPrincipal(c).tenantId, (tx) => getOrder(tx, params.order))),
  );

  addRoute(
    api,
    {
      method: 'get',
      path: '/v1/orders/{order}/timeline',
      tags: ['orders'],
      summary: 'The order’s history from its append-only event log, oldest first',
      access: ORDER_READER_ROLES,
      params: orderParam,
      response: orderTimelineSchema,
      responseDescription: 'The timeline',
      errors: [404],
    },
    async (c, { params }) => toJsonSafe(await withTenant(db, getPrincipal(c).tenantId, (tx) => orderTimeline(tx, params.order))),
  );
}
