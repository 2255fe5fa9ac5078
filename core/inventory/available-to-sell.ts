/**
 * Available-to-sell (ATS) with its derivation, per SKU, per location and per channel.
 *
 *   location contribution = available − held back (safety stock, then other channels' allocations)
 *   ATS                   = Σ fulfilling locations' contributions − unreserved open demand
 *
 * Protected quantities can only hold back stock that is there, so a location contributes below zero
 * only when its `available` itself is negative (a count found fewer units than were promised).
 * `allocated` is not subtracted: reserving already moved it out of `available`. Unreserved open
 * demand (order lines captured but not yet reserved, kit lines expanded to components) has no
 * location yet, so it is subtracted from the SKU total. ATS < 0 means the SKU is oversold.
 * A kit has no stock of its own: its ATS is the minimum over components of floor(component ATS / per kit).
 */
import { z } from 'zod';
import { requireLocation } from '../catalog/locations.ts';
import { getKitComponents } from '../catalog/skus.ts';
import type { Tx } from '../db/database.ts';
import { jsonRow, jsonRows } from '../domain/json-rows.ts';
import { channelSchema, isUuid } from '../domain/references.ts';
import { NotFoundError, parseOrThrow } from '../errors.ts';

export const availableToSellQuerySchema = z.object({
  /** SKU code or id. */
  sku: z.string().min(1),
  /** Location code or id: restrict to one location (unreserved demand is then reported, not subtracted). */
  location: z.string().min(1).optional(),
  /** Sales channel: its own allocation stays sellable; omitted = no channel, every allocation is held back. */
  channel: channelSchema.optional(),
});
export type AvailableToSellQuery = z.input<typeof availableToSellQuerySchema>;

export interface AtsTerm {
  term: 'available' | 'safety_stock' | 'channel_allocations' | 'unreserved_demand' | 'kit_components';
  /** Signed: positive adds, negative subtracts. */
  quantity: number;
  detail: string;
}

export interface LocationAts {
  locationId: string;
  locationCode: string;
  available: number;
  safetyStock: number;
  /** Allocations of other channels at this location (the query's channel excluded). */
  otherChannelAllocations: Array<{ channel: string; quantity: number }>;
  heldBackForSafetyStock: number;
  heldBackForChannels: number;
  ats: number;
}

export interface KitComponentAts {
  /** The component's id: a cached kit ATS depends on each component's stock (web/api/inventory-routes.ts). */
  skuId: string;
  skuCode: string;
  perKit: number;
  componentAts: number;
  kitsPossible: number;
}

export interface AvailableToSell {
  skuId: string;
  skuCode: string;
  isKit: boolean;
  channel: string | null;
  locationCode: string | null;
  ats: number;
  terms: AtsTerm[];
  locations: LocationAts[];
  /** Locations whose stock is not sellable online (inactive or not fulfilling orders). */
  excludedLocations: Array<{ locationCode: string; available: number; reason: string }>;
  unreservedDemand: { quantity: number; orderLines: number };
  components?: KitComponentAts[];
}

// Avoids -0 in derivations (JSON shows it as 0, but equality checks and readers trip on it).
const negate = (value: number): number => (value === 0 ? 0 : -value);

interface LocationRow {
  id: string;
  code: string;
  active: boolean;
  fulfills: boolean;
  available: number;
  safety: number;
}

/** A stock SKU's ATS inputs: its locations' stock and safety stock, channel allocations, unreserved demand. */
interface AtsInputs {
  locationRows: LocationRow[];
  allocations: Array<{ locationId: string; channel: string; quantity: number }>;
  demand: { quantity: number; orderLines: number };
}

/**
 * The SKU (`$1`, code or id) and everything its ATS is computed from, in one
 * statement (`$2`: the one location asked for, or null): fifty clients reading ATS queue on the
 * embedded database's one thread, where each statement is a round trip and a plan (docs/benchmarks.md,
 * reads). Unreserved demand counts open lines of the SKU and kit lines that consume it.
 */
