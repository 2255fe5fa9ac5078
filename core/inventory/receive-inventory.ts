/** Goods receipts: stock arriving at a location, optionally against a purchase order or from in-transit. */
import { z } from 'zod';
import { requireLocation } from '../catalog/locations.ts';
import { requireSku } from '../catalog/skus.ts';
import type { Tx } from '../db/database.ts';
import { resolveContext, type ChangeContext } from '../domain/change-context.ts';
import { NotFoundError, PreconditionFailedError, parseOrThrow } from '../errors.ts';
import { moveStock } from './move-stock.ts';

export const receiveInventoryInputSchema = z.object({
  sku: z.string().min(1),
  location: z.string().min(1),
  quantity: z.number().int().positive(),
  /** Receive into quarantine when goods need QC before sale. */
  status: z.enum(['available', 'quarantine']).default('available'),
  purchaseOrder: z.string().min(1).optional(),
  /** The units were already booked as in_transit to this location (a transfer or ASN). */
  fromInTransit: z.boolean().default(false),
  reference: z.string().max(200).optional(),
});
export type ReceiveInventoryInput = z.input<typeof receiveInventoryInputSchema>;

export interface InventoryReceipt {
  skuId: string;
  skuCode: string;
  locationCode: string;
  quantity: number;
  status: 'available' | 'quarantine';
  purchaseOrder: { number: string; status: string } | null;
}

export async function receiveInventory(tx: Tx, input: ReceiveInventoryInput, context?: ChangeContext): Promise<InventoryReceipt> {
  const request = parseOrThrow(receiveInventoryInputSchema, input, 'inventory receipt');
  const { at } = resolveContext(context);
  const sku = await requireSku(tx, request.sku);
  if (sku.isKit) throw new PreconditionFailedError(`${sku.code} is a kit; receive its components`, { sku: sku.code });
  const location = await requireLocation(tx, request.location);
  let purchaseOrder: InventoryReceipt['purchaseOrder'] = null;
  if (request.purchaseOrder) {
    const po = await tx.query<{ id: string; status: string }>('SELECT id, status FROM purchase_orders WHERE po_number = $1 FOR UPDATE', [
      request.purchaseOrder,
    ]);
    const row = po.rows[0];
    if (!row) throw new NotFoundError('purchase order', request.purchaseOrder);
    if (row.status === 'cancelled' || row.status === 'draft') {
      throw new PreconditionFailedError(`purchase order ${request.purchaseOrder} is ${row.status}`, {
        purchaseOrder: request.purchaseOrder,
      });
    }
    const updated = await tx.query(
      'UPDATE purchase_order_lines SET quantity_received = quantity_received + $3 WHERE purchase_order_id = $1 AND sku_id = $2',
      [row.id, sku.id, request.quantity],
    );
    if (updated.rowCount === 0)
      throw new PreconditionFailedError(`purchase order ${request.purchaseOrder} has no line for ${sku.code}`, {
        purchaseOrder: request.purchaseOrder,
        sku: sku.code,
      });
    const status = await tx.query<{ status: string }>(
      `UPDATE purchase_orders SET updated_at = $2, status = CASE
          WHEN (SELECT bool_and(quantity_received >= quantity_ordered) FROM purchase_order_lines WHERE purchase_order_id = $1) THEN 'received'
          ELSE 'partially_received' END
        WHERE id = $1 RETURNING status`,
      [row.id, at],
    );
    purchaseOrder = { number: request.purchaseOrder, status: status.rows[0]!.status };
  }
  await moveStock(
    tx,
    {
      sku,
      location,
      quantity: request.quantity,
      kind: 'receipt',
      to: request.status,
      from: request.fromInTransit ? 'in_transit' : undefined,
      reference: request.reference ?? request.purchaseOrder,
    },
    context,
  );
  return {
    skuId: sku.id,
    skuCode: sku.code,
    locationCode: location.code,
    quantity: request.quantity,
    status: request.status,
    purchaseOrder,
  };
}
