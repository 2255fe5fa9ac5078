/** Inventory of the caller's tenant: a SKU's stock view and its available-to-sell with the derivation. */
import { z } from 'zod';
import { readInTenant } from '../../core/db/tenant-read.ts';
import { withTenant } from '../../core/db/tenant-scope.ts';
import { channelSchema } from '../../core/domain/references.ts';
import { computeAvailableToSell, getInventory } from '../../core/inventory/index.ts';
import { getPrincipal } from '../context.ts';
import type { ApiDependencies } from './dependencies.ts';
import { toJsonSafe } from './json-safe.ts';
import { addRoute, type ApiRouter } from './openapi.ts';
import { ORDER_READER_ROLES } from './order-routes.ts';

const atsTermSchema = z.object({
  term: z.enum(['available', 'safety_stock', 'channel_allocations', 'unreserved_demand', 'kit_components']),
  quantity: z.number().meta({ description: 'Signed: positive adds, negative subtracts' }),
  detail: z.string(),
});

export const availableToSellSchema = z
  .object({
    skuId: z.uuid(),
    skuCode: z.string(),
    isKit: z.boolean(),
    channel: z.string().nullable(),
    locationCode: z.string().nullable(),
    ats: z.number().meta({ description: 'Below zero means oversold' }),
    terms: z.array(atsTermSchema).meta({ description: 'The derivation: ats = Σ terms' }),
    locations: z.array(
      z.object({
        locationId: z.uuid(),
        locationCode: z.string(),
        available: z.number(),
        safetyStock: z.number(),
        otherChannelAllocations: z.array(z.object({ channel: z.string(), quantity: z.number() })),
        heldBackForSafetyStock: z.number(),
        heldBackForChannels: z.number(),
        ats: z.number(),
      }),
    ),
    excludedLocations: z.array(z.object({ locationCode: z.string(), available: z.number(), reason: z.string() })),
    unreservedDemand: z.object({ quantity: z.number(), orderLines: z.number().int() }),
    components: z
      .array(z.object({ skuId: z.uuid(), skuCode: z.string(), perKit: z.number(), componentAts: z.number(), kitsPossible: z.number() }))
      .optional(),
  })
  .meta({ id: 'AvailableToSell' });

export const inventoryViewSchema = z
  .object({
    sku: z.object({ id: z.uuid(), code: z.string(), name: z.string(), uom: z.string(), isKit: z.boolean(), unitCost: z.number() }),
    balances: z.array(z.looseObject({ locationCode: z.string(), locationKind: z.string(), available: z.number(), allocated: z.number() })),
    availableToSell: availableToSellSchema,
    activeReservations: z.array(z.looseObject({ id: z.uuid(), orderNumber: z.string(), locationCode: z.string(), quantity: z.number() })),
    inboundPurchaseOrders: z.array(z.looseObject({ poNumber: z.string(), locationCode: z.string(), status: z.string(), open: z.number() })),
    recentAdjustments: z.array(z.looseObject({ locationCode: z.string(), delta: z.number() })),
  })
  .meta({ id: 'InventoryView' });

const skuParam = z.object({ sku: z.string().trim().min(1).max(100).meta({ description: 'SKU code or id' }) });
const scopeQuery = z.strictObject({
  location: z.string().trim().min(1).max(100).optional().meta({ description: 'Location code or id' }),
  channel: channelSchema.optional().meta({ description: 'Sales channel whose own allocation stays sellable' }),
});

/** The write notes an ATS answer depends on (docs/decisions/012-write-notes.md; checked in read-dependencies.test.ts). */
export function atsReadDependencies(ats: { skuId: string; components?: ReadonlyArray<{ skuId: string }> | undefined }): string[] {
  return [
    `sku:${ats.skuId}`,
    ...(ats.components ?? []).map((component) => `sku:${component.skuId}`),
    'table:skus',
    'table:locations',
    'table:kit_components',
  ];
}

export function registerInventoryRoutes(api: ApiRouter, { db }: ApiDependencies): void {
  addRoute(
    api,
    {
      method: 'get',
      path: '/v1/inventory/{sku}',
      tags: ['inventory'],
      summary: 'A SKU’s stock: balances by location and status, ATS with derivation, reservations, inbound POs, recent adjustments',
      access: ORDER_READER_ROLES,
      params: skuParam,
      query: scopeQuery,
      response: inventoryViewSchema,
      responseDescription: 'The stock view',
      errors: [404],
    },
    async (c, { params, query }) =>
      toJsonSafe(await withTenant(db, getPrincipal(c).tenantId, (tx) => getInventory(tx, { sku: params.sku, ...query }))),
  );

  addRoute(
    api,
    {
      method: 'get',
      path: '/v1/inventory/{sku}/ats',
      tags: ['inventory'],
      summary: 'Available-to-sell for a SKU with its derivation, per location and channel',
      access: ORDER_READER_ROLES,
      params: skuParam,
      query: scopeQuery,
      response: availableToSellSchema,
      responseDescription: 'ATS and how it was derived',
      errors: [404],
      // Balances, allocations and open demand as stored (nothing computed from the clock): every table
      // they come from notes `sku:<id>` for the SKU (a kit's lines for its components), a kit's for each component.
      readCache: { dependsOn: atsReadDependencies },
    },
    async (c, { params, query }) =>
      // One statement for a SKU that is not a kit, asked without a location (core/db/tenant-read.ts).
      toJsonSafe(await readInTenant(db, getPrincipal(c).tenantId, (tx) => computeAvailableToSell(tx, { sku: params.sku, ...query }))),
  );
}
