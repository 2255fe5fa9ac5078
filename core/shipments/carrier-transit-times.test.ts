import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { orderInput, seedDomainFixture, stock } from '../domain/test-fixtures.ts';
import { createOrder, progressOrder } from '../orders/index.ts';
import { capturePayment } from '../payments/index.ts';
import { createTestDb } from '../testing/test-db.ts';
import type { Tenant } from '../tenants/tenants.ts';
import { readCarrierTransitTimes } from './carrier-transit-times.ts';
import { createShipment } from './create-shipment.ts';
import { updateShipment } from './update-shipment.ts';

const HOUR = 3_600_000;
const start = new Date('2026-02-02T08:00:00Z');

describe('carrier transit times', () => {
  let db: Database;
  let tenant: Tenant;
  let other: Tenant;

  beforeAll(async () => {
    db = await createTestDb();
    tenant = await seedDomainFixture(db);
    other = await seedDomainFixture(db, 'other-transit');
    await withTenant(db, tenant.id, async (tx) => {
      await stock(tx, 'MUG-BLK', 'WH-EAST', 50);
      // Ground takes 70, 72 and 74 h; 2day 40 and 44 h; one parcel is still on its way (not counted).
      const parcels: Array<[string, number | null]> = [
        ['ground', 70],
        ['ground', 72],
        ['ground', 74],
        ['2day', 40],
        ['2day', 44],
        ['ground', null],
      ];
      for (const [index, [service, hours]] of parcels.entries()) {
        const number = `T-${index + 1}`;
        await createOrder(tx, orderInput(number, [{ sku: 'MUG-BLK', quantity: 1, unitPrice: 12 }]));
        await progressOrder(tx, number);
        await capturePayment(tx, { order: number, psp: 'stripe', pspReference: `pi_${index}`, amount: 12 });
        await progressOrder(tx, number);
        const shippedAt = new Date(start.getTime() + index * 24 * HOUR);
        await createShipment(tx, {
          shipmentId: `SH-${number}`,
          order: number,
          location: 'WH-EAST',
          carrier: 'UPS',
          serviceLevel: service,
          shippedAt,
          status: 'in_transit',
          lines: [{ sku: 'MUG-BLK', quantity: 1 }],
        });
        if (hours !== null)
          await updateShipment(tx, {
            shipmentId: `SH-${number}`,
            status: 'delivered',
            deliveredAt: new Date(shippedAt.getTime() + hours * HOUR),
          });
      }
    });
  });
  afterAll(() => db.close());

  it('gives the median shipped → delivered hours per location, carrier and service from delivered shipments', async () => {
    const window = { from: new Date(start.getTime() - 24 * HOUR), to: new Date(start.getTime() + 30 * 24 * HOUR) };
    const rows = await withTenant(db, tenant.id, (tx) => readCarrierTransitTimes(tx, window));
    expect(rows.map(({ locationId: _location, ...row }) => row)).toEqual([
      { carrier: 'UPS', serviceLevel: '2day', shipments: 2, medianHours: 42 },
      { carrier: 'UPS', serviceLevel: 'ground', shipments: 3, medianHours: 72 },
    ]);
    expect(await withTenant(db, other.id, (tx) => readCarrierTransitTimes(tx, window))).toEqual([]);
  });

  it('refuses a window that ends before it starts', async () => {
    await expect(withTenant(db, tenant.id, (tx) => readCarrierTransitTimes(tx, { from: start, to: start }))).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });
});
