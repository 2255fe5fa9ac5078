/**
 * Supply on its way and how long suppliers take: open purchase-order lines with their expected dates,
 * and lead times (order to receipt, in days) learned from received purchase orders per SKU × location.
 */
import type { Tx } from '../db/database.ts';

export interface InboundLine {
  skuId: string;
  locationId: string;
  poNumber: string;
  quantity: number;
  expectedAt: Date | null;
}

export interface LeadTimeStat {
  skuId: string;
  locationId: string;
  /** Received purchase orders observed. */
  samples: number;
  medianDays: number;
  p90Days: number;
}

export async function readInboundLines(tx: Tx, filter: { skuIds?: readonly string[] } = {}): Promise<InboundLine[]> {
  const result = await tx.query<{ sku_id: string; location_id: string; po_number: string; quantity: number; expected_at: Date | null }>(
    `SELECT l.sku_id, p.location_id, p.po_number, (l.quantity_ordered - l.quantity_received)::int AS quantity, p.expected_at
       FROM purchase_orders p JOIN purchase_order_lines l ON l.purchase_order_id = p.id
      WHERE p.status IN ('submitted', 'confirmed', 'partially_received') AND l.quantity_ordered > l.quantity_received
        AND ($1::uuid[] IS NULL OR l.sku_id = ANY($1))
      ORDER BY p.expected_at NULLS LAST, p.po_number`,
    [filter.skuIds ?? null],
  );
  return result.rows.map((row) => ({
    skuId: row.sku_id,
    locationId: row.location_id,
    poNumber: row.po_number,
    quantity: row.quantity,
    expectedAt: row.expected_at,
  }));
}

/** Lead times from fully received purchase orders (created → received, the receipt stamps updated_at). */
export async function readSupplierLeadTimes(tx: Tx): Promise<LeadTimeStat[]> {
  const result = await tx.query<{ sku_id: string; location_id: string; samples: number; median_days: number; p90_days: number }>(
    `SELECT l.sku_id, p.location_id, count(*)::int AS samples,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM p.updated_at - p.created_at) / 86400)::float8 AS median_days,
            percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM p.updated_at - p.created_at) / 86400)::float8 AS p90_days
       FROM purchase_orders p JOIN purchase_order_lines l ON l.purchase_order_id = p.id
      WHERE p.status = 'received' AND p.updated_at > p.created_at
      GROUP BY 1, 2`,
  );
  return result.rows.map((row) => ({
    skuId: row.sku_id,
    locationId: row.location_id,
    samples: row.samples,
    medianDays: Math.round(row.median_days * 10) / 10,
    p90Days: Math.round(row.p90_days * 10) / 10,
  }));
}

/**
 * The supplier of each SKU's most recent purchase order (not a draft or a cancelled one), by SKU id:
 * who a replenishment order would go to. A SKU never ordered has no entry — nobody invents a supplier.
 */
export async function readLastSuppliers(tx: Tx, filter: { skuIds?: readonly string[] } = {}): Promise<Map<string, string>> {
  const result = await tx.query<{ sku_id: string; supplier: string }>(
    `SELECT DISTINCT ON (l.sku_id) l.sku_id, p.supplier
       FROM purchase_orders p JOIN purchase_order_lines l ON l.purchase_order_id = p.id
      WHERE p.status NOT IN ('draft', 'cancelled') AND ($1::uuid[] IS NULL OR l.sku_id = ANY($1))
      ORDER BY l.sku_id, p.created_at DESC, p.po_number DESC`,
    [filter.skuIds ?? null],
  );
  return new Map(result.rows.map((row) => [row.sku_id, row.supplier]));
}
