import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Tx } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { orderInput, seedDomainFixture } from '../domain/test-fixtures.ts';
import { createOrder } from '../orders/create-order.ts';
import { getOrder } from '../orders/get-order.ts';
import { createTestDb } from '../testing/test-db.ts';
import type { Tenant } from '../tenants/tenants.ts';
import { issueRefund } from './issue-refund.ts';
import { authorizePayment, capturePayment, recordPspRefund } from './payments.ts';

describe('payments and refunds', () => {
  let db: Database;
  let tenant: Tenant;
  const run = <T>(fn: (tx: Tx) => Promise<T>) => withTenant(db, tenant.id, fn);

  beforeAll(async () => {
    db = await createTestDb();
    tenant = await seedDomainFixture(db);
    await run(async (tx) => {
      await createOrder(tx, orderInput('P-1', [{ sku: 'MUG-BLK', quantity: 5, unitPrice: 20 }]));
      await createOrder(tx, orderInput('P-2', [{ sku: 'MUG-BLK', quantity: 1, unitPrice: 20 }]));
      await authorizePayment(tx, { order: 'P-1', psp: 'adyen', pspReference: 'psp-1', amount: 100 });
      await capturePayment(tx, { order: 'P-1', psp: 'adyen', pspReference: 'psp-1', amount: 60, settlementReference: 'batch-0501' });
      await capturePayment(tx, { order: 'P-1', psp: 'paypal', pspReference: 'pp-1', amount: 40 });
    });
  });
  afterAll(() => db.close());

  it('records captures as reported, with their settlement reference', async () => {
    const order = await run((tx) => getOrder(tx, 'P-1'));
    expect(order.money).toMatchObject({ total: 100, authorized: 140, captured: 100, refunded: 0 });
    expect(order.payments.find((p) => p.psp === 'adyen')).toMatchObject({
      status: 'captured',
      settlementReference: 'batch-0501',
      amountAuthorized: 100,
      amountCaptured: 60,
    });
  });

  it('refunds partially, then up to what is left, across payments; never more than captured − refunded', async () => {
    const partial = await run((tx) => issueRefund(tx, { order: 'P-1', amount: 25, reason: 'damaged in transit' }, { actor: 'rita-rep' }));
    expect(partial).toMatchObject({ amount: 25, capturedTotal: 100, refundedBefore: 0, refundableAfter: 75, fullRefund: false });
    expect(partial.refunds).toEqual([expect.objectContaining({ psp: 'adyen', amount: 25, pspReference: 'RF-P-1-1' })]);
    await expect(run((tx) => issueRefund(tx, { order: 'P-1', amount: 75.01, reason: 'too much' }))).rejects.toMatchObject({
      code: 'precondition_failed',
      details: { refundable: 75, captured: 100, refunded: 25 },
    });
    const rest = await run((tx) => issueRefund(tx, { order: 'P-1', amount: 75, reason: 'order cancelled' }));
    expect(rest).toMatchObject({ refundableAfter: 0, fullRefund: true });
    expect(rest.refunds.map((r) => [r.psp, r.amount])).toEqual([
      ['adyen', 35],
      ['paypal', 40],
    ]);
    const order = await run((tx) => getOrder(tx, 'P-1'));
    expect(order.payments.map((p) => p.status)).toEqual(['refunded', 'refunded']);
    await expect(run((tx) => issueRefund(tx, { order: 'P-1', amount: 1, reason: 'again' }))).rejects.toMatchObject({
      code: 'precondition_failed',
    });
  });

  it('refuses a refund on an order with nothing captured, and validates the amount', async () => {
    await expect(run((tx) => issueRefund(tx, { order: 'P-2', amount: 5, reason: 'goodwill' }))).rejects.toMatchObject({
      code: 'precondition_failed',
      details: { refundable: 0 },
    });
    await expect(run((tx) => issueRefund(tx, { order: 'P-2', amount: 0, reason: 'zero' }))).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });

  it('does not apply a PSP refund notification twice for a refund we issued', async () => {
    const echo = await run((tx) =>
      recordPspRefund(tx, { order: 'P-1', psp: 'adyen', pspReference: 'psp-1', refundReference: 'RF-P-1-1', amount: 25 }),
    );
    expect(echo.applied).toBe(false);
    await run(async (tx) => {
      await capturePayment(tx, { order: 'P-2', psp: 'stripe', pspReference: 'pi_2', amount: 20 });
      const external = await recordPspRefund(tx, {
        order: 'P-2',
        psp: 'stripe',
        pspReference: 'pi_2',
        refundReference: 're_99',
        amount: 20,
        reason: 'chargeback',
      });
      expect(external).toMatchObject({ applied: true, payment: { status: 'refunded', amountRefunded: 20 } });
    });
  });
});
