/**
 * The one path for balance changes other than reservations: adjustments, receipts, shipments, return
 * receipts, dispositions and status moves. Each call writes one inventory_movements ledger row.
 */
import type { Tx } from '../db/database.ts';
import { resolveContext, type ChangeContext } from '../domain/change-context.ts';
import { InsufficientStockError } from './insufficient-stock-error.ts';
import type { MovementKind, StockStatus } from './stock-status.ts';

export interface StockMove {
  sku: { id: string; code: string };
  location: { id: string; code: string };
  /** Status the quantity leaves; omitted when stock enters the location. */
  from?: StockStatus;
  /** Status the quantity enters; omitted when stock leaves the location. */
  to?: StockStatus;
  quantity: number;
  kind: MovementKind;
  reasonCode?: string;
  reference?: string;
  note?: string;
  /**
   * Lets `available` go below zero. Only for facts reported by the warehouse (a count, a shipment
   * without reservation): refusing them would hide a real shortfall instead of surfacing it.
   */
  allowNegative?: boolean;
}

/** Adds delta to one balance row and returns the new quantity. */
export async function changeBalance(
  tx: Tx,
  skuId: string,
  locationId: string,
  status: StockStatus,
  delta: number,
  at: Date,
): Promise<number> {
  if (delta < 0) {
    // An upsert checks constraints on the proposed (negative) row before it finds the conflict, so
    // decrements update in place; only a missing row falls through to the insert below.
    const updated = await tx.query<{ quantity: number }>(
      `UPDATE inventory_balances SET quantity = quantity + $4, updated_at = $5 WHERE sku_id = $1 AND location_id = $2 AND status = $3 RETURNING quantity`,
      [skuId, locationId, status, delta, at],
      { prepare: 'everywhere' },
    );
    if (updated.rows[0]) return updated.rows[0].quantity;
  }
  const result = await tx.query<{ quantity: number }>(
    `INSERT INTO inventory_balances (tenant_id, sku_id, location_id, status, quantity, updated_at)
     VALUES (copilot_tenant_id(), $1, $2, $3, $4, $5)
     ON CONFLICT (tenant_id, sku_id, location_id, status)
     DO UPDATE SET quantity = inventory_balances.quantity + EXCLUDED.quantity, updated_at = EXCLUDED.updated_at
     RETURNING quantity`,
    [skuId, locationId, status, delta, at],
    { prepare: 'everywhere' },
  );
  return result.rows[0]!.quantity;
}

export async function moveStock(tx: Tx, move: StockMove, context?: ChangeContext): Promise<void> {
  const { actor, at, eventId } = resolveContext(context);
  if (move.from) {
    // Lock the source row so a concurrent move sees the decremented quantity (no lost update).
    const current = await tx.query<{ quantity: number }>(
      `SELECT quantity FROM inventory_balances WHERE sku_id = $1 AND location_id = $2 AND status = $3 FOR UPDATE`,
      [move.sku.id, move.location.id, move.from],
    );
    const have = current.rows[0]?.quantity ?? 0;
    const mayGoNegative = move.allowNegative === true && move.from === 'available';
    if (have < move.quantity && !mayGoNegative) {
      throw new InsufficientStockError({
        skuCode: move.sku.code,
        locationCode: move.location.code,
        status: move.from,
        requested: move.quantity,
        available: have,
      });
    }
    await changeBalance(tx, move.sku.id, move.location.id, move.from, -move.quantity, at);
  }
  if (move.to) await changeBalance(tx, move.sku.id, move.location.id, move.to, move.quantity, at);
  await tx.query(
    `INSERT INTO inventory_movements (tenant_id, sku_id, location_id, kind, from_status, to_status, quantity, reason_code, reference, note, actor, event_id, occurred_at)
     VALUES (copilot_tenant_id(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      move.sku.id,
      move.location.id,
      move.kind,
      move.from ?? null,
      move.to ?? null,
      move.quantity,
      move.reasonCode ?? null,
      move.reference ?? null,
      move.note ?? null,
      actor,
      eventId,
      at,
    ],
  );
}

/** Current quantities of one SKU at one location, every status present (missing statuses are 0). */
export async function readBalances(tx: Tx, skuId: string, locationId: string): Promise<Record<StockStatus, number>> {
  const result = await tx.query<{ status: StockStatus; quantity: number }>(
    'SELECT status, quantity FROM inventory_balances WHERE sku_id = $1 AND location_id = $2',
    [skuId, locationId],
  );
  const balances: Record<StockStatus, number> = { available: 0, allocated: 0, quarantine: 0, damaged: 0, returns_hold: 0, in_transit: 0 };
  for (const row of result.rows) balances[row.status] = row.quantity;
  return balances;
}
