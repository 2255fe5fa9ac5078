/**
 * Stock transfers between two locations of the tenant (a rebalance): the units leave the source's
 * available stock and enter the destination as in_transit, until the warehouse confirms arrival with
 * inventory.received (fromInTransit). Both legs are `transfer` movements in the ledger with the same
 * reference, never adjustments, so adjustment KPIs and daily demand are untouched.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { requireLocation } from '../catalog/locations.ts';
import { requireSku } from '../catalog/skus.ts';
import type { Tx } from '../db/database.ts';
import type { ChangeContext } from '../domain/change-context.ts';
import { PreconditionFailedError, parseOrThrow } from '../errors.ts';
import { moveStock, readBalances } from './move-stock.ts';

export const TRANSFER_REASON_CODE = 'XFER';

export const transferStockInputSchema = z.object({
  sku: z.string().min(1),
  fromLocation: z.string().min(1),
  toLocation: z.string().min(1),
  quantity: z.number().int().positive().max(1_000_000),
  reference: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/)
    .optional(),
  note: z.string().max(2000).optional(),
});
export type TransferStockInput = z.input<typeof transferStockInputSchema>;

export interface StockTransfer {
  reference: string;
  skuCode: string;
  fromLocation: string;
  toLocation: string;
  quantity: number;
  /** What the source may give: available − its safety stock − stock ring-fenced for channels there (before the transfer). */
  transferableAtSource: number;
  availableAtSourceAfter: number;
  inTransitAtDestinationAfter: number;
}

/** Units a location can give away without going below its own safety stock or touching channel ring-fences. */
export async function transferableStock(tx: Tx, skuId: string, locationId: string): Promise<{ available: number; transferable: number }> {
  const available = (await readBalances(tx, skuId, locationId)).available;
  const reserved = await tx.query<{ safety: number; fenced: number }>(
    `SELECT coalesce((SELECT quantity FROM safety_stock WHERE sku_id = $1 AND location_id = $2), 0)::int AS safety,
            coalesce((SELECT sum(quantity) FROM channel_allocations WHERE sku_id = $1 AND location_id = $2), 0)::int AS fenced`,
    [skuId, locationId],
  );
  const { safety, fenced } = reserved.rows[0]!;
  return { available, transferable: Math.max(0, available - safety - fenced) };
}

export async function transferStock(tx: Tx, input: TransferStockInput, context?: ChangeContext): Promise<StockTransfer> {
  const request = parseOrThrow(transferStockInputSchema, input, 'stock transfer');
  const sku = await requireSku(tx, request.sku);
  if (sku.isKit) throw new PreconditionFailedError(`${sku.code} is a kit; transfer its components`, { sku: sku.code });
  const from = await requireLocation(tx, request.fromLocation);
  const to = await requireLocation(tx, request.toLocation);
  if (from.id === to.id) throw new PreconditionFailedError('a transfer needs two different locations', { location: from.code });
  for (const location of [from, to]) {
    if (!location.active) throw new PreconditionFailedError(`location ${location.code} is not active`, { location: location.code });
  }
  // Lock the source's available row first, so two transfers cannot both take the same surplus.
  await tx.query(`SELECT 1 FROM inventory_balances WHERE sku_id = $1 AND location_id = $2 AND status = 'available' FOR UPDATE`, [
    sku.id,
    from.id,
  ]);
  const { available, transferable } = await transferableStock(tx, sku.id, from.id);
  if (request.quantity > transferable) {
    throw new PreconditionFailedError(
      `${from.code} can give at most ${transferable} × ${sku.code} (available ${available}, less its safety stock and channel ring-fences); ${request.quantity} requested`,
      { sku: sku.code, fromLocation: from.code, requested: request.quantity, transferable },
    );
  }
  const reference = request.reference ?? `TRF-${randomUUID().slice(0, 8).toUpperCase()}`;
  const leg = {
    sku,
    quantity: request.quantity,
    kind: 'transfer' as const,
    reasonCode: TRANSFER_REASON_CODE,
    reference,
    note: request.note,
  };
  await moveStock(tx, { ...leg, location: from, from: 'available' }, context);
  await moveStock(tx, { ...leg, location: to, to: 'in_transit' }, context);
  const after = await readBalances(tx, sku.id, to.id);
  return {
    reference,
    skuCode: sku.code,
    fromLocation: from.code,
    toLocation: to.code,
    quantity: request.quantity,
    transferableAtSource: transferable,
    availableAtSourceAfter: available - request.quantity,
    inTransitAtDestinationAfter: after.in_transit,
  };
}
