import { beforeAll, describe, expect, it } from 'vitest';
import { exceptionsOfType, insertCustomer, insertLocation, insertOrder, insertSku, liveOnly } from '../testing/exception-fixtures.ts';
import { RULE_TEST_NOW, useRuleTestTenant } from '../testing/rule-test-tenant.ts';

const now = RULE_TEST_NOW;
const { tenant, detectInTenant } = useRuleTestTenant();
let sku: string;
let location: string;

beforeAll(async () => {
  [sku, location] = await tenant.run(async (tx) => [await insertSku(tx, 'BOX'), await insertLocation(tx, 'RENO')]);
});

async function shippedOrder(
  number: string,
  shipment: { status: string; estimated?: string; lastScan?: string; carrier?: string },
  customerId?: string,
) {
  return tenant.run(async (tx) => {
    const order = await insertOrder(tx, {
      number,
      status: 'shipped',
      customerId: customerId ?? null,
      lines: [{ skuId: sku, quantity: 1, shipped: 1 }],
    });
    const shipmentId = (
      await tx.query<{ id: string }>(
        `INSERT INTO shipments (tenant_id, order_id, external_ref, location_id, carrier, status, estimated_delivery_at, shipped_at, last_carrier_scan_at)
         VALUES (copilot_tenant_id(), $1, $2, $3, $4, $5, $6, '2025-03-03T15:00:00Z', $7) RETURNING id`,
        [
          order.id,
          `SHP-${number}`,
          location,
          shipment.carrier ?? 'UPS',
          shipment.status,
          shipment.estimated ?? null,
          shipment.lastScan ?? '2025-03-09T20:00:00Z',
        ],
      )
    ).rows[0]!.id;
    return { orderId: order.id, shipmentId };
  });
}

const detect = (orderId: string) => detectInTenant({ orderIds: [orderId] });
const live = async (orderId: string) =>
  liveOnly(await tenant.run((tx) => exceptionsOfType(tx, 'shipment_delayed'))).filter((row) => row.order_id === orderId);

describe('shipment_delayed', () => {
  it('raises past the carrier estimate, dedupes, resolves on delivery', async () => {
    const { orderId, shipmentId } = await shippedOrder('S-1', { status: 'in_transit', estimated: '2025-03-06T18:00:00Z' });
    await detect(orderId);
    await detectInTenant();
    const rows = await live(orderId);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.dedupe_key).toBe(`shipment_delayed:shipment:${shipmentId}`);
    expect(rows[0]!.severity).toBe('high'); // 3+ days late
    expect(rows[0]!.evidence).toMatchObject({ reasons: ['past_estimated_delivery'], daysLate: 3 });

    await tenant.run((tx) => tx.query(`UPDATE shipments SET status = 'delivered', delivered_at = $2 WHERE id = $1`, [shipmentId, now]));
    expect((await detect(orderId)).resolved).toEqual([rows[0]!.id]);
  });

  it('raises on a carrier exception and on stalled tracking; contractual B2B delivery is critical', async () => {
    const account = await tenant.run((tx) => insertCustomer(tx, 'KA-1', { kind: 'business', tier: 'key_account' }));
    const exception = await shippedOrder('S-2', { status: 'exception' }, account);
    await detect(exception.orderId);
    expect((await live(exception.orderId))[0]).toMatchObject({ severity: 'critical' });

    const stalled = await shippedOrder('S-3', {
      status: 'in_transit',
      estimated: '2025-03-12T18:00:00Z',
      lastScan: '2025-03-07T08:00:00Z',
    });
    await detect(stalled.orderId);
    expect((await live(stalled.orderId))[0]!.evidence).toMatchObject({ reasons: ['no_tracking_movement'] });
    // Freight gets 72 hours before it counts as stalled.
    const freight = await shippedOrder('S-4', {
      status: 'in_transit',
      carrier: 'Estes Freight',
      estimated: '2025-03-12T18:00:00Z',
      lastScan: '2025-03-08T08:00:00Z',
    });
    await detect(freight.orderId);
    expect(await live(freight.orderId)).toHaveLength(0);
  });

  it('raises for a released order not shipped by its ship-by date and resolves when it ships', async () => {
    const order = await tenant.run((tx) =>
      insertOrder(tx, {
        number: 'S-5',
        status: 'released',
        promisedDate: new Date('2025-03-08T23:00:00Z'),
        lines: [{ skuId: sku, quantity: 1, reserved: 1 }],
      }),
    );
    await detect(order.id);
    const rows = await live(order.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.evidence).toMatchObject({ reasons: ['not_shipped_by_ship_by_date'], daysLate: 1 });
    await tenant.run((tx) => tx.query(`UPDATE orders SET status = 'shipped' WHERE id = $1`, [order.id]));
    expect((await detect(order.id)).resolved).toEqual([rows[0]!.id]);
  });
});
