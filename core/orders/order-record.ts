/** The order row as domain code sees it, and how to find and lock one by number or id. */
import type { Tx } from '../db/database.ts';
import { isUuid } from '../domain/references.ts';
import { NotFoundError } from '../errors.ts';
import type { OrderStatus } from './order-status.ts';

export interface ShippingAddress {
  name: string;
  company?: string;
  line1: string;
  line2?: string;
  city: string;
  region?: string;
  postalCode: string;
  country: string;
  phone?: string;
}

export interface OrderRecord {
  id: string;
  number: string;
  channel: string;
  externalRef: string | null;
  customerId: string | null;
  status: OrderStatus;
  holdReason: string | null;
  heldFromStatus: OrderStatus | null;
  currency: string;
  subtotal: number;
  discountTotal: number;
  shippingTotal: number;
  taxTotal: number;
  total: number;
  shippingAddress: ShippingAddress;
  addressStatus: 'unverified' | 'valid' | 'invalid';
  addressIssue: string | null;
  promisedDate: Date | null;
  erpSyncStatus: 'pending' | 'synced' | 'failed' | 'not_required';
  erpOrderRef: string | null;
  erpLastError: string | null;
  erpLastErrorMessage: string | null;
  erpSyncedAt: Date | null;
  notes: string | null;
  cancelReason: string | null;
  placedAt: Date;
  validatedAt: Date | null;
  reservedAt: Date | null;
  releasedAt: Date | null;
  shippedAt: Date | null;
  invoicedAt: Date | null;
  closedAt: Date | null;
  cancelledAt: Date | null;
  statusChangedAt: Date;
}

export const ORDER_COLUMNS = `o.id, o.number, o.channel, o.external_ref AS "externalRef", o.customer_id AS "customerId", o.status,
  o.hold_reason AS "holdReason", o.held_from_status AS "heldFromStatus", o.currency, o.subtotal, o.discount_total AS "discountTotal",
  o.shipping_total AS "shippingTotal", o.tax_total AS "taxTotal", o.total, o.shipping_address AS "shippingAddress",
  o.address_status AS "addressStatus", o.address_issue AS "addressIssue", o.promised_date AS "promisedDate",
  o.erp_sync_status AS "erpSyncStatus", o.erp_order_ref AS "erpOrderRef", o.erp_last_error AS "erpLastError",
  o.erp_last_error_message AS "erpLastErrorMessage", o.erp_synced_at AS "erpSyncedAt", o.notes, o.cancel_reason AS "cancelReason",
  o.placed_at AS "placedAt", o.validated_at AS "validatedAt", o.reserved_at AS "reservedAt", o.released_at AS "releasedAt",
  o.shipped_at AS "shippedAt", o.invoiced_at AS "invoicedAt", o.closed_at AS "closedAt", o.cancelled_at AS "cancelledAt",
  o.status_changed_at AS "statusChangedAt"`;

/**
 * Finds an order by number or id. With lock, the row stays locked (FOR UPDATE) until the transaction
 * ends: every write path locks the order first, so concurrent changes to one order serialise.
 */
export async function findOrder(tx: Tx, numberOrId: string, options: { lock?: boolean } = {}): Promise<OrderRecord | undefined> {
  const result = await tx.query<OrderRecord>(
    `SELECT ${ORDER_COLUMNS} FROM orders o WHERE ${isUuid(numberOrId) ? 'o.id = $1::uuid' : 'o.number = $1'}${options.lock ? ' FOR UPDATE' : ''}`,
    [numberOrId],
    { prepare: 'everywhere' },
  );
  return result.rows[0];
}

/**
 * The ids an event about an order touched (the order, its customer, the SKUs of its lines), in one
 * statement: exception detection re-checks exactly these after the event.
 */