const atsReadSql = (byId: boolean): string => `SELECT s.id, s.code, s.is_kit AS "isKit",
  ${jsonRows(
    `SELECT l.id, l.code, l.active, l.fulfills_orders AS fulfills, coalesce(b.quantity, 0) AS available, coalesce(ss.quantity, 0) AS safety
       FROM locations l
       LEFT JOIN inventory_balances b ON b.location_id = l.id AND b.sku_id = s.id AND b.status = 'available'
       LEFT JOIN safety_stock ss ON ss.location_id = l.id AND ss.sku_id = s.id
      WHERE ($2::uuid IS NULL OR l.id = $2::uuid)
        AND (b.quantity IS NOT NULL OR ss.quantity IS NOT NULL OR $2::uuid IS NOT NULL)
      ORDER BY l.priority, l.code`,
  )} AS "locationRows",
  ${jsonRows(
    `SELECT a.location_id AS "locationId", a.channel, a.quantity FROM channel_allocations a WHERE a.sku_id = s.id AND a.quantity > 0 ORDER BY a.channel`,
  )} AS allocations,
  ${jsonRow(
    `SELECT coalesce(sum((l.quantity_ordered - l.quantity_reserved - l.quantity_shipped - l.quantity_cancelled) * u.per_unit), 0)::int AS quantity,
            count(*) FILTER (WHERE l.quantity_ordered - l.quantity_reserved - l.quantity_shipped - l.quantity_cancelled > 0)::int AS "orderLines"
       FROM order_lines l
       JOIN orders o ON o.id = l.order_id
       JOIN LATERAL (
         SELECT 1 AS per_unit WHERE l.sku_id = s.id
         UNION ALL
         SELECT k.quantity FROM kit_components k WHERE k.kit_sku_id = l.sku_id AND k.component_sku_id = s.id
       ) u ON true
      WHERE o.status NOT IN ('cancelled', 'closed', 'shipped', 'invoiced')`,
  )} AS demand
  FROM skus s WHERE ${byId ? 's.id = $1::uuid' : 's.code = $1'}`;
const ATS_READ_BY_ID = atsReadSql(true);
const ATS_READ_BY_CODE = atsReadSql(false);

/** For a kit the inputs are its own (a kit inside a kit counts them, as a component's). */
type AtsRead = { id: string; code: string; isKit: boolean } & AtsInputs;

async function readAts(tx: Tx, codeOrId: string, locationId: string | null): Promise<AtsRead> {
  // Prepared on the embedded database too: its plan, not its run, was most of its cost.
  const result = await tx.query<AtsRead>(isUuid(codeOrId) ? ATS_READ_BY_ID : ATS_READ_BY_CODE, [codeOrId, locationId], {
    prepare: 'everywhere',
  });
  const row = result.rows[0];
  if (!row) throw new NotFoundError('sku', codeOrId);
  return row;
}

export async function computeAvailableToSell(tx: Tx, query: AvailableToSellQuery): Promise<AvailableToSell> {
  const request = parseOrThrow(availableToSellQuerySchema, query, 'available-to-sell query');
  const location = request.location ? await requireScopeLocation(tx, request.sku, request.location) : undefined;
  const sku = await readAts(tx, request.sku, location?.id ?? null);
  if (sku.isKit) return kitAvailableToSell(tx, sku, location, request.channel);
  return componentAvailableToSell({ id: sku.id, code: sku.code }, sku, location, request.channel);
}

/** The location asked for; an unknown SKU is reported before an unknown location, as when the SKU was read first. */
async function requireScopeLocation(tx: Tx, sku: string, location: string): Promise<{ id: string; code: string }> {
  try {
    return await requireLocation(tx, location);
  } catch (error) {
    if (error instanceof NotFoundError) await readAts(tx, sku, null);
    throw error;
  }
}

function componentAvailableToSell(
  sku: { id: string; code: string },
  inputs: AtsInputs,
  only: { id: string; code: string } | undefined,
  channel: string | undefined,
): AvailableToSell {
  const locations: LocationAts[] = [];
  const excludedLocations: AvailableToSell['excludedLocations'] = [];
  for (const row of inputs.locationRows) {
    if (!row.active || !row.fulfills) {
      excludedLocations.push({
        locationCode: row.code,
        available: row.available,
        reason: row.active ? 'does not fulfil orders' : 'inactive',
      });
      continue;
    }
    const others = inputs.allocations
      .filter((a) => a.locationId === row.id && a.channel !== channel)
      .map(({ channel: c, quantity }) => ({ channel: c, quantity }));
    const protectable = Math.max(row.available, 0);
    const heldBackForSafetyStock = Math.min(row.safety, protectable);
    const heldBackForChannels = Math.min(
      others.reduce((sum, a) => sum + a.quantity, 0),
      protectable - heldBackForSafetyStock,
    );
    locations.push({
      locationId: row.id,
      locationCode: row.code,
      available: row.available,
      safetyStock: row.safety,
      otherChannelAllocations: others,
      heldBackForSafetyStock,
      heldBackForChannels,
      ats: row.available - heldBackForSafetyStock - heldBackForChannels,
    });
  }
  const demand = inputs.demand;
  const sum = (pick: (l: LocationAts) => number): number => locations.reduce((total, l) => total + pick(l), 0);
  const terms: AtsTerm[] = [
    { term: 'available', quantity: sum((l) => l.available), detail: `available at ${locations.length} fulfilling location(s)` },
    {
      term: 'safety_stock',
      quantity: negate(sum((l) => l.heldBackForSafetyStock)),
      detail: `safety stock held back (configured ${sum((l) => l.safetyStock)})`,
    },
    {
      term: 'channel_allocations',
      quantity: negate(sum((l) => l.heldBackForChannels)),
      detail: channel ? `ring-fenced for channels other than ${channel}` : 'ring-fenced for specific channels',
    },
  ];
  if (!only)
    terms.push({
      term: 'unreserved_demand',
      quantity: negate(demand.quantity),
      detail: `${demand.orderLines} open order line(s) not yet reserved`,
    });
  return {
    skuId: sku.id,
    skuCode: sku.code,
    isKit: false,
    channel: channel ?? null,
    locationCode: only?.code ?? null,
    ats: terms.reduce((total, t) => total + t.quantity, 0),
    terms,
    locations,
    excludedLocations,
    unreservedDemand: { quantity: demand.quantity, orderLines: demand.orderLines },
  };
}

