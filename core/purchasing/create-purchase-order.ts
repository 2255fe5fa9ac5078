/** Replenishment: a purchase order to a supplier for delivery to one location (sop-po-replenishment). */
import { z } from 'zod';
import { requireLocation } from '../catalog/locations.ts';
import { requireSku } from '../catalog/skus.ts';
import type { Tx } from '../db/database.ts';
import { resolveContext, type ChangeContext } from '../domain/change-context.ts';
import { roundMoney } from '../domain/money.ts';
import { moneySchema } from '../domain/references.ts';
import { ConflictError, PreconditionFailedError, parseOrThrow } from '../errors.ts';

export const createPurchaseOrderInputSchema = z.object({
  /** Omitted: PO-<yyyymmdd>-<n>. */
  poNumber: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.#/-]{0,63}$/)
    .optional(),
  supplier: z.string().trim().min(1).max(200),
  location: z.string().min(1),
  lines: z
    .array(z.object({ sku: z.string().min(1), quantity: z.number().int().positive().max(1_000_000), unitCost: moneySchema.optional() }))
    .min(1, 'a purchase order needs at least one line'),
  expectedAt: z.coerce.date().optional(),
  reason: z.string().max(2000).optional(),
});
export type CreatePurchaseOrderInput = z.input<typeof createPurchaseOrderInputSchema>;

export interface PurchaseOrder {
  id: string;
  poNumber: string;
  supplier: string;
  locationCode: string;
  status: string;
  expectedAt: Date | null;
  lines: Array<{ skuCode: string; quantity: number; unitCost: number }>;
  totalValue: number;
}

export async function createPurchaseOrder(tx: Tx, input: CreatePurchaseOrderInput, context?: ChangeContext): Promise<PurchaseOrder> {
  const request = parseOrThrow(createPurchaseOrderInputSchema, input, 'purchase order');
  const { actor, at } = resolveContext(context);
  const location = await requireLocation(tx, request.location);
  if (!location.active) throw new PreconditionFailedError(`location ${location.code} is inactive`, { location: location.code });
  if (request.expectedAt && request.expectedAt < at)
    throw new PreconditionFailedError('expectedAt is in the past', { expectedAt: request.expectedAt.toISOString() });
  const lines: PurchaseOrder['lines'] = [];
  const skuIds: string[] = [];
  for (const [index, line] of request.lines.entries()) {
    const sku = await requireSku(tx, line.sku);
    if (sku.isKit) throw new PreconditionFailedError(`${sku.code} is a kit; order its components`, { path: `lines.${index}.sku` });
    if (skuIds.includes(sku.id))
      throw new PreconditionFailedError(`${sku.code} appears twice; use one line per SKU`, { path: `lines.${index}.sku` });
    skuIds.push(sku.id);
    lines.push({ skuCode: sku.code, quantity: line.quantity, unitCost: line.unitCost ?? sku.unitCost });
  }
  let poNumber = request.poNumber;
  if (!poNumber) {
    const day = at.toISOString().slice(0, 10).replaceAll('-', '');
    const count = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM purchase_orders WHERE po_number LIKE $1', [`PO-${day}-%`]);
    poNumber = `PO-${day}-${String(count.rows[0]!.n + 1).padStart(3, '0')}`;
  }
  const exists = await tx.query('SELECT 1 FROM purchase_orders WHERE po_number = $1', [poNumber]);
  if (exists.rowCount > 0) throw new ConflictError(`purchase order ${poNumber} already exists`, { poNumber });
  const inserted = await tx.query<{ id: string; status: string }>(
    `INSERT INTO purchase_orders (tenant_id, po_number, supplier, location_id, status, expected_at, reason, created_by, created_at, updated_at)
     VALUES (copilot_tenant_id(), $1, $2, $3, 'submitted', $4, $5, $6, $7, $7) RETURNING id, status`,
    [poNumber, request.supplier, location.id, request.expectedAt ?? null, request.reason ?? null, actor, at],
  );
  const po = inserted.rows[0]!;
  for (const [index, line] of lines.entries()) {
    await tx.query(
      `INSERT INTO purchase_order_lines (tenant_id, purchase_order_id, sku_id, quantity_ordered, unit_cost) VALUES (copilot_tenant_id(), $1, $2, $3, $4)`,
      [po.id, skuIds[index], line.quantity, line.unitCost],
    );
  }
  return {
    id: po.id,
    poNumber,
    supplier: request.supplier,
    locationCode: location.code,
    status: po.status,
    expectedAt: request.expectedAt ?? null,
    lines,
    totalValue: roundMoney(lines.reduce((sum, line) => sum + line.quantity * line.unitCost, 0)),
  };
}
