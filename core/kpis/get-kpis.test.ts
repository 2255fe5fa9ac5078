import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Tx } from '../db/database.ts';
import { createTestDb } from '../testing/test-db.ts';
import { fixtureTenant, insertLocation, insertOrder, insertSku, type FixtureTenant } from '../exceptions/testing/exception-fixtures.ts';
import { getKpis } from './get-kpis.ts';

const at = (value: string): Date => new Date(`2025-03-${value}Z`);
const window = { from: at('01T00:00:00'), to: at('08T00:00:00') };
let db: Database;
let tenant: FixtureTenant;
let other: FixtureTenant;

async function insertException(
  tx: Tx,
  row: { key: string; type: string; status: string; detected: string; due: string; resolved?: string; orderId?: string },
): Promise<void> {
  await tx.query(
    `INSERT INTO exceptions (tenant_id, type, severity, status, title, dedupe_key, order_id, detected_at, last_detected_at, ack_due_at, sla_due_at, resolved_at)
     VALUES (copilot_tenant_id(), $1, 'medium', $2, $3, $3, $4, $5, $5, $5, $6, $7)`,
    [row.type, row.status, row.key, row.orderId ?? null, at(row.detected), at(row.due), row.resolved ? at(row.resolved) : null],
  );
}

beforeAll(async () => {
  db = await createTestDb();
  tenant = await fixtureTenant(db, 'kpi-tenant');
  other = await fixtureTenant(db, 'kpi-other');
  await tenant.run(async (tx) => {
    const location = await insertLocation(tx, 'DC');
    const skus = [await insertSku(tx, 'A'), await insertSku(tx, 'B'), await insertSku(tx, 'C'), await insertSku(tx, 'D')];
    const shipped = async (
      number: string,
      placed: string,
      released: string,
      shippedAt: string,
      promised: string,
      line: { ordered: number; shipped: number },
    ) => {
      const order = await insertOrder(tx, {
        number,
        status: 'shipped',
        placedAt: at(placed),
        releasedAt: at(released),
        shippedAt: at(shippedAt),
        promisedDate: at(promised),
        lines: [{ skuId: skus[0]!, quantity: line.ordered, shipped: line.shipped, cancelled: line.ordered - line.shipped }],
      });
      return order;
    };
    // Release times 2h, 4h, 10h, 1h.
    const o1 = await shipped('1', '02T10:00:00', '02T12:00:00', '03T10:00:00', '04T00:00:00', { ordered: 1, shipped: 1 });
    const o2 = await shipped('2', '02T10:00:00', '02T14:00:00', '05T10:00:00', '04T00:00:00', { ordered: 1, shipped: 1 }); // late
    const o3 = await shipped('3', '03T09:00:00', '03T19:00:00', '04T10:00:00', '06T00:00:00', { ordered: 2, shipped: 2 }); // returned, exception
    await shipped('4', '04T09:00:00', '04T10:00:00', '05T10:00:00', '06T00:00:00', { ordered: 2, shipped: 1 }); // incomplete
    const o5 = await insertOrder(tx, {
      number: '5',
      status: 'validated',
      placedAt: at('05T09:00:00'),
      lines: [{ skuId: skus[1]!, quantity: 1 }],
    });
    // Placed before the window: not in the backorder-rate denominator.
    await insertOrder(tx, {
      number: '6',
      status: 'validated',
      placedAt: new Date('2025-02-20T09:00:00Z'),
      lines: [{ skuId: skus[1]!, quantity: 1 }],
    });
    await tx.query(
      `INSERT INTO order_events (tenant_id, order_id, type, occurred_at) VALUES (copilot_tenant_id(), $1, 'line_backordered', $2)`,
      [o2.id, at('02T10:05:00')],
    );

    // A return on order 3 received 5 March 10:00; two lines restocked after 30h and 48h.
    const rma = (
      await tx.query<{ id: string }>(
        `INSERT INTO returns (tenant_id, rma_number, order_id, location_id, status, received_at) VALUES (copilot_tenant_id(), 'R1', $1, $2, 'inspected', $3) RETURNING id`,
        [o3.id, location, at('05T10:00:00')],
      )
    ).rows[0]!.id;
    const o3line2 = (
      await tx.query<{ id: string }>(
        `INSERT INTO order_lines (tenant_id, order_id, line_number, sku_id, quantity_ordered, quantity_shipped, unit_price) VALUES (copilot_tenant_id(), $1, 2, $2, 1, 1, 10) RETURNING id`,
        [o3.id, skus[2]],
      )
    ).rows[0]!.id;
    await tx.query(
      `INSERT INTO return_lines (tenant_id, return_id, order_line_id, sku_id, quantity, quantity_received, disposition, disposition_at)
       VALUES (copilot_tenant_id(), $1, $2, $3, 1, 1, 'restock', $4), (copilot_tenant_id(), $1, $5, $6, 1, 1, 'restock', $7)`,
      [rma, o3.lineIds[0], skus[0], at('06T16:00:00'), o3line2, skus[2], at('07T10:00:00')],
    );

    await insertException(tx, {
      key: 'e1',
      type: 'erp_sync_failed',
      status: 'open',
      detected: '07T22:00:00',
      due: '08T02:00:00',
      orderId: o5.id,
    });
    await insertException(tx, { key: 'e2', type: 'stock_conflict', status: 'triaging', detected: '06T00:00:00', due: '06T08:00:00' });
    await insertException(tx, {
      key: 'e3',
      type: 'payment_mismatch',
      status: 'resolved',
      detected: '05T08:00:00',
      due: '05T18:00:00',
      resolved: '05T10:00:00',
    });
    await insertException(tx, {
      key: 'e4',
      type: 'payment_mismatch',
      status: 'resolved',
      detected: '06T08:00:00',
      due: '06T10:00:00',
      resolved: '06T12:00:00',
      orderId: o3.id,
    });
    await insertException(tx, {
      key: 'e5',
      type: 'duplicate_order',
      status: 'dismissed',
      detected: '03T08:00:00',
      due: '10T10:00:00',
      resolved: '03T09:00:00',
      orderId: o1.id,
    });

    for (const [sku, when] of [
      [skus[0], '02T10:00:00'],
      [skus[0], '04T10:00:00'],
      [skus[3], '06T10:00:00'],
      [skus[3], '09T10:00:00'],
    ] as const) {
      await tx.query(
        `INSERT INTO inventory_movements (tenant_id, sku_id, location_id, kind, to_status, quantity, reason_code, occurred_at)
         VALUES (copilot_tenant_id(), $1, $2, 'adjustment', 'available', 1, 'CC', $3)`,
        [sku, location, at(when)],
      );
    }
  });
  // Another tenant's data must not leak into these KPIs.
  await other.run(async (tx) => {
    const sku = await insertSku(tx, 'Z');
    await insertOrder(tx, {
      number: '1',
      status: 'shipped',
      placedAt: at('02T10:00:00'),
      releasedAt: at('02T11:00:00'),
      shippedAt: at('03T10:00:00'),
      lines: [{ skuId: sku, quantity: 1, shipped: 1 }],
    });
  });
});
afterAll(async () => db.close());

