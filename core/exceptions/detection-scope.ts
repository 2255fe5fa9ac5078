/**
 * Turns the entities an event or tool touched into the scope the rules need: a shipment, return or
 * invoice brings its order; an order brings its customer and its SKUs (kit lines: their components,
 * where the stock lives); a kit SKU brings its components.
 */
import type { Tx } from '../db/database.ts';
import type { TouchedEntities } from './exception-types.ts';
import type { DetectionScope } from './rules/rule.ts';

const ids = (values: readonly string[] | undefined): string[] => [...new Set(values ?? [])];

/** Array columns come back as JS arrays from both backends; tolerate the text form defensively. */
function toArray(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string' && value.startsWith('{')) return value.slice(1, -1).split(',').filter(Boolean);
  return [];
}

export function isEmptyTouched(touched: TouchedEntities): boolean {
  return Object.values(touched).every((values) => !values || values.length === 0);
}

export async function expandScope(tx: Tx, touched: TouchedEntities): Promise<DetectionScope> {
  const orderIds = ids(touched.orderIds);
  const shipmentIds = ids(touched.shipmentIds);
  const returnIds = ids(touched.returnIds);
  const invoiceIds = ids(touched.invoiceIds);
  const skuIds = ids(touched.skuIds);
  const result = await tx.query<{ order_ids: unknown; customer_ids: unknown; sku_ids: unknown }>(
    `WITH scoped_orders AS (
       SELECT unnest($1::uuid[]) AS id
       UNION SELECT order_id FROM shipments WHERE id = ANY($2::uuid[])
       UNION SELECT order_id FROM returns WHERE id = ANY($3::uuid[])
       UNION SELECT order_id FROM invoices WHERE id = ANY($4::uuid[])
     ),
     scoped_skus AS (
       SELECT l.sku_id AS id FROM order_lines l WHERE l.order_id IN (SELECT id FROM scoped_orders)
       UNION SELECT unnest($5::uuid[])
     )
     SELECT (SELECT coalesce(array_agg(id), '{}') FROM scoped_orders) AS order_ids,
            (SELECT coalesce(array_agg(DISTINCT customer_id), '{}') FROM orders
              WHERE id IN (SELECT id FROM scoped_orders) AND customer_id IS NOT NULL) AS customer_ids,
            (SELECT coalesce(array_agg(DISTINCT id), '{}') FROM (
               SELECT id FROM scoped_skus
               UNION SELECT k.component_sku_id FROM kit_components k WHERE k.kit_sku_id IN (SELECT id FROM scoped_skus)
             ) s) AS sku_ids`,
    [orderIds, shipmentIds, returnIds, invoiceIds, skuIds],
  );
  const row = result.rows[0]!;
  return {
    orderIds: toArray(row.order_ids),
    skuIds: toArray(row.sku_ids),
    locationIds: ids(touched.locationIds),
    customerIds: [...new Set([...toArray(row.customer_ids), ...ids(touched.customerIds)])],
    shipmentIds,
    returnIds,
    invoiceIds,
  };
}