export async function orderEntityIds(
  tx: Tx,
  numberOrId: string,
): Promise<{ orderId: string; customerId: string | null; skuIds: string[] }> {
  const result = await tx.query<{ orderId: string; customerId: string | null; skuIds: string[] }>(
    `SELECT o.id AS "orderId", o.customer_id AS "customerId",
            ARRAY(SELECT DISTINCT l.sku_id FROM order_lines l WHERE l.order_id = o.id)::text[] AS "skuIds"
       FROM orders o WHERE ${isUuid(numberOrId) ? 'o.id = $1::uuid' : 'o.number = $1'}`,
    [numberOrId],
  );
  const row = result.rows[0];
  if (!row) throw new NotFoundError('order', numberOrId);
  return row;
}

/** orderEntityIds for many orders by id, in one statement. */
export async function orderEntityIdsByIds(
  tx: Tx,
  orderIds: readonly string[],
): Promise<Map<string, { orderId: string; customerId: string | null; skuIds: string[] }>> {
  if (orderIds.length === 0) return new Map();
  const result = await tx.query<{ orderId: string; customerId: string | null; skuIds: string[] }>(
    `SELECT o.id AS "orderId", o.customer_id AS "customerId",
            ARRAY(SELECT DISTINCT l.sku_id FROM order_lines l WHERE l.order_id = o.id)::text[] AS "skuIds"
       FROM orders o WHERE o.id = ANY($1::uuid[])`,
    [[...new Set(orderIds)]],
  );
  return new Map(result.rows.map((row) => [row.orderId, row]));
}

export async function requireOrder(tx: Tx, numberOrId: string, options: { lock?: boolean } = {}): Promise<OrderRecord> {
  const order = await findOrder(tx, numberOrId, options);
  if (!order) throw new NotFoundError('order', numberOrId);
  return order;
}

export interface OrderLineRecord {
  id: string;
  lineNumber: number;
  skuId: string;
  skuCode: string;
  skuName: string;
  isKit: boolean;
  quantityOrdered: number;
  quantityReserved: number;
  quantityShipped: number;
  quantityBackordered: number;
  quantityCancelled: number;
  quantityReturned: number;
  unitPrice: number;
  overriddenPrice: number | null;
  priceOverrideReason: string | null;
}

/** An order's lines as OrderLineRecord, from `order_lines l JOIN skus s`. */
export const ORDER_LINE_COLUMNS = `l.id, l.line_number AS "lineNumber", l.sku_id AS "skuId", s.code AS "skuCode", s.name AS "skuName", s.is_kit AS "isKit",
  l.quantity_ordered AS "quantityOrdered", l.quantity_reserved AS "quantityReserved", l.quantity_shipped AS "quantityShipped",
  l.quantity_backordered AS "quantityBackordered", l.quantity_cancelled AS "quantityCancelled", l.quantity_returned AS "quantityReturned",
  l.unit_price AS "unitPrice", l.overridden_price AS "overriddenPrice", l.price_override_reason AS "priceOverrideReason"`;

export async function loadOrderLines(tx: Tx, orderId: string): Promise<OrderLineRecord[]> {
  const result = await tx.query<OrderLineRecord>(
    `SELECT ${ORDER_LINE_COLUMNS} FROM order_lines l JOIN skus s ON s.id = l.sku_id WHERE l.order_id = $1 ORDER BY l.line_number`,
    [orderId],
    { prepare: 'everywhere' },
  );
  return result.rows;
}

export const openLineQuantity = (
  line: Pick<OrderLineRecord, 'quantityOrdered' | 'quantityReserved' | 'quantityShipped' | 'quantityCancelled'>,
): number => line.quantityOrdered - line.quantityReserved - line.quantityShipped - line.quantityCancelled;

/** Finds the line for a line number, or the first line of a SKU with quantity left to ship. */
export function pickLine(lines: OrderLineRecord[], reference: { lineNumber?: number; sku?: string }): OrderLineRecord | undefined {
  if (reference.lineNumber !== undefined) return lines.find((line) => line.lineNumber === reference.lineNumber);
  const ofSku = lines.filter((line) => line.skuCode === reference.sku);
  return ofSku.find((line) => line.quantityOrdered - line.quantityShipped - line.quantityCancelled > 0) ?? ofSku[0];
}
