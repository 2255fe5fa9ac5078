import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Tx } from '../db/database.ts';
import {
  fixtureTenant,
  insertLocation,
  insertOrder,
  insertPayment,
  insertSku,
  type FixtureTenant,
} from '../exceptions/testing/exception-fixtures.ts';
import { createTestDb } from '../testing/test-db.ts';
import { atsAccuracy } from './ats-accuracy.ts';
import { backorderDuration } from './backorder-duration.ts';
import { channelMargins } from './channel-margin.ts';

const at = (value: string): Date => new Date(`2025-03-${value}Z`);
const window = { from: at('01T00:00:00'), to: at('08T00:00:00') };
let db: Database;
let tenant: FixtureTenant;
let other: FixtureTenant;

const lineEvent = (tx: Tx, orderId: string, type: string, lineNumber: number | null, when: string) =>
  tx.query(`INSERT INTO order_events (tenant_id, order_id, type, data, occurred_at) VALUES (copilot_tenant_id(), $1, $2, $3, $4)`, [
    orderId,
    type,
    lineNumber === null ? {} : { lineNumber },
    at(when),
  ]);

beforeAll(async () => {
  db = await createTestDb();
  tenant = await fixtureTenant(db, 'order-kpis');
  other = await fixtureTenant(db, 'order-kpis-other');
  await tenant.run(async (tx) => {
    const location = await insertLocation(tx, 'DC');
    const a = await insertSku(tx, 'A');
    const b = await insertSku(tx, 'B');
    await tx.query(`UPDATE skus SET unit_cost = 4 WHERE id = $1`, [a]);
    await tx.query(`UPDATE skus SET unit_cost = 6 WHERE id = $1`, [b]);
    // Web: order 1 (A reserved; B backordered 2nd 10:00, reserved 3rd 10:00 = 24 h), order 2 (A reserved).
    const o1 = await insertOrder(tx, {
      number: 'W1',
      channel: 'web',
      status: 'shipped',
      placedAt: at('02T09:00:00'),
      lines: [
        { skuId: a, quantity: 2, shipped: 2, unitPrice: 10 },
        { skuId: b, quantity: 1, shipped: 1, unitPrice: 20 },
      ],
    });
    await lineEvent(tx, o1.id, 'line_reserved', 1, '02T09:01:00');
    await lineEvent(tx, o1.id, 'line_backordered', 2, '02T10:00:00');
    await lineEvent(tx, o1.id, 'line_reserved', 2, '03T10:00:00');
    const o2 = await insertOrder(tx, {
      number: 'W2',
      channel: 'web',
      status: 'shipped',
      placedAt: at('04T09:00:00'),
      lines: [{ skuId: a, quantity: 1, shipped: 1, unitPrice: 10 }],
    });
    await lineEvent(tx, o2.id, 'line_reserved', 1, '04T09:01:00');
    // Marketplace: order 3 backordered on the 5th 00:00 and cancelled on the 6th 12:00 (36 h); order 4 still backordered.
    const o3 = await insertOrder(tx, {
      number: 'M3',
      channel: 'amazon',
      status: 'cancelled',
      placedAt: at('05T00:00:00'),
      lines: [{ skuId: b, quantity: 3, cancelled: 3 }],
    });
    await lineEvent(tx, o3.id, 'line_backordered', 1, '05T00:00:00');
    await lineEvent(tx, o3.id, 'order_cancelled', null, '06T12:00:00');
    const o4 = await insertOrder(tx, {
      number: 'M4',
      channel: 'amazon',
      status: 'backordered',
      placedAt: at('06T00:00:00'),
      lines: [{ skuId: b, quantity: 1, backordered: 1 }],
    });
    await lineEvent(tx, o4.id, 'line_backordered', 1, '06T00:00:00');
    // Not yet decided (no reservation or backorder): not counted in ATS accuracy.
    await insertOrder(tx, { number: 'W5', channel: 'web', placedAt: at('07T00:00:00'), lines: [{ skuId: a, quantity: 1 }] });
    // Placed before the window: outside ATS accuracy and margin.
    const old = await insertOrder(tx, {
      number: 'W0',
      channel: 'web',
      status: 'shipped',
      placedAt: new Date('2025-02-10T00:00:00Z'),
      lines: [{ skuId: a, quantity: 1, shipped: 1 }],
    });
    await lineEvent(tx, old.id, 'line_backordered', 1, '01T00:00:00');
    // Order 1: one shipment, a return received and a refund of 20 for the B unit.
    await tx.query(
      `INSERT INTO shipments (tenant_id, order_id, external_ref, location_id, carrier, status, shipped_at) VALUES (copilot_tenant_id(), $1, 'S1', $2, 'ups', 'delivered', $3)`,
      [o1.id, location, at('03T12:00:00')],
    );
    await tx.query(
      `INSERT INTO shipments (tenant_id, order_id, external_ref, location_id, carrier, status, shipped_at) VALUES (copilot_tenant_id(), $1, 'S2', $2, 'ups', 'delivered', $3)`,
      [o2.id, location, at('04T12:00:00')],
    );
    await tx.query(`UPDATE order_lines SET quantity_returned = 1 WHERE order_id = $1 AND line_number = 2`, [o1.id]);
    await tx.query(
      `INSERT INTO returns (tenant_id, rma_number, order_id, location_id, status, received_at) VALUES (copilot_tenant_id(), 'R1', $1, $2, 'received', $3)`,
      [o1.id, location, at('05T10:00:00')],
    );
    const payment = await insertPayment(tx, o1.id, { reference: 'P1', captured: 40 });
    await tx.query(
      `INSERT INTO refunds (tenant_id, order_id, payment_id, amount, currency, reason) VALUES (copilot_tenant_id(), $1, $2, 20, 'USD', 'return')`,
      [o1.id, payment],
    );
  });
  // Another tenant's backorder never shows up (RLS).
  await other.run(async (tx) => {
    const sku = await insertSku(tx, 'X');
    const order = await insertOrder(tx, { number: 'X1', placedAt: at('02T00:00:00'), lines: [{ skuId: sku, quantity: 1 }] });
    await lineEvent(tx, order.id, 'line_backordered', 1, '02T00:00:00');
  });
}, 60_000);

