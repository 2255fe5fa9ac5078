import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { ADDRESS, seedDomainFixture } from '../domain/test-fixtures.ts';
import { applyEvent } from '../events/apply-event.ts';
import { createTestDb } from '../testing/test-db.ts';
import type { Tenant } from '../tenants/tenants.ts';

const at = (hour: number) => new Date(Date.UTC(2025, 4, 1, hour)).toISOString();

describe('shipment.updated', () => {
  let db: Database;
  let tenant: Tenant;
  const shipment = () =>
    withTenant(
      db,
      tenant.id,
      async (tx) =>
        (
          await tx.query<{
            status: string;
            exception_code: string | null;
            exception_message: string | null;
            delivered_at: Date | null;
            last_carrier_scan_at: Date | null;
          }>(
            `SELECT status, exception_code, exception_message, delivered_at, last_carrier_scan_at FROM shipments WHERE external_ref = 'SH-1'`,
          )
        ).rows[0]!,
    );

  beforeAll(async () => {
    db = await createTestDb();
    tenant = await seedDomainFixture(db);
    const events = [
      { id: 'rcv', type: 'inventory.received', occurredAt: at(0), data: { sku: 'MUG-BLK', location: 'WH-EAST', quantity: 5 } },
      {
        id: 'ord',
        type: 'order.created',
        occurredAt: at(1),
        data: {
          orderNumber: 'W-1',
          channel: 'web',
          customerCode: 'C-1001',
          lines: [{ sku: 'MUG-BLK', quantity: 1, unitPrice: 12 }],
          shippingAddress: ADDRESS,
        },
      },
      {
        id: 'auth',
        type: 'payment.authorized',
        occurredAt: at(1),
        data: { orderNumber: 'W-1', psp: 'stripe', pspReference: 'pi_1', amount: 12 },
      },
      {
        id: 'cap',
        type: 'payment.captured',
        occurredAt: at(2),
        data: { orderNumber: 'W-1', psp: 'stripe', pspReference: 'pi_1', amount: 12 },
      },
      {
        id: 'ship',
        type: 'shipment.created',
        occurredAt: at(3),
        data: { shipmentId: 'SH-1', orderNumber: 'W-1', location: 'WH-EAST', carrier: 'UPS', lines: [{ sku: 'MUG-BLK', quantity: 1 }] },
      },
    ];
    for (const event of events) expect((await applyEvent(db, tenant.id, event)).status).toBe('applied');
  });
  afterAll(() => db.close());

  it('records a carrier exception with its code and message', async () => {
    const result = await applyEvent(db, tenant.id, {
      id: 'upd-1',
      type: 'shipment.updated',
      occurredAt: at(5),
      data: { shipmentId: 'SH-1', status: 'exception', exceptionCode: 'ADDR', exceptionMessage: 'Consignee address incomplete' },
    });
    expect(result.status).toBe('applied');
    expect(await shipment()).toMatchObject({
      status: 'exception',
      exception_code: 'ADDR',
      exception_message: 'Consignee address incomplete',
      delivered_at: null,
      last_carrier_scan_at: new Date(at(5)),
    });
  });

  it('clears the exception and stamps delivery time when delivered', async () => {
    const result = await applyEvent(db, tenant.id, {
      id: 'upd-2',
      type: 'shipment.updated',
      occurredAt: at(9),
      data: { shipmentId: 'SH-1', status: 'delivered' },
    });
    expect(result.status).toBe('applied');
    expect(await shipment()).toMatchObject({
      status: 'delivered',
      exception_code: null,
      exception_message: null,
      delivered_at: new Date(at(9)),
    });
  });
});
