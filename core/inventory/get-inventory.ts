/** Read model of a SKU's stock: balances by location and status, ATS with derivation, reservations, inbound POs. */
import { z } from 'zod';
import { requireSku } from '../catalog/skus.ts';
import type { Tx } from '../db/database.ts';
import { channelSchema } from '../domain/references.ts';
import { parseOrThrow } from '../errors.ts';
import { computeAvailableToSell, type AvailableToSell } from './available-to-sell.ts';
import type { StockStatus } from './stock-status.ts';

export const getInventoryInputSchema = z.object({
  sku: z.string().min(1),
  location: z.string().min(1).optional(),
  channel: channelSchema.optional(),
});
export type GetInventoryInput = z.input<typeof getInventoryInputSchema>;

export interface InventoryView {
  sku: { id: string; code: string; name: string; uom: string; isKit: boolean; unitCost: number };
  balances: Array<{ locationCode: string; locationKind: string } & Record<StockStatus, number>>;
  availableToSell: AvailableToSell;
  activeReservations: Array<{
    id: string;
    orderNumber: string;
    locationCode: string;
    quantity: number;
    expiresAt: Date | null;
    createdAt: Date;
  }>;
  inboundPurchaseOrders: Array<{ poNumber: string; locationCode: string; status: string; open: number; expectedAt: Date | null }>;
  recentAdjustments: Array<{ locationCode: string; delta: number; reasonCode: string | null; actor: string; occurredAt: Date }>;
}

export async function getInventory(tx: Tx, input: GetInventoryInput): Promise<InventoryView> {
  const request = parseOrThrow(getInventoryInputSchema, input, 'inventory query');
  const sku = await requireSku(tx, request.sku);
  const balances = await tx.query<{ code: string; kind: string; status: StockStatus; quantity: number }>(
    `SELECT l.code, l.kind, b.status, b.quantity FROM inventory_balances b JOIN locations l ON l.id = b.location_id
      WHERE b.sku_id = $1 AND ($2::text IS NULL OR l.code = $2) ORDER BY l.priority, l.code`,
    [sku.id, request.location ?? null],
  );
  const byLocation = new Map<string, InventoryView['balances'][number]>();
  for (const row of balances.rows) {
    const entry = byLocation.get(row.code) ?? {
      locationCode: row.code,
      locationKind: row.kind,
      available: 0,
      allocated: 0,
      quarantine: 0,
      damaged: 0,
      returns_hold: 0,
      in_transit: 0,
    };
    entry[row.status] = row.quantity;
    byLocation.set(row.code, entry);
  }
  const reservations = await tx.query<InventoryView['activeReservations'][number]>(
    `SELECT r.id, o.number AS "orderNumber", l.code AS "locationCode", r.quantity, r.expires_at AS "expiresAt", r.created_at AS "createdAt"
       FROM reservations r JOIN orders o ON o.id = r.order_id JOIN locations l ON l.id = r.location_id
      WHERE r.sku_id = $1 AND r.status = 'active' ORDER BY r.created_at LIMIT 100`,
    [sku.id],
    { prepare: 'everywhere' },
  );
  const inbound = await tx.query<InventoryView['inboundPurchaseOrders'][number]>(
    `SELECT p.po_number AS "poNumber", l.code AS "locationCode", p.status, (pl.quantity_ordered - pl.quantity_received) AS open, p.expected_at AS "expectedAt"
       FROM purchase_order_lines pl JOIN purchase_orders p ON p.id = pl.purchase_order_id JOIN locations l ON l.id = p.location_id
      WHERE pl.sku_id = $1 AND p.status IN ('submitted', 'confirmed', 'partially_received') AND pl.quantity_ordered > pl.quantity_received
      ORDER BY p.expected_at NULLS LAST`,
    [sku.id],
    { prepare: 'everywhere' },
  );
  const adjustments = await tx.query<{
    locationCode: string;
    from: string | null;
    quantity: number;
    reasonCode: string | null;
    actor: string;
    occurredAt: Date;
  }>(
    `SELECT l.code AS "locationCode", m.from_status AS "from", m.quantity, m.reason_code AS "reasonCode", m.actor, m.occurred_at AS "occurredAt"
       FROM inventory_movements m JOIN locations l ON l.id = m.location_id
      WHERE m.sku_id = $1 AND m.kind = 'adjustment' ORDER BY m.occurred_at DESC, m.id DESC LIMIT 20`,
    [sku.id],
    { prepare: 'everywhere' },
  );
  return {
    sku: { id: sku.id, code: sku.code, name: sku.name, uom: sku.uom, isKit: sku.isKit, unitCost: sku.unitCost },
    balances: [...byLocation.values()],
    availableToSell: await computeAvailableToSell(tx, { sku: sku.id, location: request.location, channel: request.channel }),
    activeReservations: reservations.rows,
    inboundPurchaseOrders: inbound.rows,
    recentAdjustments: adjustments.rows.map(({ from, quantity, ...rest }) => ({ ...rest, delta: from ? -quantity : quantity })),
  };
}