async function kitAvailableToSell(
  tx: Tx,
  kit: { id: string; code: string },
  only: { id: string; code: string } | undefined,
  channel: string | undefined,
): Promise<AvailableToSell> {
  const components = await getKitComponents(tx, kit.id);
  const perComponent = await Promise.all(
    components.map(async (component) => ({
      component,
      ats: componentAvailableToSell(
        { id: component.skuId, code: component.skuCode },
        await readAts(tx, component.skuId, only?.id ?? null),
        only,
        channel,
      ),
    })),
  );
  const details: KitComponentAts[] = perComponent.map(({ component, ats }) => ({
    skuId: component.skuId,
    skuCode: component.skuCode,
    perKit: component.quantity,
    componentAts: ats.ats,
    kitsPossible: Math.floor(ats.ats / component.quantity),
  }));
  const limiting = details.reduce<KitComponentAts | undefined>(
    (min, d) => (min === undefined || d.kitsPossible < min.kitsPossible ? d : min),
    undefined,
  );
  const ats = limiting?.kitsPossible ?? 0;
  const locationCodes = [...new Set(perComponent.flatMap(({ ats: a }) => a.locations.map((l) => l.locationCode)))];
  const locations: LocationAts[] = locationCodes.map((code) => {
    const kitsHere = Math.min(
      ...perComponent.map(({ component, ats: a }) =>
        Math.floor((a.locations.find((l) => l.locationCode === code)?.ats ?? 0) / component.quantity),
      ),
    );
    const first = perComponent.flatMap(({ ats: a }) => a.locations).find((l) => l.locationCode === code)!;
    return {
      locationId: first.locationId,
      locationCode: code,
      available: kitsHere,
      safetyStock: 0,
      otherChannelAllocations: [],
      heldBackForSafetyStock: 0,
      heldBackForChannels: 0,
      ats: kitsHere,
    };
  });
  return {
    skuId: kit.id,
    skuCode: kit.code,
    isKit: true,
    channel: channel ?? null,
    locationCode: only?.code ?? null,
    ats,
    terms: [
      {
        term: 'kit_components',
        quantity: ats,
        detail: limiting
          ? `limited by ${limiting.skuCode}: ATS ${limiting.componentAts} / ${limiting.perKit} per kit`
          : 'kit has no components',
      },
    ],
    locations,
    excludedLocations: [],
    unreservedDemand: await kitUnreservedDemand(tx, kit.id),
    components: details,
  };
}

async function kitUnreservedDemand(tx: Tx, kitSkuId: string): Promise<{ quantity: number; orderLines: number }> {
  const result = await tx.query<{ quantity: number; lines: number }>(
    `SELECT coalesce(sum(l.quantity_ordered - l.quantity_reserved - l.quantity_shipped - l.quantity_cancelled), 0)::int AS quantity,
            count(*) FILTER (WHERE l.quantity_ordered - l.quantity_reserved - l.quantity_shipped - l.quantity_cancelled > 0)::int AS lines
       FROM order_lines l JOIN orders o ON o.id = l.order_id
      WHERE l.sku_id = $1 AND o.status NOT IN ('cancelled', 'closed', 'shipped', 'invoiced')`,
    [kitSkuId],
    { prepare: 'everywhere' },
  );
  const row = result.rows[0]!;
  return { quantity: row.quantity, orderLines: row.lines };
}
