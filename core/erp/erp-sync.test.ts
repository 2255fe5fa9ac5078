import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Tx } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { orderInput, seedDomainFixture } from '../domain/test-fixtures.ts';
import { createOrder } from '../orders/create-order.ts';
import { getOrder } from '../orders/get-order.ts';
import { createTestDb } from '../testing/test-db.ts';
import type { Tenant } from '../tenants/tenants.ts';
import { isRetryableErpError, mustNeverRetry } from './erp-errors.ts';
import { recordErpSyncFailure, recordErpSyncSuccess, retryErpSync } from './erp-sync.ts';

describe('ERP sync', () => {
  let db: Database;
  let tenant: Tenant;
  const run = <T>(fn: (tx: Tx) => Promise<T>) => withTenant(db, tenant.id, fn);
  const fail = (order: string, errorCode: string, message = 'rejected') =>
    run((tx) => recordErpSyncFailure(tx, { order, errorCode, message }));

  beforeAll(async () => {
    db = await createTestDb();
    tenant = await seedDomainFixture(db);
    await run(async (tx) => {
      for (const number of ['E-1', 'E-2', 'E-3', 'E-4'])
        await createOrder(tx, orderInput(number, [{ sku: 'MUG-BLK', quantity: 1, unitPrice: 12 }]));
    });
  });
  afterAll(() => db.close());

  it('classifies the middleware codes', () => {
    expect(isRetryableErpError('ERP-503')).toBe(true);
    expect(isRetryableErpError('ERP-429')).toBe(true);
    expect(isRetryableErpError('ERP-422.TAX')).toBe(false);
    expect(mustNeverRetry('ERP-409')).toBe(true);
  });

  it('refuses to retry an order whose sync has not failed', async () => {
    await expect(run((tx) => retryErpSync(tx, { order: 'E-1' }))).rejects.toMatchObject({
      code: 'precondition_failed',
      details: { erpSyncStatus: 'pending' },
    });
  });

  it('succeeds on retry after a transient error and records the attempt', async () => {
    await fail('E-1', 'ERP-503', 'timeout after 30 s');
    expect(await run((tx) => getOrder(tx, 'E-1'))).toMatchObject({ erpSyncStatus: 'failed', erpLastError: 'ERP-503' });
    const result = await run((tx) => retryErpSync(tx, { order: 'E-1' }, { actor: 'rita-rep' }));
    expect(result).toMatchObject({
      outcome: 'succeeded',
      previousError: 'ERP-503',
      attempt: { trigger: 'retry', attemptedBy: 'rita-rep' },
    });
    const order = await run((tx) => getOrder(tx, 'E-1'));
    expect(order).toMatchObject({ erpSyncStatus: 'synced', erpLastError: null, erpOrderRef: 'SO-E-1' });
    expect(order.erpSyncAttempts.map((a) => a.outcome)).toEqual(['failed', 'succeeded']);
  });

  it('fails again on retry of a validation error until the cause is fixed, then locks after three', async () => {
    await fail('E-2', 'ERP-422.TAX', 'no tax code for jurisdiction PA');
    const again = await run((tx) => retryErpSync(tx, { order: 'E-2' }));
    expect(again).toMatchObject({ outcome: 'failed', consecutiveFailures: 2, attempt: { errorCode: 'ERP-422.TAX', retryable: false } });
    await run((tx) => retryErpSync(tx, { order: 'E-2' }));
    await expect(run((tx) => retryErpSync(tx, { order: 'E-2' }))).rejects.toMatchObject({
      code: 'precondition_failed',
      details: { failures: 3 },
    });
    // The fix lands upstream; the middleware reports success and the order is synced.
    await run((tx) => recordErpSyncSuccess(tx, { order: 'E-2', erpReference: 'SO-88121' }));
    expect(await run((tx) => getOrder(tx, 'E-2'))).toMatchObject({ erpSyncStatus: 'synced', erpOrderRef: 'SO-88121' });
  });

  it('never retries a duplicate document', async () => {
    await fail('E-3', 'ERP-409', 'document with external id E-3 exists');
    await expect(run((tx) => retryErpSync(tx, { order: 'E-3' }))).rejects.toMatchObject({
      code: 'precondition_failed',
      message: expect.stringContaining('never retry'),
    });
  });

  it('validates the error code format', async () => {
    await expect(fail('E-4', 'timeout')).rejects.toMatchObject({ code: 'validation_failed', details: { issues: [{ path: 'errorCode' }] } });
  });
});
