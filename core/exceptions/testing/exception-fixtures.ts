/**
 * Minimal rows for exception-rule tests, written straight to the core tables so each test states
 * exactly the condition a rule looks for (the domain's own flows are exercised by the seed tests).
 */
import type { Database, Tx } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-scope.ts';
import { createTenant } from '../../tenants/tenants.ts';

export interface FixtureTenant {
  tenantId: string;
  run<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
}

export async function fixtureTenant(db: Database, slug = 'acme-test', timezone = 'UTC'): Promise<FixtureTenant> {
  const tenant = await createTenant(db, { slug, name: slug, timezone });
  return { tenantId: tenant.id, run: (fn) => withTenant(db, tenant.id, fn) };
}

const one = async (tx: Tx, sql: string, params: unknown[]): Promise<string> => (await tx.query<{ id: string }>(sql, params)).rows[0]!.id;

export function insertLocation(tx: Tx, code: string, options: { kind?: string; fulfills?: boolean } = {}): Promise<string> {
  return one(
    tx,
    `INSERT INTO locations (tenant_id, code, name, kind, fulfills_orders) VALUES (copilot_tenant_id(), $1, $1, $2, $3) RETURNING id`,
    [code, options.kind ?? 'warehouse', options.fulfills ?? true],
  );
}

export async function insertSku(
  tx: Tx,
  code: string,
  options: { price?: number; components?: Array<{ skuId: string; quantity: number }> } = {},
): Promise<string> {
  const id = await one(
    tx,
    `INSERT INTO skus (tenant_id, code, name, price, is_kit) VALUES (copilot_tenant_id(), $1, $1, $2, $3) RETURNING id`,
    [code, options.price ?? 10, (options.components?.length ?? 0) > 0],
  );
  for (const component of options.components ?? []) {
    await tx.query(
      `INSERT INTO kit_components (tenant_id, kit_sku_id, component_sku_id, quantity) VALUES (copilot_tenant_id(), $1, $2, $3)`,
      [id, component.skuId, component.quantity],
    );
  }
  return id;
}

export function insertCustomer(
  tx: Tx,
  code: string,
  options: { kind?: string; tier?: string; terms?: string; creditLimit?: number | null; creditStatus?: string } = {},
): Promise<string> {
  return one(
    tx,
    `INSERT INTO customers (tenant_id, code, name, kind, tier, payment_terms, credit_limit, credit_status)
     VALUES (copilot_tenant_id(), $1, $1, $2, $3, $4, $5, $6) RETURNING id`,
    [
      code,
      options.kind ?? 'consumer',
      options.tier ?? 'standard',
      options.terms ?? 'prepaid',
      options.creditLimit ?? null,
      options.creditStatus ?? 'ok',
    ],
  );
}

export async function setBalance(tx: Tx, skuId: string, locationId: string, status: string, quantity: number): Promise<void> {
  await tx.query(
    `INSERT INTO inventory_balances (tenant_id, sku_id, location_id, status, quantity) VALUES (copilot_tenant_id(), $1, $2, $3, $4)
     ON CONFLICT (tenant_id, sku_id, location_id, status) DO UPDATE SET quantity = EXCLUDED.quantity`,
    [skuId, locationId, status, quantity],
  );
}

export interface FixtureLine {
  skuId: string;
  quantity: number;
  unitPrice?: number;
  reserved?: number;
  shipped?: number;
  backordered?: number;
  cancelled?: number;
}

export interface FixtureOrder {
  number: string;
  channel?: string;
  customerId?: string | null;
  status?: string;
  total?: number;
  placedAt?: Date;
  promisedDate?: Date | null;
  externalRef?: string | null;
  addressStatus?: string;
  addressIssue?: string | null;
  erpSyncStatus?: string;
  erpLastError?: string | null;
  releasedAt?: Date | null;
  shippedAt?: Date | null;
  lines?: FixtureLine[];
}

