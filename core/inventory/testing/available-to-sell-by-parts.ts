/**
 * Available-to-sell as it was read before it became one statement a SKU (session 9): the SKU, its
 * locations, allocations and open demand in a statement each. Kept as the reference
 * available-to-sell.test.ts compares the one-statement read with.
 */
import { requireLocation } from '../../catalog/locations.ts';
import { getKitComponents, requireSku } from '../../catalog/skus.ts';
import type { Tx } from '../../db/database.ts';
import { parseOrThrow } from '../../errors.ts';
import {
  type AtsTerm,
  type AvailableToSell,
  type AvailableToSellQuery,
  availableToSellQuerySchema,
  type KitComponentAts,
  type LocationAts,
} from '../available-to-sell.ts';

// Avoids -0 in derivations (JSON shows it as 0, but equality checks and readers trip on it).
const negate = (value: number): number => (value === 0 ? 0 : -value);

export async function computeAvailableToSellByParts(tx: Tx, query: AvailableToSellQuery): Promise<AvailableToSell> {
  const request = parseOrThrow(availableToSellQuerySchema, query, 'available-to-sell query');
  const sku = await requireSku(tx, request.sku);
  const location = request.location ? await requireLocation(tx, request.location) : undefined;
  if (sku.isKit) return kitAvailableToSell(tx, sku, location, request.channel);
  return componentAvailableToSell(tx, { id: sku.id, code: sku.code }, location, request.channel);
}

async function componentAvailableToSell(
  tx: Tx,
  sku: { id: string; code: string },
  only: { id: string; code: string } | undefined,
  channel: string | undefined,
): Promise<AvailableToSell> {
  const rows = await tx.query<{ id: string; code: string; active: boolean; fulfills: boolean; available: number; safety: number }>(
    `SELECT l.id, l.code, l.active, l.fulfills_orders AS fulfills,
            coalesce(b.quantity, 0) AS available, coalesce(s.quantity, 0) AS safety
       FROM locations l
       LEFT JOIN inventory_balances b ON b.location_id = l.id AND b.sku_id = $1 AND b.status = 'available'
       LEFT JOIN safety_stock s ON s.location_id = l.id AND s.sku_id = $1
      WHERE ($2::uuid IS NULL OR l.id = $2::uuid)
        AND (b.quantity IS NOT NULL OR s.quantity IS NOT NULL OR $2::uuid IS NOT NULL)
      ORDER BY l.priority, l.code`,
    [sku.id, only?.id ?? null],
  );
  const allocations = await tx.query<{ locationId: string; channel: string; quantity: number }>(
    `SELECT location_id AS "locationId", channel, quantity FROM channel_allocations WHERE sku_id = $1 AND quantity > 0 ORDER BY channel`,
    [sku.id],
  );
  const locations: LocationAts[] = [];
  const excludedLocations: AvailableToSell['excludedLocations'] = [];
  for (const row of rows.rows) {
    if (!row.active || !row.fulfills) {
      excludedLocations.push({
        locationCode: row.code,
        available: row.available,
        reason: row.active ? 'does not fulfil orders' : 'inactive',
      });
      continue;
    }
    const others = allocations.rows
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
  const demand = await unreservedDemand(tx, sku.id);
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
    unreservedDemand: demand,
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
      ats: await componentAvailableToSell(tx, { id: component.skuId, code: component.skuCode }, only, channel),
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

/** Unreserved open demand for a stock SKU, including kit lines that consume it. */
async function unreservedDemand(tx: Tx, skuId: string): Promise<{ quantity: number; orderLines: number }> {
  const result = await tx.query<{ quantity: number; lines: number }>(
    `SELECT coalesce(sum((l.quantity_ordered - l.quantity_reserved - l.quantity_shipped - l.quantity_cancelled) * u.per_unit), 0)::int AS quantity,
            count(*) FILTER (WHERE l.quantity_ordered - l.quantity_reserved - l.quantity_shipped - l.quantity_cancelled > 0)::int AS lines
       FROM order_lines l
       JOIN orders o ON o.id = l.order_id
       JOIN LATERAL (
         SELECT 1 AS per_unit WHERE l.sku_id = $1
         UNION ALL
         SELECT k.quantity FROM kit_components k WHERE k.kit_sku_id = l.sku_id AND k.component_sku_id = $1
       ) u ON true
      WHERE o.status NOT IN ('cancelled', 'closed', 'shipped', 'invoiced')`,
    [skuId],
  );
  const row = result.rows[0]!;
  return { quantity: row.quantity, orderLines: row.lines };
}

async function kitUnreservedDemand(tx: Tx, kitSkuId: string): Promise<{ quantity: number; orderLines: number }> {
  const result = await tx.query<{ quantity: number; lines: number }>(
    `SELECT coalesce(sum(l.quantity_ordered - l.quantity_reserved - l.quantity_shipped - l.quantity_cancelled), 0)::int AS quantity,
            count(*) FILTER (WHERE l.quantity_ordered - l.quantity_reserved - l.quantity_shipped - l.quantity_cancelled > 0)::int AS lines
       FROM order_lines l JOIN orders o ON o.id = l.order_id
      WHERE l.sku_id = $1 AND o.status NOT IN ('cancelled', 'closed', 'shipped', 'invoiced')`,
    [kitSkuId],
  );
  const row = result.rows[0]!;
  return { quantity: row.quantity, orderLines: row.lines };
}
