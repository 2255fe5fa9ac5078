import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { listOutboxMessages } from '../outbox/index.ts';
import { createTestDb } from '../testing/test-db.ts';
import { detectExceptions } from './detect-exceptions.ts';
import { resolveException } from './set-exception-status.ts';
import { fixtureTenant, insertOrder, insertSku, type FixtureTenant } from './testing/exception-fixtures.ts';

describe('exception changes reach the outbox', () => {
  let db: Database;
  let tenant: FixtureTenant;
  beforeAll(async () => {
    db = await createTestDb();
    tenant = await fixtureTenant(db);
  });
  afterAll(async () => db?.close());

  it('detection sends exception.opened and a resolution exception.resolved, keyed by the order', async () => {
    await tenant.run(async (tx) => {
      const sku = await insertSku(tx, 'VALVE');
      await insertOrder(tx, {
        number: '81001',
        status: 'released',
        erpSyncStatus: 'failed',
        erpLastError: 'ERP-503',
        lines: [{ skuId: sku, quantity: 1, reserved: 1 }],
      });
    });
    const [id] = (await tenant.run((tx) => detectExceptions(tx, { tenantId: tenant.tenantId }))).raised;
    await tenant.run((tx) => resolveException(tx, id!, { actor: 'pat', note: 'ERP back', code: 'RES-ACTION' }));
    const messages = (await tenant.run((tx) => listOutboxMessages(tx))).filter((message) => message.payload.exceptionId === id).reverse();
    expect(messages.map((message) => message.type)).toEqual(['exception.opened', 'exception.resolved']);
    expect(messages[0]).toMatchObject({
      orderingKey: 'order:81001',
      payload: { type: 'erp_sync_failed', status: 'open', reopened: false, codes: { orderNumber: '81001' } },
    });
    expect(messages[1]).toMatchObject({ payload: { status: 'resolved', how: 'human', code: 'RES-ACTION', note: 'ERP back' } });
  });
});
