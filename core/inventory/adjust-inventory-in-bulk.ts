/**
 * Set-based stock adjustments for a run of `inventory.adjusted` events (a slice of a batch): the same
 * rows as adjustInventory once per event — each balance moved, one ledger row per adjustment — with
 * SKUs, locations and the balances read once and written in two statements for the run, instead of
 * about ten statements per event.
 *
 * In two steps, so the caller can cut the run before writing (an adjustment that adds sellable stock
 * a backordered order waits for is followed by an allocation run, which stays one by one):
 * planAdjustments locks and reads, and works through the events in memory in their order, each seeing
 * the balances the ones before it left; recordAdjustments writes a prefix of the plan. The plan stops
 * at the first event adjustInventory would refuse (unknown SKU or location, a kit, a reason code
 * against the direction, removing more than a non-sellable status holds) or that names its SKU or
 * location by id: the one-by-one path then applies it or raises its error.
 */
import { findLocationsByCodes } from '../catalog/locations.ts';
import { findSkusByCodes } from '../catalog/skus.ts';
import type { Tx } from '../db/database.ts';
import { type ChangeContext, resolveContext } from '../domain/change-context.ts';
import { isUuid } from '../domain/references.ts';
import { ADDING, type AdjustInventoryInput, adjustInventoryInputSchema, REDUCING } from './adjust-inventory.ts';
import type { StockStatus } from './stock-status.ts';

export interface AdjustmentEvent {
  input: AdjustInventoryInput;
  context: ChangeContext;
}

export interface PlannedAdjustment {
  skuId: string;
  locationId: string;
  status: StockStatus;
  delta: number;
  /** The balance moves and the ledger row (none when a count matches the books). */
  moves: Array<{ status: StockStatus; delta: number }>;
  movement?: {
    from: StockStatus | null;
    to: StockStatus | null;
    quantity: number;
    reasonCode: string;
    reference: string | null;
    note: string | null;
  };
  context: ChangeContext;
}

const balanceKey = (skuId: string, locationId: string, status: string) => `${skuId}|${locationId}|${status}`;

/** Locks and reads what the events need and plans the longest prefix adjustInventory would apply. */
export async function planAdjustments(tx: Tx, events: ReadonlyArray<AdjustmentEvent>): Promise<PlannedAdjustment[]> {
  const parsed: Array<{ request: ReturnType<typeof adjustInventoryInputSchema.parse>; context: ChangeContext }> = [];
  for (const { input, context } of events) {
    const request = adjustInventoryInputSchema.safeParse(input);
    if (!request.success || isUuid(request.data.sku) || isUuid(request.data.location)) break;
    parsed.push({ request: request.data, context });
  }
  if (parsed.length === 0) return [];
  const skus = await findSkusByCodes(
    tx,
    parsed.map(({ request }) => request.sku),
  );
  const locations = await findLocationsByCodes(
    tx,
    parsed.map(({ request }) => request.location),
  );
  const balances = await lockBalances(
    tx,
    [...skus.values()].map((sku) => sku.id),
    [...locations.values()].map((location) => location.id),
  );
  const plan: PlannedAdjustment[] = [];
  for (const { request, context } of parsed) {
    const sku = skus.get(request.sku);
    const location = locations.get(request.location);
    if (!sku || sku.isKit || !location) break;
    const quantityOf = (status: StockStatus) => balances.get(balanceKey(sku.id, location.id, status)) ?? 0;
    const before = quantityOf(request.status);
    const delta = request.delta ?? request.countedQuantity! - before;
    const base = { skuId: sku.id, locationId: location.id, status: request.status, delta, context };
    if (delta === 0) {
      plan.push({ ...base, moves: [] });
      continue;
    }
    if (delta > 0 && REDUCING.includes(request.reasonCode)) break;
    if (delta < 0 && ADDING.includes(request.reasonCode)) break;
    if (delta < 0 && request.status !== 'available' && before + delta < 0) break;
    const quantity = Math.abs(delta);
    // As adjustInventory: damage in the warehouse keeps the units on site, unsellable.
    const from: StockStatus | null = delta > 0 ? null : request.status;
    const to: StockStatus | null =
      delta > 0 ? request.status : request.reasonCode === 'DMG' && request.status === 'available' ? 'damaged' : null;
    // moveStock refuses taking more than there is, except from `available` (a count below book).
    if (from && from !== 'available' && quantityOf(from) < quantity) break;
    const moves = [...(from ? [{ status: from, delta: -quantity }] : []), ...(to ? [{ status: to, delta: quantity }] : [])];
    for (const move of moves) balances.set(balanceKey(sku.id, location.id, move.status), quantityOf(move.status) + move.delta);
    plan.push({
      ...base,
      moves,
      movement: { from, to, quantity, reasonCode: request.reasonCode, reference: request.reference ?? null, note: request.note ?? null },
    });
  }
  return plan;
}

