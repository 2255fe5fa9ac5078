/**
 * stock_conflict: more promised than we can supply, per SKU × location or across the network.
 *  - location: `available` below zero at a location (a count or short pick found fewer units than
 *    were promised there; reservations already moved their units to `allocated`);
 *  - network: order lines waiting for the SKU (unreserved open demand) need more units than it can
 *    supply. Supply per fulfilling location is computed exactly as core/inventory/available-to-sell
 *    does (safety stock and channel ring-fences hold back only stock that is there); units ring-fenced
 *    for a channel serve that channel's demand only. With no ring-fences this is ATS < 0 with demand
 *    waiting. Kit lines count as demand on their components (stock lives there).
 * Clears when stock arrives, a count corrects the balance, or the waiting lines are cancelled.
 */
import type { Tx } from '../../db/database.ts';
import type { Severity } from '../exception-types.ts';
import { inScope, scopedPlan, scopeIds, scopeIsEmpty, type ExceptionFinding, type ExceptionRule, type RuleContext } from './rule.ts';

/** Orders whose unreserved quantities are demand (as in core/inventory/available-to-sell.ts). */
const WAITING_ORDER = `o.status NOT IN ('cancelled', 'closed', 'shipped', 'invoiced')`;

interface LocationRow {
  sku_id: string;
  sku_code: string;
  location_id: string;
  location_code: string;
  available: number;
  allocated: number;
  active_reservations: number;
  earliest_ship_by: Date | null;
}

interface DemandRow {
  sku_id: string;
  sku_code: string;
  channel: string;
  quantity: number;
  lines: number;
  earliest_ship_by: Date | null;
}

interface SupplyRow {
  sku_id: string;
  available: number;
  safety_stock: number;
  allocations: Record<string, number> | null;
}

interface NetworkSupply {
  available: number;
  /** Sellable to any channel: Σ over locations of available − held back. */
  freePool: number;
  heldBackForSafetyStock: number;
  /** Units ring-fenced per channel (only what stock there could cover). */
  ringFenced: Record<string, number>;
}