export async function insertOrder(tx: Tx, order: FixtureOrder): Promise<{ id: string; lineIds: string[] }> {
  const lines = order.lines ?? [];
  const total = order.total ?? lines.reduce((sum, line) => sum + line.quantity * (line.unitPrice ?? 10), 0);
  const placedAt = order.placedAt ?? new Date('2025-03-03T09:00:00Z');
  const id = await one(
    tx,
    `INSERT INTO orders (tenant_id, number, channel, customer_id, status, subtotal, total, placed_at, promised_date, external_ref,
                         address_status, address_issue, erp_sync_status, erp_last_error, released_at, shipped_at, status_changed_at)
     VALUES (copilot_tenant_id(), $1, $2, $3, $4, $5, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $6) RETURNING id`,
    [
      order.number,
      order.channel ?? 'web',
      order.customerId ?? null,
      order.status ?? 'captured',
      total,
      placedAt,
      order.promisedDate ?? null,
      order.externalRef ?? null,
      order.addressStatus ?? 'valid',
      order.addressIssue ?? null,
      order.erpSyncStatus ?? 'synced',
      order.erpLastError ?? null,
      order.releasedAt ?? null,
      order.shippedAt ?? null,
    ],
  );
  const lineIds: string[] = [];
  for (const [index, line] of lines.entries()) {
    lineIds.push(
      await one(
        tx,
        `INSERT INTO order_lines (tenant_id, order_id, line_number, sku_id, quantity_ordered, quantity_reserved, quantity_shipped,
                                  quantity_backordered, quantity_cancelled, unit_price)
         VALUES (copilot_tenant_id(), $1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [
          id,
          index + 1,
          line.skuId,
          line.quantity,
          line.reserved ?? 0,
          line.shipped ?? 0,
          line.backordered ?? 0,
          line.cancelled ?? 0,
          line.unitPrice ?? 10,
        ],
      ),
    );
  }
  return { id, lineIds };
}

export function insertPayment(
  tx: Tx,
  orderId: string,
  payment: { reference: string; captured?: number; authorized?: number; refunded?: number; method?: string; status?: string },
): Promise<string> {
  const captured = payment.captured ?? 0;
  return one(
    tx,
    `INSERT INTO payments (tenant_id, order_id, psp, psp_reference, method, currency, amount_authorized, amount_captured, amount_refunded, status)
     VALUES (copilot_tenant_id(), $1, 'stripe', $2, $3, 'USD', $4, $5, $6, $7) RETURNING id`,
    [
      orderId,
      payment.reference,
      payment.method ?? 'card',
      payment.authorized ?? captured,
      captured,
      payment.refunded ?? 0,
      payment.status ?? (captured > 0 ? 'captured' : 'authorized'),
    ],
  );
}

export interface LiveExceptionRow {
  id: string;
  type: string;
  status: string;
  severity: string;
  dedupe_key: string;
  title: string;
  evidence: Record<string, unknown>;
  order_id: string | null;
  sku_id: string | null;
  location_id: string | null;
  customer_id: string | null;
  detected_at: Date;
  sla_due_at: Date;
  resolution_how: string | null;
}

/** Every exception of a type (live first), for assertions. */
export async function exceptionsOfType(tx: Tx, type: string): Promise<LiveExceptionRow[]> {
  const result = await tx.query<LiveExceptionRow>(
    `SELECT id, type, status, severity, dedupe_key, title, evidence, order_id, sku_id, location_id, customer_id, detected_at, sla_due_at, resolution_how
       FROM exceptions WHERE type = $1 ORDER BY status IN ('resolved', 'dismissed'), detected_at, id`,
    [type],
  );
  return result.rows;
}

export const liveOnly = (rows: readonly LiveExceptionRow[]): LiveExceptionRow[] =>
  rows.filter((row) => ['open', 'triaging', 'awaiting_approval'].includes(row.status));

/**
 * A reservation row as the reserve path leaves it, for fixtures that set balances by hand (a location
 * already short of what it promised); real reservations come from core/inventory's reserve path.
 */
export function insertReservation(
  tx: Tx,
  reservation: { orderId: string; orderLineId: string; skuId: string; locationId: string; quantity: number },
): Promise<string> {
  return one(
    tx,
    `INSERT INTO reservations (tenant_id, order_id, order_line_id, sku_id, location_id, quantity)
     VALUES (copilot_tenant_id(), $1, $2, $3, $4, $5) RETURNING id`,
    [reservation.orderId, reservation.orderLineId, reservation.skuId, reservation.locationId, reservation.quantity],
  );
}
