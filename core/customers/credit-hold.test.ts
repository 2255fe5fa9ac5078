import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Tx } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { orderInput, seedDomainFixture, stock } from '../domain/test-fixtures.ts';
import { createOrder } from '../orders/create-order.ts';
import { getOrder } from '../orders/get-order.ts';
import { progressOrder } from '../orders/progress-order.ts';
import { createTestDb } from '../testing/test-db.ts';
import type { Tenant } from '../tenants/tenants.ts';
import { applyCreditHold, releaseCreditHold } from './credit-hold.ts';
import { getCustomer } from './get-customer.ts';

describe('credit holds and exposure', () => {
  let db: Database;
  let tenant: Tenant;
  const run = <T>(fn: (tx: Tx) => Promise<T>) => withTenant(db, tenant.id, fn);
  const b2b = (number: string, quantity: number) =>
    run(async (tx) => {
      await createOrder(
        tx,
        orderInput(number, [{ sku: 'FILTER-100', quantity, unitPrice: 6 }], { customer: 'B2B-ACME', channel: 'b2b_portal' }),
      );
      return progressOrder(tx, number);
    });

  beforeAll(async () => {
    db = await createTestDb();
    tenant = await seedDomainFixture(db);
    await run((tx) => stock(tx, 'FILTER-100', 'WH-EAST', 5000));
  });
  afterAll(() => db.close());

  it('releases orders on account terms without payment and reports exposure against the limit', async () => {
    expect((await b2b('CR-1', 100)).status).toBe('released');
    const customer = await run((tx) => getCustomer(tx, 'B2B-ACME'));
    expect(customer).toMatchObject({
      paymentTerms: 'net_30',
      creditLimit: 5000,
      creditAvailable: 4400,
      creditUtilizationPercent: 12,
      creditStatus: 'ok',
    });
    expect(customer.exposure).toMatchObject({ openOrderValue: 600, openOrderCount: 1, unpaidInvoiceValue: 0 });
  });

  it('holds every unshipped order of an account on credit hold, and lifts them on release', async () => {
    const held = await run((tx) =>
      applyCreditHold(tx, { customer: 'B2B-ACME', reason: 'invoice 60 days past due' }, { actor: 'credit-control' }),
    );
    expect(held.customer).toMatchObject({
      creditStatus: 'on_hold',
      creditHoldReason: 'invoice 60 days past due',
      creditHoldBy: 'credit-control',
    });
    expect(held.orders).toEqual(['CR-1']);
    expect(await run((tx) => getOrder(tx, 'CR-1'))).toMatchObject({ status: 'on_hold', holdReason: 'CREDIT-HOLD' });
    // New orders of a held account stop at validation.
    expect(await b2b('CR-2', 10)).toMatchObject({ status: 'on_hold', holdReason: 'CREDIT-HOLD', heldFromStatus: 'captured' });
    await expect(run((tx) => applyCreditHold(tx, { customer: 'B2B-ACME', reason: 'again' }))).rejects.toMatchObject({
      code: 'precondition_failed',
    });

    const released = await run((tx) => releaseCreditHold(tx, { customer: 'B2B-ACME', note: 'payment applied' }));
    expect(released.orders.sort()).toEqual(['CR-1', 'CR-2']);
    expect((await run((tx) => getOrder(tx, 'CR-1'))).status).toBe('released');
    expect((await run((tx) => getOrder(tx, 'CR-2'))).status).toBe('released');
    await expect(run((tx) => releaseCreditHold(tx, { customer: 'B2B-ACME', note: 'x' }))).rejects.toMatchObject({
      code: 'precondition_failed',
    });
  });

  it('puts a single order that would breach the limit on CREDIT-REVIEW, and does not re-impose it once released', async () => {
    const order = await b2b('CR-3', 800);
    expect(order).toMatchObject({ status: 'on_hold', holdReason: 'CREDIT-REVIEW' });
    const customer = await run((tx) => getCustomer(tx, 'B2B-ACME'));
    expect(customer.creditAvailable).toBeLessThan(0);
    const { releaseOrderHold } = await import('../orders/order-hold-operations.ts');
    const after = await run((tx) =>
      releaseOrderHold(tx, { order: 'CR-3', reasonCode: 'CREDIT-REVIEW', note: 'approved over-limit by finance' }),
    );
    expect(after.order.status).toBe('released');
  });
});
