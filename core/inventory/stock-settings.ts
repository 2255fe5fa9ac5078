/** Planning settings that shape available-to-sell: safety stock and channel allocations per SKU × location. */
import { z } from 'zod';
import { requireLocation } from '../catalog/locations.ts';
import { requireSku } from '../catalog/skus.ts';
import type { Tx } from '../db/database.ts';
import { channelSchema } from '../domain/references.ts';
import { PreconditionFailedError, parseOrThrow } from '../errors.ts';

export const safetyStockInputSchema = z.object({
  sku: z.string().min(1),
  location: z.string().min(1),
  quantity: z.number().int().min(0),
});
export type SafetyStockInput = z.input<typeof safetyStockInputSchema>;

export const channelAllocationInputSchema = safetyStockInputSchema.extend({ channel: channelSchema });
export type ChannelAllocationInput = z.input<typeof channelAllocationInputSchema>;

async function resolve(tx: Tx, skuRef: string, locationRef: string): Promise<{ skuId: string; locationId: string }> {
  const sku = await requireSku(tx, skuRef);
  if (sku.isKit) throw new PreconditionFailedError(`${sku.code} is a kit; set stock levels on its components`, { sku: sku.code });
  const location = await requireLocation(tx, locationRef);
  return { skuId: sku.id, locationId: location.id };
}

export async function setSafetyStock(tx: Tx, input: SafetyStockInput): Promise<void> {
  const request = parseOrThrow(safetyStockInputSchema, input, 'safety stock');
  const { skuId, locationId } = await resolve(tx, request.sku, request.location);
  await tx.query(
    `INSERT INTO safety_stock (tenant_id, sku_id, location_id, quantity) VALUES (copilot_tenant_id(), $1, $2, $3)
     ON CONFLICT (tenant_id, sku_id, location_id) DO UPDATE SET quantity = EXCLUDED.quantity, updated_at = now()`,
    [skuId, locationId, request.quantity],
  );
}

export async function setChannelAllocation(tx: Tx, input: ChannelAllocationInput): Promise<void> {
  const request = parseOrThrow(channelAllocationInputSchema, input, 'channel allocation');
  const { skuId, locationId } = await resolve(tx, request.sku, request.location);
  await tx.query(
    `INSERT INTO channel_allocations (tenant_id, sku_id, location_id, channel, quantity) VALUES (copilot_tenant_id(), $1, $2, $3, $4)
     ON CONFLICT (tenant_id, sku_id, location_id, channel) DO UPDATE SET quantity = EXCLUDED.quantity, updated_at = now()`,
    [skuId, locationId, request.channel, request.quantity],
  );
}