afterAll(async () => {
  await db?.close();
});

describe('ATS accuracy', () => {
  it('counts decided lines per channel and SKU, kept when never backordered', async () => {
    const stat = await tenant.run((tx) => atsAccuracy(tx, window));
    // Decided lines: W1/1 kept, W1/2 broken, W2/1 kept, M3/1 broken, M4/1 broken.
    expect(stat).toMatchObject({ promised: 5, fulfillable: 2, rate: 0.4 });
    expect(stat.byChannel).toEqual([
      { channel: 'amazon', promised: 2, fulfillable: 0, rate: 0 },
      { channel: 'web', promised: 3, fulfillable: 2, rate: 0.6667 },
    ]);
    expect(stat.worstSkus[0]).toEqual({ skuCode: 'B', channel: 'amazon', promised: 2, fulfillable: 0, rate: 0 });
    expect(stat.worstSkus).toContainEqual({ skuCode: 'B', channel: 'web', promised: 1, fulfillable: 0, rate: 0 });
    expect(stat.worstSkus.some((row) => row.skuCode === 'A')).toBe(false);
  });

  it('is null, not NaN, for an empty window', async () => {
    const stat = await tenant.run((tx) =>
      atsAccuracy(tx, { from: new Date('2024-01-01T00:00:00Z'), to: new Date('2024-01-02T00:00:00Z') }),
    );
    expect(stat).toEqual({ promised: 0, fulfillable: 0, rate: null, byChannel: [], worstSkus: [] });
  });
});

describe('backorder duration', () => {
  it('measures backorders that ended in the window (filled or cancelled) and the ones still open', async () => {
    const stat = await tenant.run((tx) => backorderDuration(tx, window));
    // Ended: W1/2 after 24 h (reserved), M3/1 after 36 h (cancelled). Open at the end: M4/1 (48 h), W0/1 (168 h).
    expect(stat).toMatchObject({ count: 2, averageHours: 30, cancelled: 1, open: 2, openAverageHours: 108 });
    expect(stat.p90Hours).toBeCloseTo(34.8, 5);
  });

  it('sees a backorder as open while the window ends before it is filled', async () => {
    const stat = await tenant.run((tx) => backorderDuration(tx, { from: at('01T00:00:00'), to: at('03T00:00:00') }));
    expect(stat).toMatchObject({ count: 0, averageHours: null, open: 2 });
  });
});

describe('gross margin by channel', () => {
  it('subtracts refunds, cost of goods kept, fulfilment and return handling', async () => {
    const stat = await tenant.run((tx) => channelMargins(tx, window, { perShipment: 5, perUnit: 0.5, perReturn: 8 }));
    const web = stat.byChannel.find((row) => row.channel === 'web')!;
    // Revenue 2×10 + 1×20 + 1×10 = 50; refunds 20; goods kept 3×4 (A) + 0×6 (B returned) = 12;
    // fulfilment 2 shipments × 5 + 4 units × 0.5 = 12; one return × 8. Margin 50 − 20 − 12 − 12 − 8 = −2.
    expect(web).toEqual({
      channel: 'web',
      currency: 'USD',
      orders: 3,
      revenue: 50,
      refunds: 20,
      costOfGoods: 12,
      fulfilmentCost: 12,
      returnCost: 8,
      grossMargin: -2,
      marginRate: -0.04,
    });
    expect(stat.byChannel.find((row) => row.channel === 'amazon')).toMatchObject({ orders: 2, revenue: 0, marginRate: null });
    expect(stat.costs).toEqual({ perShipment: 5, perUnit: 0.5, perReturn: 8 });
  });

  it('refuses negative cost rates, naming the field', async () => {
    await expect(tenant.run((tx) => channelMargins(tx, window, { perShipment: -1, perUnit: 0, perReturn: 0 }))).rejects.toThrow(
      /perShipment/,
    );
  });
});