describe('getKpis', () => {
  it('computes every KPI on a hand-built week with known answers', async () => {
    const kpis = await tenant.run((tx) => getKpis(tx, window));
    expect(kpis.orderReleaseTime).toEqual({ count: 4, averageHours: 4.25, p90Hours: 8.2 });
    expect(kpis.backorderRate).toEqual({ total: 5, count: 1, rate: 0.2 });
    expect(kpis.perfectOrderRate).toEqual({
      total: 4,
      count: 1,
      rate: 0.25,
      failures: { incomplete: 1, late: 1, returned: 1, exception: 1 },
    });
    expect(kpis.returnToRestockCycleTime).toEqual({ count: 2, averageHours: 39, p90Hours: 46.2 });
    expect(kpis.openExceptions.total).toBe(2);
    expect(kpis.openExceptions.byAge).toEqual({ under_4h: 1, '4h_to_24h': 0, '1d_to_3d': 1, '3d_to_7d': 0, over_7d: 0 });
    expect(kpis.openExceptions.byType.erp_sync_failed).toEqual({
      total: 1,
      byAge: { under_4h: 1, '4h_to_24h': 0, '1d_to_3d': 0, '3d_to_7d': 0, over_7d: 0 },
    });
    expect(kpis.exceptionSlaBreachRate).toMatchObject({ total: 3, count: 2, rate: 0.6667 });
    expect(kpis.exceptionSlaBreachRate.byType.payment_mismatch).toEqual({ total: 2, count: 1, rate: 0.5 });
    expect(kpis.inventoryAdjustmentFrequency).toEqual({
      adjustments: 3,
      skusAdjusted: 2,
      activeSkus: 4,
      weeks: 1,
      perSkuPerWeek: 0.75,
      byReason: { CC: 3 },
      topSkus: [
        { skuCode: 'A', adjustments: 2 },
        { skuCode: 'D', adjustments: 1 },
      ],
    });
  });

  it('rejects a window that ends before it starts', async () => {
    await expect(tenant.run((tx) => getKpis(tx, { from: window.to, to: window.from }))).rejects.toThrow(/from must be before to/);
  });
});
