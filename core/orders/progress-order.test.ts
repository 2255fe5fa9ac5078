import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertCustomer } from '../customers/customers.ts';
import { PAST_DUE_HOLD_DAYS } from '../customers/credit-exposure.ts';
import type { Database } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { ADDRESS, orderInput, seedDomainFixture, stock } from '../domain/test-fixtures.ts';
import { postInvoice } from '../invoices/invoices.ts';
import { createShipment } from '../shipments/create-shipment.ts';
import { createTestDb } from '../testing/test-db.ts';
import type { Tenant } from '../tenants/tenants.ts';
import { createOrder } from './create-order.ts';
import { releaseOrderHold } from './order-hold-operations.ts';
import { progressOrder } from './progress-order.ts';

const DAY = 86_400_000;

describe('progressOrder: credit validation of an account on terms', () => {
  let db: Database;
  let tenant: Tenant;
  const now = new Date('2026-03-02T09:00:00Z');
  const run = <T>(fn: Parameters<typeof withTenant<T>>[2]) => withTenant(db, tenant.id, fn);

  /** An account on net-30 terms, well inside its limit, with one unpaid invoice due `daysAgo` days before now. */
  async function accountWithUnpaidInvoice(code: string, daysAgo: number): Promise<void> {
    await run(async (tx) => {
      await upsertCustomer(tx, { code, name: `${code} Ltd`, kind: 'business', paymentTerms: 'net_30', creditLimit: 50_000 });
      await createOrder(
        tx,
        orderInput(`${code}-OLD`, [{ sku: 'MUG-BLK', quantity: 1, unitPrice: 12 }], { customer: code, channel: 'b2b_portal' }),
        {
          at: new Date(now.getTime() - (daysAgo + 30) * DAY),
        },
      );
      const shippedAt = { at: new Date(now.getTime() - (daysAgo + 30) * DAY) };
      await progressOrder(tx, `${code}-OLD`, shippedAt);
      await createShipment(
        tx,
        { shipmentId: `SH-${code}`, order: `${code}-OLD`, location: 'WH-EAST', carrier: 'UPS', lines: [{ sku: 'MUG-BLK', quantity: 1 }] },
        shippedAt,
      );
      await postInvoice(
        tx,
        { invoiceNumber: `INV-${code}`, order: `${code}-OLD`, amount: 12, dueAt: new Date(now.getTime() - daysAgo * DAY) },
        { at: new Date(now.getTime() - (daysAgo + 30) * DAY) },
      );
    });
  }

  async function placeInStockOrder(code: string) {
    return run(async (tx) => {
      await createOrder(
        tx,
        orderInput(`${code}-NEW`, [{ sku: 'FILTER-100', quantity: 2, unitPrice: 6 }], {
          customer: code,
          channel: 'b2b_portal',
          shippingAddress: ADDRESS,
        }),
        { at: now },
      );
      return progressOrder(tx, `${code}-NEW`, { at: now });
    });
  }

  beforeAll(async () => {
    db = await createTestDb();
    tenant = await seedDomainFixture(db);
    await run(async (tx) => {
      await stock(tx, 'FILTER-100', 'WH-EAST', 100);
      await stock(tx, 'MUG-BLK', 'WH-EAST', 100);
    });
  });
  afterAll(() => db.close());

  it(`holds a new order for credit review when an invoice is more than ${PAST_DUE_HOLD_DAYS} days past due, though the account is within its limit`, async () => {
    await accountWithUnpaidInvoice('B2B-LATE', PAST_DUE_HOLD_DAYS + 12);
    const order = await placeInStockOrder('B2B-LATE');
    expect(order).toMatchObject({ status: 'on_hold', holdReason: 'CREDIT-REVIEW', heldFromStatus: 'captured' });
  });

  it('releases the order of an account whose unpaid invoice is overdue by less than the threshold', async () => {
    await accountWithUnpaidInvoice('B2B-SLOW', PAST_DUE_HOLD_DAYS - 10);
    const order = await placeInStockOrder('B2B-SLOW');
    expect(order.status).toBe('released');
  });

  it('does not re-impose the review once a person released it', async () => {
    await run(async (tx) => {
      const released = await releaseOrderHold(
        tx,
        { order: 'B2B-LATE-NEW', reasonCode: 'CREDIT-REVIEW', note: 'paid by wire, confirmed by finance' },
        { at: now },
      );
      expect(released.order.status).toBe('released');
      expect((await progressOrder(tx, 'B2B-LATE-NEW', { at: now })).status).toBe('released');
    });
  });
});
