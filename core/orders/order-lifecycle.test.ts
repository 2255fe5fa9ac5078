import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { ADDRESS, orderInput, seedDomainFixture, stock } from '../domain/test-fixtures.ts';
import { postInvoice } from '../invoices/invoices.ts';
import { readBalances } from '../inventory/move-stock.ts';
import { requireLocation } from '../catalog/locations.ts';
import { requireSku } from '../catalog/skus.ts';
import { authorizePayment, capturePayment } from '../payments/payments.ts';
import { createShipment } from '../shipments/create-shipment.ts';
import { createTestDb } from '../testing/test-db.ts';
import type { Tenant } from '../tenants/tenants.ts';
import { createOrder } from './create-order.ts';
import { getOrder } from './get-order.ts';
import { orderTimeline } from './order-timeline.ts';
import { progressOrder } from './progress-order.ts';
import { searchOrders } from './search-orders.ts';

describe('order lifecycle', () => {
  let db: Database;
  let tenant: Tenant;
  const run = <T>(fn: Parameters<typeof withTenant<T>>[2]) => withTenant(db, tenant.id, fn);

  beforeAll(async () => {
    db = await createTestDb();
    tenant = await seedDomainFixture(db);
    await run(async (tx) => {
      await stock(tx, 'MUG-BLK', 'WH-EAST', 10);
      await stock(tx, 'KETTLE-1L', 'WH-EAST', 2);
      await stock(tx, 'FILTER-100', 'WH-EAST', 5);
    });
  });
  afterAll(() => db.close());

  it('captures, reserves, waits for payment, releases, ships, invoices and closes', async () => {
    const at = new Date('2025-03-01T10:00:00Z');
    await run(async (tx) => {
      await createOrder(
        tx,
        orderInput(
          'W-1',
          [
            { sku: 'MUG-BLK', quantity: 2, unitPrice: 12 },
            { sku: 'BREW-KIT', quantity: 1, unitPrice: 75 },
          ],
          { shippingTotal: 5 },
        ),
        { at },
      );
      const order = await progressOrder(tx, 'W-1', { at });
      expect(order.status).toBe('reserved'); // prepaid consumer, no payment yet
    });
    await run(async (tx) => {
      const east = await requireLocation(tx, 'WH-EAST');
      const mug = await requireSku(tx, 'MUG-BLK');
      expect(await readBalances(tx, mug.id, east.id)).toMatchObject({ available: 6, allocated: 4 }); // 2 + kit's 2
      const detail = await getOrder(tx, 'W-1');
      expect(detail.total).toBe(104);
      expect(detail.reservations.every((r) => r.expiresAt !== null)).toBe(true);
      await authorizePayment(tx, { order: 'W-1', psp: 'stripe', pspReference: 'pi_1', amount: 104 }, { at });
      expect((await getOrder(tx, 'W-1')).status).toBe('released');
      expect((await getOrder(tx, 'W-1')).reservations.every((r) => r.expiresAt === null)).toBe(true);
    });
    await run(async (tx) => {
      const partial = await createShipment(tx, {
        shipmentId: 'SH-1',
        order: 'W-1',
        location: 'WH-EAST',
        carrier: 'UPS',
        lines: [{ sku: 'MUG-BLK', quantity: 2 }],
      });
      expect(partial.orderStatus).toBe('partially_shipped');
      const rest = await createShipment(tx, {
        shipmentId: 'SH-2',
        order: 'W-1',
        location: 'WH-EAST',
        carrier: 'UPS',
        lines: [{ sku: 'BREW-KIT', quantity: 1 }],
      });
      expect(rest.orderStatus).toBe('shipped');
      const east = await requireLocation(tx, 'WH-EAST');
      const mug = await requireSku(tx, 'MUG-BLK');
      expect(await readBalances(tx, mug.id, east.id)).toMatchObject({ available: 6, allocated: 0 });
      await capturePayment(tx, { order: 'W-1', psp: 'stripe', pspReference: 'pi_1', amount: 104, settlementReference: 'po_2025_03_02' });
      const invoiced = await postInvoice(tx, { invoiceNumber: 'INV-1', order: 'W-1', amount: 104 });
      expect(invoiced.orderStatus).toBe('closed');
      expect(invoiced.invoice.status).toBe('paid');
    });
    await run(async (tx) => {
      const timeline = await orderTimeline(tx, 'W-1');
      const statuses = timeline.entries.filter((e) => e.type === 'status_changed').map((e) => e.toStatus);
      expect(statuses).toEqual(['validated', 'reserved', 'released', 'partially_shipped', 'shipped', 'invoiced', 'closed']);
      expect(timeline.entries[0]).toMatchObject({ type: 'order_captured', occurredAt: at });
      const found = await searchOrders(tx, { sku: 'BREW-KIT', status: 'closed' });
      expect(found.map((o) => o.number)).toEqual(['W-1']);
    });
  });

  it('backorders what is missing and reserves it when stock arrives', async () => {
    await run(async (tx) => {
      await createOrder(tx, orderInput('W-2', [{ sku: 'KETTLE-1L', quantity: 3, unitPrice: 59 }]));
      const order = await progressOrder(tx, 'W-2');
      expect(order.status).toBe('backordered');
      const detail = await getOrder(tx, 'W-2');
      expect(detail.lines[0]).toMatchObject({ quantityReserved: 1, quantityBackordered: 2 });
    });
  });

  it('holds a B2B order over its credit limit for review', async () => {
    await run(async (tx) => {
      await stock(tx, 'FILTER-100', 'WH-WEST', 2000);
      await createOrder(
        tx,
        orderInput('B-1', [{ sku: 'FILTER-100', quantity: 1000, unitPrice: 6 }], {
          customer: 'B2B-ACME',
          channel: 'b2b_portal',
          shippingAddress: ADDRESS,
        }),
      );
      const order = await progressOrder(tx, 'B-1');
      expect(order).toMatchObject({ status: 'on_hold', holdReason: 'CREDIT-REVIEW', heldFromStatus: 'captured' });
    });
  });
});