/** Per location: safety stock, then channel ring-fences, hold back only stock that is there. */
function networkSupply(rows: readonly SupplyRow[]): NetworkSupply {
  const supply: NetworkSupply = { available: 0, freePool: 0, heldBackForSafetyStock: 0, ringFenced: {} };
  for (const row of rows) {
    const protectable = Math.max(row.available, 0);
    const heldSafety = Math.min(row.safety_stock, protectable);
    let remaining = protectable - heldSafety;
    let heldChannels = 0;
    for (const [channel, quantity] of Object.entries(row.allocations ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
      const held = Math.min(quantity, remaining);
      remaining -= held;
      heldChannels += held;
      supply.ringFenced[channel] = (supply.ringFenced[channel] ?? 0) + held;
    }
    supply.available += row.available;
    supply.heldBackForSafetyStock += heldSafety;
    supply.freePool += row.available - heldSafety - heldChannels;
  }
  return supply;
}

function severityFor(lines: number, earliestShipBy: Date | null, now: Date): Severity {
  if (lines > 25) return 'critical';
  if (earliestShipBy && earliestShipBy.getTime() - now.getTime() <= 24 * 3_600_000) return 'critical';
  return lines > 0 ? 'high' : 'medium';
}

async function locationConflicts(tx: Tx, context: RuleContext): Promise<ExceptionFinding<'stock_conflict'>[]> {
  // Negative balances are rare: probe with a plan-cheap query first, then read the details.
  const negative = await tx.query<{ sku_id: string; location_id: string }>(
    `SELECT sku_id, location_id FROM inventory_balances
      WHERE status = 'available' AND quantity < 0 AND ${inScope(context, 1, 'sku_id = ANY($1::uuid[])')}`,
    [scopeIds(context, 'skuIds')],
    scopedPlan(context),
  );
  if (negative.rows.length === 0) return [];
  const result = await tx.query<LocationRow>(
    `SELECT b.sku_id, s.code AS sku_code, b.location_id, l.code AS location_code, b.quantity AS available,
            coalesce(a.quantity, 0) AS allocated,
            (SELECT count(*)::int FROM reservations r WHERE r.sku_id = b.sku_id AND r.location_id = b.location_id AND r.status = 'active') AS active_reservations,
            (SELECT min(o.promised_date) FROM reservations r JOIN orders o ON o.id = r.order_id
              WHERE r.sku_id = b.sku_id AND r.location_id = b.location_id AND r.status = 'active') AS earliest_ship_by
       FROM inventory_balances b
       JOIN skus s ON s.id = b.sku_id
       JOIN locations l ON l.id = b.location_id
       LEFT JOIN inventory_balances a ON a.sku_id = b.sku_id AND a.location_id = b.location_id AND a.status = 'allocated'
      WHERE b.status = 'available' AND b.quantity < 0 AND b.sku_id = ANY($1::uuid[])`,
    [[...new Set(negative.rows.map((row) => row.sku_id))]],
    scopedPlan(context),
  );
  return result.rows.map((row) => {
    const shortfall = -row.available;
    return {
      dedupeKey: `stock_conflict:${row.sku_id}:${row.location_id}`,
      severity: severityFor(row.active_reservations, row.earliest_ship_by, context.now),
      title: `SKU ${row.sku_code} at ${row.location_code}: ${shortfall} units promised beyond stock on hand`,
      refs: { skuId: row.sku_id, locationId: row.location_id },
      codes: { skuCode: row.sku_code, locationCode: row.location_code },
      evidence: {
        scope: 'location',
        available: row.available,
        allocated: row.allocated,
        onHand: row.available + row.allocated,
        shortfall,
        activeReservations: row.active_reservations,
        earliestShipBy: row.earliest_ship_by?.toISOString() ?? null,
      },
      resolveBy: null,
    };
  });
}

/**
 * Units ring-fenced for a channel serve only that channel's orders; everything else comes from the
 * free pool (available − safety stock − all ring-fences). The network is oversold when the demand
 * each channel cannot cover from its own ring-fence exceeds the free pool.
 */
async function networkConflicts(tx: Tx, context: RuleContext): Promise<ExceptionFinding<'stock_conflict'>[]> {
  if (context.scope) {
    // Usually every touched line is fully reserved: a plan-cheap probe spares the demand aggregate.
    const waiting = await tx.query(
      `SELECT 1 FROM order_lines l JOIN orders o ON o.id = l.order_id
        WHERE l.sku_id = ANY($1::uuid[] || ARRAY(SELECT kit_sku_id FROM kit_components WHERE component_sku_id = ANY($1::uuid[])))
          AND l.quantity_ordered - l.quantity_reserved - l.quantity_shipped - l.quantity_cancelled > 0 AND ${WAITING_ORDER}
        LIMIT 1`,
      [context.scope.skuIds],
      scopedPlan(context),
    );
    if (waiting.rowCount === 0) return [];
  }
  const demandResult = await tx.query<DemandRow>(
    `SELECT coalesce(k.component_sku_id, l.sku_id) AS sku_id, s.code AS sku_code, o.channel,
            sum((l.quantity_ordered - l.quantity_reserved - l.quantity_shipped - l.quantity_cancelled) * coalesce(k.quantity, 1))::int AS quantity,
            count(DISTINCT l.id)::int AS lines,
            min(o.promised_date) AS earliest_ship_by
       FROM order_lines l
       JOIN orders o ON o.id = l.order_id
       LEFT JOIN kit_components k ON k.kit_sku_id = l.sku_id
       JOIN skus s ON s.id = coalesce(k.component_sku_id, l.sku_id)
      WHERE ${WAITING_ORDER}
        AND l.quantity_ordered - l.quantity_reserved - l.quantity_shipped - l.quantity_cancelled > 0
        -- Scoped: lines of the SKUs themselves and of kits built from them (index probes on order_lines.sku_id).
        AND ${inScope(
          context,
          1,
          `l.sku_id = ANY($1::uuid[] || ARRAY(SELECT kit_sku_id FROM kit_components WHERE component_sku_id = ANY($1::uuid[])))
           AND coalesce(k.component_sku_id, l.sku_id) = ANY($1::uuid[])`,
        )}
      GROUP BY 1, 2, 3`,
    [scopeIds(context, 'skuIds')],
    scopedPlan(context),
  );
  if (demandResult.rows.length === 0) return [];
  const skuIds = [...new Set(demandResult.rows.map((row) => row.sku_id))];
  const supplyResult = await tx.query<SupplyRow>(
    `SELECT s.id AS sku_id, coalesce(b.quantity, 0) AS available, coalesce(ss.quantity, 0) AS safety_stock,
            (SELECT jsonb_object_agg(a.channel, a.quantity) FROM channel_allocations a
              WHERE a.sku_id = s.id AND a.location_id = l.id AND a.quantity > 0) AS allocations
       FROM skus s
       CROSS JOIN locations l
       LEFT JOIN inventory_balances b ON b.sku_id = s.id AND b.location_id = l.id AND b.status = 'available'
       LEFT JOIN safety_stock ss ON ss.sku_id = s.id AND ss.location_id = l.id
      WHERE s.id = ANY($1::uuid[]) AND l.active AND l.fulfills_orders AND (b.quantity IS NOT NULL OR ss.quantity IS NOT NULL)`,
    [skuIds],
    scopedPlan(context),
  );
  const findings: ExceptionFinding<'stock_conflict'>[] = [];
  for (const skuId of skuIds) {
    const demand = demandResult.rows.filter((row) => row.sku_id === skuId);
    const supply = networkSupply(supplyResult.rows.filter((row) => row.sku_id === skuId));
    const uncovered = demand.reduce((sum, row) => sum + Math.max(row.quantity - (supply.ringFenced[row.channel] ?? 0), 0), 0);
    const shortfall = uncovered - supply.freePool;
    if (shortfall <= 0) continue;
    const demandTotal = demand.reduce((sum, row) => sum + row.quantity, 0);
    const lines = demand.reduce((sum, row) => sum + row.lines, 0);
    const earliest =
      demand
        .map((row) => row.earliest_ship_by)
        .filter((date): date is Date => date !== null)
        .sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
    const skuCode = demand[0]!.sku_code;
    findings.push({
      dedupeKey: `stock_conflict:${skuId}:network`,
      severity: severityFor(lines, earliest, context.now),
      title: `SKU ${skuCode} oversold: ${demandTotal} units on ${lines} waiting lines, ${shortfall} more than sellable stock`,
      refs: { skuId },
      codes: { skuCode },
      evidence: {
        scope: 'network',
        available: supply.available,
        heldBackForSafetyStock: supply.heldBackForSafetyStock,
        ringFencedByChannel: supply.ringFenced,
        freePool: supply.freePool,
        unreservedDemand: demandTotal,
        demandByChannel: Object.fromEntries(demand.map((row) => [row.channel, row.quantity])),
        // The no-channel figure get_inventory shows (every ring-fence held back).
        availableToSell: supply.freePool - demandTotal,
        shortfall,
        waitingLines: lines,
        earliestShipBy: earliest?.toISOString() ?? null,
      },
      resolveBy: null,
    });
  }
  return findings;
}

export const stockConflictRule: ExceptionRule<'stock_conflict'> = {
  type: 'stock_conflict',
  scopeColumns: ['sku_id'],
  triggers: ['order.created', 'order.cancelled', 'inventory.adjusted', 'inventory.received', 'shipment.created', 'return.inspected'],
  async detect(tx, context) {
    if (scopeIsEmpty(context, ['skuIds'])) return [];
    return [...(await locationConflicts(tx, context)), ...(await networkConflicts(tx, context))];
  },
};
