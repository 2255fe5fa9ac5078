/** Inventory adjustments (cycle-count corrections, damage, shrinkage) with a mandatory reason code. */
import { z } from 'zod';
import { requireLocation } from '../catalog/locations.ts';
import { requireSku } from '../catalog/skus.ts';
import type { Tx } from '../db/database.ts';
import type { ChangeContext } from '../domain/change-context.ts';
import { PreconditionFailedError, parseOrThrow } from '../errors.ts';
import { moveStock, readBalances } from './move-stock.ts';
import { ADJUSTMENT_REASON_CODES, STOCK_STATUSES, type AdjustmentReasonCode } from './stock-status.ts';
import { roundMoney } from '../domain/money.ts';

export const adjustInventoryInputSchema = z
  .object({
    sku: z.string().min(1),
    location: z.string().min(1),
    /** `allocated` is not adjustable: only reservations move stock into or out of it. */
    status: z.enum(STOCK_STATUSES).exclude(['allocated']).default('available'),
    /** Signed change; or give countedQuantity (the physical count) and the change is derived. */
    delta: z
      .number()
      .int()
      .refine((value) => value !== 0, 'must not be 0')
      .optional(),
    countedQuantity: z.number().int().min(0).optional(),
    reasonCode: z.enum(ADJUSTMENT_REASON_CODES),
    reference: z.string().max(200).optional(),
    note: z.string().max(2000).optional(),
  })
  .refine((input) => (input.delta === undefined) !== (input.countedQuantity === undefined), {
    message: 'give exactly one of delta or countedQuantity',
    path: ['delta'],
  });
export type AdjustInventoryInput = z.input<typeof adjustInventoryInputSchema>;

export interface InventoryAdjustment {
  skuCode: string;
  locationCode: string;
  status: string;
  reasonCode: AdjustmentReasonCode;
  before: number;
  after: number;
  delta: number;
  /** delta × unit cost: what the adjustment does to inventory value (approval thresholds use it). */
  valueChange: number;
}

// Reason codes that only ever reduce stock, or only add it (the policy's "Direction" column).
export const REDUCING: readonly AdjustmentReasonCode[] = ['DMG', 'LOST', 'SCRAP', 'SAMPLE', 'EXP'];
export const ADDING: readonly AdjustmentReasonCode[] = ['FOUND'];

export async function adjustInventory(tx: Tx, input: AdjustInventoryInput, context?: ChangeContext): Promise<InventoryAdjustment> {
  const request = parseOrThrow(adjustInventoryInputSchema, input, 'inventory adjustment');
  const sku = await requireSku(tx, request.sku);
  if (sku.isKit) throw new PreconditionFailedError(`${sku.code} is a kit; adjust its components instead`, { sku: sku.code });
  const location = await requireLocation(tx, request.location);
  const before = (await readBalances(tx, sku.id, location.id))[request.status];
  const delta = request.delta ?? request.countedQuantity! - before;
  const base = { skuCode: sku.code, locationCode: location.code, status: request.status, reasonCode: request.reasonCode, before };
  if (delta === 0) return { ...base, after: before, delta: 0, valueChange: 0 };
  if (delta > 0 && REDUCING.includes(request.reasonCode)) {
    throw new PreconditionFailedError(`reason ${request.reasonCode} only reduces stock; got +${delta}`, {
      reasonCode: request.reasonCode,
      delta,
    });
  }
  if (delta < 0 && ADDING.includes(request.reasonCode)) {
    throw new PreconditionFailedError(`reason ${request.reasonCode} only adds stock; got ${delta}`, {
      reasonCode: request.reasonCode,
      delta,
    });
  }
  if (delta < 0 && request.status !== 'available' && before + delta < 0) {
    throw new PreconditionFailedError(`${request.status} stock of ${sku.code} at ${location.code} is ${before}; cannot remove ${-delta}`, {
      before,
      delta,
    });
  }
  const move = {
    sku,
    location,
    quantity: Math.abs(delta),
    kind: 'adjustment' as const,
    reasonCode: request.reasonCode,
    reference: request.reference,
    note: request.note,
  };
  if (delta > 0) {
    await moveStock(tx, { ...move, to: request.status }, context);
  } else if (request.reasonCode === 'DMG' && request.status === 'available') {
    // Damaged in the warehouse: the units stay on site, unsellable, until scrapped or returned to vendor.
    await moveStock(tx, { ...move, from: 'available', to: 'damaged', allowNegative: true }, context);
  } else {
    // A count below book leaves `available` negative rather than pretending the units exist.
    await moveStock(tx, { ...move, from: request.status, allowNegative: true }, context);
  }
  return { ...base, after: before + delta, delta, valueChange: roundMoney(delta * sku.unitCost) };
}