/** Every balance of these SKUs at these locations, locked (in key order), as `sku|location|status` → quantity. */
async function lockBalances(tx: Tx, skuIds: readonly string[], locationIds: readonly string[]): Promise<Map<string, number>> {
  const balances = new Map<string, number>();
  if (skuIds.length === 0 || locationIds.length === 0) return balances;
  const result = await tx.query<{ sku_id: string; location_id: string; status: string; quantity: number }>(
    `SELECT sku_id, location_id, status, quantity FROM inventory_balances
      WHERE sku_id = ANY($1::uuid[]) AND location_id = ANY($2::uuid[])
      ORDER BY sku_id, location_id, status FOR UPDATE`,
    [[...new Set(skuIds)], [...new Set(locationIds)]],
  );
  for (const row of result.rows) balances.set(balanceKey(row.sku_id, row.location_id, row.status), row.quantity);
  return balances;
}

/**
 * Writes planned adjustments: each balance once with the sum of its moves (its updated_at the time of
 * the last one; a balance that did not exist is created, as moveStock would), and the ledger rows in
 * the events' order.
 */
export async function recordAdjustments(tx: Tx, plan: readonly PlannedAdjustment[]): Promise<void> {
  const balances = new Map<string, { sku_id: string; location_id: string; status: StockStatus; delta: number; at: Date }>();
  const movements: Array<Record<string, unknown>> = [];
  for (const adjustment of plan) {
    const { actor, at, eventId } = resolveContext(adjustment.context);
    for (const move of adjustment.moves) {
      const key = balanceKey(adjustment.skuId, adjustment.locationId, move.status);
      const balance = balances.get(key) ?? {
        sku_id: adjustment.skuId,
        location_id: adjustment.locationId,
        status: move.status,
        delta: 0,
        at,
      };
      balance.delta += move.delta;
      balance.at = at;
      balances.set(key, balance);
    }
    if (adjustment.movement)
      movements.push({
        ord: movements.length,
        sku_id: adjustment.skuId,
        location_id: adjustment.locationId,
        from_status: adjustment.movement.from,
        to_status: adjustment.movement.to,
        quantity: adjustment.movement.quantity,
        reason_code: adjustment.movement.reasonCode,
        reference: adjustment.movement.reference,
        note: adjustment.movement.note,
        actor,
        event_id: eventId,
        occurred_at: at,
      });
  }
  if (balances.size > 0) {
    // Existing rows are updated in place (an upsert would check the proposed, possibly negative, row
    // against the constraint before finding the conflict); missing ones are inserted.
    await tx.query(
      `WITH v AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS v(sku_id uuid, location_id uuid, status text, delta integer, at timestamptz)),
       updated AS (
         UPDATE inventory_balances b SET quantity = b.quantity + v.delta, updated_at = v.at
           FROM v WHERE b.sku_id = v.sku_id AND b.location_id = v.location_id AND b.status = v.status
         RETURNING b.sku_id, b.location_id, b.status)
       INSERT INTO inventory_balances (tenant_id, sku_id, location_id, status, quantity, updated_at)
       SELECT copilot_tenant_id(), v.sku_id, v.location_id, v.status, v.delta, v.at FROM v
        WHERE NOT EXISTS (SELECT 1 FROM updated u WHERE u.sku_id = v.sku_id AND u.location_id = v.location_id AND u.status = v.status)
        ORDER BY v.sku_id, v.location_id, v.status
       ON CONFLICT (tenant_id, sku_id, location_id, status)
       DO UPDATE SET quantity = inventory_balances.quantity + EXCLUDED.quantity, updated_at = EXCLUDED.updated_at`,
      [JSON.stringify([...balances.values()])],
    );
  }
  if (movements.length > 0) {
    await tx.query(
      `INSERT INTO inventory_movements (tenant_id, sku_id, location_id, kind, from_status, to_status, quantity, reason_code, reference, note, actor, event_id, occurred_at)
       SELECT copilot_tenant_id(), m.sku_id, m.location_id, 'adjustment', m.from_status, m.to_status, m.quantity, m.reason_code, m.reference,
              m.note, m.actor, m.event_id, m.occurred_at
         FROM jsonb_to_recordset($1::jsonb) AS m(ord integer, sku_id uuid, location_id uuid, from_status text, to_status text, quantity integer,
              reason_code text, reference text, note text, actor text, event_id text, occurred_at timestamptz)
        ORDER BY m.ord`,
      [JSON.stringify(movements)],
    );
  }
}
