/** get_inventory: a SKU's available-to-sell with its derivation, stock by location and status, reservations and inbound POs. */
import { z } from 'zod';
import { systemText } from '../system-text.ts';
import { getInventory } from '../../core/inventory/index.ts';
import { defineTool } from '../tool.ts';
import { READ_ROLES } from './read-roles.ts';
import { locationCodeField, skuCodeField } from './reference-fields.ts';
import { citationsField, iso, isoDay, timestampField, toolCitation } from './result-helpers.ts';

const RESERVATION_LIMIT = 20;
const PURCHASE_ORDER_LIMIT = 10;
const ADJUSTMENT_LIMIT = 10;

const input = z.strictObject({
  sku: skuCodeField,
  location: locationCodeField.optional().describe('Only this location (then unreserved demand is reported but not subtracted).'),
  channel: z
    .string()
    .regex(/^[a-z0-9_]{2,32}$/, 'a channel such as web, amazon or b2b_portal')
    .optional()
    .describe('Sales channel (web, amazon, ebay, b2b_portal, …): its own ring-fenced allocation then counts as sellable.'),
});

const output = z.object({
  sku: z.object({ code: z.string(), name: z.string(), uom: z.string(), isKit: z.boolean(), unitCost: z.number() }),
  channel: z.string().nullable(),
  /** Available-to-sell across fulfilling locations (or at the one location asked for). Below zero = oversold. */
  ats: z.number().int(),
  /** How ats was derived: signed terms that add up to it. */
  // The derivation's details are sentences the core composes from the figures, not text anyone typed.
  derivation: z.array(z.object({ term: z.string(), quantity: z.number().int(), detail: systemText(z.string()) })),
  /** Per location: on-hand by status, what is held back, and the location's ATS contribution. */
  locations: z.array(
    z.object({
      locationCode: z.string(),
      locationKind: z.string().nullable(),
      fulfilsOrders: z.boolean(),
      available: z.number().int(),
      allocated: z.number().int(),
      quarantine: z.number().int(),
      damaged: z.number().int(),
      returnsHold: z.number().int(),
      inTransit: z.number().int(),
      safetyStock: z.number().int(),
      heldBackForSafetyStock: z.number().int(),
      heldBackForChannels: z.number().int(),
      /** null for locations excluded from selling (inactive or not fulfilling orders). */
      ats: z.number().int().nullable(),
      excludedReason: z.string().nullable(),
    }),
  ),
  unreservedDemand: z.object({ quantity: z.number().int(), orderLines: z.number().int() }),
  kitComponents: z
    .array(z.object({ skuCode: z.string(), perKit: z.number().int(), componentAts: z.number().int(), kitsPossible: z.number().int() }))
    .optional(),
  /** Active reservations (oldest first); an expired one still holding stock can be freed with release_reservation. */
  reservations: z.array(
    z.object({
      id: z.string(),
      orderNumber: z.string(),
      locationCode: z.string(),
      quantity: z.number().int(),
      expiresAt: timestampField.nullable(),
      expired: z.boolean(),
    }),
  ),
  reservationsTruncated: z.boolean(),
  inboundPurchaseOrders: z.array(
    z.object({
      poNumber: z.string(),
      locationCode: z.string(),
      status: z.string(),
      openQuantity: z.number().int(),
      expectedAt: z.string().nullable(),
    }),
  ),
  recentAdjustments: z.array(
    z.object({
      locationCode: z.string(),
      delta: z.number().int(),
      reasonCode: z.string().nullable(),
      actor: z.string(),
      occurredAt: timestampField,
    }),
  ),
  citations: citationsField,
});

export const getInventoryTool = defineTool({
  name: 'get_inventory',
  title: 'Get inventory and available-to-sell',
  description:
    "Returns a SKU's available-to-sell (ATS) with its derivation (available − safety stock − other channels' allocations − " +
    'unreserved open demand), stock by location and status (available, allocated, quarantine, damaged, returns_hold, in_transit), ' +
    "each location's ATS, active reservations (with ids and expiry), inbound purchase orders and recent adjustments. " +
    'Use it to explain an oversell or backorder, to find a location with stock before reallocate_order_line, or before ' +
    'adjust_inventory or create_purchase_order. Optional location and channel narrow the view.',
  kind: 'read',
  risk: 'none',
  roles: READ_ROLES,
  idempotent: true,
  input,
  output,
  async run({ tx, now }, request) {
    const view = await getInventory(tx, request);
    const ats = view.availableToSell;
    const balances = new Map(view.balances.map((balance) => [balance.locationCode, balance]));
    const codes = [
      ...new Set([...ats.locations.map((l) => l.locationCode), ...ats.excludedLocations.map((l) => l.locationCode), ...balances.keys()]),
    ];
    const locations = codes.map((code) => {
      const balance = balances.get(code);
      const selling = ats.locations.find((l) => l.locationCode === code);
      const excluded = ats.excludedLocations.find((l) => l.locationCode === code);
      return {
        locationCode: code,
        locationKind: balance?.locationKind ?? null,
        fulfilsOrders: excluded === undefined,
        // A kit has no balances of its own: its per-location figure is kits buildable there.
        available: balance?.available ?? selling?.available ?? excluded?.available ?? 0,
        allocated: balance?.allocated ?? 0,
        quarantine: balance?.quarantine ?? 0,
        damaged: balance?.damaged ?? 0,
        returnsHold: balance?.returns_hold ?? 0,
        inTransit: balance?.in_transit ?? 0,
        safetyStock: selling?.safetyStock ?? 0,
        heldBackForSafetyStock: selling?.heldBackForSafetyStock ?? 0,
        heldBackForChannels: selling?.heldBackForChannels ?? 0,
        // A fulfilling location with no available row (only quarantine, say) contributes nothing.
        ats: excluded ? null : (selling?.ats ?? 0),
        excludedReason: excluded?.reason ?? null,
      };
    });
    const reservations = view.activeReservations.slice(0, RESERVATION_LIMIT);
    return {
      sku: { code: view.sku.code, name: view.sku.name, uom: view.sku.uom, isKit: view.sku.isKit, unitCost: view.sku.unitCost },
      channel: ats.channel,
      ats: ats.ats,
      derivation: ats.terms.map((term) => ({ term: term.term, quantity: term.quantity, detail: term.detail })),
      locations,
      unreservedDemand: ats.unreservedDemand,
      ...(ats.components ? { kitComponents: ats.components } : {}),
      reservations: reservations.map((reservation) => ({
        id: reservation.id,
        orderNumber: reservation.orderNumber,
        locationCode: reservation.locationCode,
        quantity: reservation.quantity,
        expiresAt: iso(reservation.expiresAt),
        expired: reservation.expiresAt !== null && reservation.expiresAt <= now,
      })),
      reservationsTruncated: view.activeReservations.length > reservations.length,
      inboundPurchaseOrders: view.inboundPurchaseOrders.slice(0, PURCHASE_ORDER_LIMIT).map((po) => ({
        poNumber: po.poNumber,
        locationCode: po.locationCode,
        status: po.status,
        openQuantity: po.open,
        expectedAt: isoDay(po.expectedAt),
      })),
      recentAdjustments: view.recentAdjustments.slice(0, ADJUSTMENT_LIMIT).map((adjustment) => ({
        locationCode: adjustment.locationCode,
        delta: adjustment.delta,
        reasonCode: adjustment.reasonCode,
        actor: adjustment.actor,
        occurredAt: iso(adjustment.occurredAt),
      })),
      citations: [toolCitation('get_inventory', view.sku.code, `Inventory of ${view.sku.code}`)],
    };
  },
});
