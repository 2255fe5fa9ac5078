/**
 * Where each stocked SKU × fulfilling location stands now, for projecting it forward: available units,
 * safety stock, and open order demand not yet reserved anywhere (counted at SKU level, as in
 * available-to-sell, and charged to the SKU's preferred location — the one reservation would pick first).
 */
import type { Tx } from '../db/database.ts';

export interface StockPositionRow {
  skuId: string;
  skuCode: string;
  locationId: string;
  locationCode: string;
  available: number;
  safetyStock: number;
  openDemand: number;
  /** Units on their way to this location (a transfer, an ASN) not yet received. */
  inTransit: number;
}

export async function readStockPositions(tx: Tx, filter: { skuIds?: readonly string[] } = {}): Promise<StockPositionRow[]> {
  const result = await tx.query<{
    sku_id: string;
    sku_code: string;
    location_id: string;
    location_code: string;
    available: number;
    safety_stock: number;
    open_demand: number;
    in_transit: number;
  }>(
    // The preferred location comes from a window over the stocked rows, not a join back to them: without
    // table statistics the planner nests such a join, which made this read quadratic in the series count.
    `WITH stocked AS (
       SELECT b.sku_id, s.code AS sku_code, b.location_id, l.code AS location_code,
              coalesce(sum(b.quantity) FILTER (WHERE b.status = 'available'), 0)::int AS available,
              coalesce(sum(b.quantity) FILTER (WHERE b.status = 'in_transit'), 0)::int AS in_transit,
              row_number() OVER (PARTITION BY b.sku_id ORDER BY l.priority, l.code) AS preference
         FROM inventory_balances b JOIN locations l ON l.id = b.location_id JOIN skus s ON s.id = b.sku_id
        WHERE l.fulfills_orders AND l.active AND s.active AND NOT s.is_kit AND ($1::uuid[] IS NULL OR b.sku_id = ANY($1))
        GROUP BY b.sku_id, s.code, b.location_id, l.code, l.priority),
     unreserved AS (
       SELECT coalesce(k.component_sku_id, ol.sku_id) AS sku_id,
              sum((ol.quantity_ordered - ol.quantity_reserved - ol.quantity_shipped - ol.quantity_cancelled) * coalesce(k.quantity, 1))::int AS quantity
         FROM order_lines ol JOIN orders o ON o.id = ol.order_id
         LEFT JOIN kit_components k ON k.kit_sku_id = ol.sku_id
        WHERE o.status IN ('captured', 'validated', 'backordered', 'on_hold')
        GROUP BY 1)
     SELECT st.sku_id, st.sku_code, st.location_id, st.location_code, st.available, st.in_transit,
            coalesce(ss.quantity, 0)::int AS safety_stock,
            CASE WHEN st.preference = 1 THEN greatest(coalesce(u.quantity, 0), 0) ELSE 0 END::int AS open_demand
       FROM stocked st
       LEFT JOIN safety_stock ss ON ss.sku_id = st.sku_id AND ss.location_id = st.location_id
       LEFT JOIN unreserved u ON u.sku_id = st.sku_id
      ORDER BY st.sku_code, st.location_code`,
    [filter.skuIds ?? null],
  );
  return result.rows.map((row) => ({
    skuId: row.sku_id,
    skuCode: row.sku_code,
    locationId: row.location_id,
    locationCode: row.location_code,
    available: row.available,
    safetyStock: row.safety_stock,
    openDemand: row.open_demand,
    inTransit: row.in_transit,
  }));
}
