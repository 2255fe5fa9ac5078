import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Tx } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { seedDomainFixture, stock } from '../domain/test-fixtures.ts';
import { createPurchaseOrder } from '../purchasing/create-purchase-order.ts';
import { createTestDb } from '../testing/test-db.ts';
import type { Tenant } from '../tenants/tenants.ts';
import { adjustInventory } from './adjust-inventory.ts';
import { getInventory } from './get-inventory.ts';
import { receiveInventory } from './receive-inventory.ts';

describe('inventory adjustments, receipts and purchase orders', () => {
  let db: Database;
  let tenant: Tenant;
  const run = <T>(fn: (tx: Tx) => Promise<T>) => withTenant(db, tenant.id, fn);

  beforeAll(async () => {
    db = await createTestDb();
    tenant = await seedDomainFixture(db);
    await run((tx) => stock(tx, 'MUG-BLK', 'WH-EAST', 20));
  });
  afterAll(() => db.close());

  it('corrects a cycle count, with value change and a ledger entry', async () => {
    const result = await run((tx) =>
      adjustInventory(
        tx,
        { sku: 'MUG-BLK', location: 'WH-EAST', countedQuantity: 17, reasonCode: 'CC', reference: 'COUNT-7781' },
        { actor: 'rita-rep' },
      ),
    );
    expect(result).toMatchObject({ before: 20, after: 17, delta: -3, valueChange: -12 });
    const view = await run((tx) => getInventory(tx, { sku: 'MUG-BLK' }));
    expect(view.recentAdjustments[0]).toMatchObject({ locationCode: 'WH-EAST', delta: -3, reasonCode: 'CC', actor: 'rita-rep' });
    expect(view.balances[0]).toMatchObject({ locationCode: 'WH-EAST', available: 17 });
  });

  it('moves damaged stock to the damaged status', async () => {
    await run((tx) => adjustInventory(tx, { sku: 'MUG-BLK', location: 'WH-EAST', delta: -2, reasonCode: 'DMG', note: 'forklift' }));
    expect((await run((tx) => getInventory(tx, { sku: 'MUG-BLK' }))).balances[0]).toMatchObject({ available: 15, damaged: 2 });
  });

  it('enforces the reason code direction, refuses kits, and requires exactly one of delta or count', async () => {
    await expect(
      run((tx) => adjustInventory(tx, { sku: 'MUG-BLK', location: 'WH-EAST', delta: 4, reasonCode: 'LOST' })),
    ).rejects.toMatchObject({ code: 'precondition_failed' });
    await expect(
      run((tx) => adjustInventory(tx, { sku: 'MUG-BLK', location: 'WH-EAST', delta: -4, reasonCode: 'FOUND' })),
    ).rejects.toMatchObject({ code: 'precondition_failed' });
    await expect(
      run((tx) => adjustInventory(tx, { sku: 'BREW-KIT', location: 'WH-EAST', delta: 1, reasonCode: 'FOUND' })),
    ).rejects.toMatchObject({ code: 'precondition_failed' });
    await expect(
      run((tx) => adjustInventory(tx, { sku: 'MUG-BLK', location: 'WH-EAST', delta: 1, countedQuantity: 3, reasonCode: 'CC' })),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(
      run((tx) => adjustInventory(tx, { sku: 'MUG-BLK', location: 'WH-EAST', delta: 1, reasonCode: 'OTHER' as 'CC' })),
    ).rejects.toMatchObject({ code: 'validation_failed', details: { issues: [{ path: 'reasonCode' }] } });
    await expect(
      run((tx) => adjustInventory(tx, { sku: 'MUG-BLK', location: 'WH-EAST', status: 'damaged', delta: -5, reasonCode: 'SCRAP' })),
    ).rejects.toMatchObject({ code: 'precondition_failed' });
  });

  it('creates a purchase order and receives against it', async () => {
    const at = new Date('2025-05-01T00:00:00Z');
    const po = await run((tx) =>
      createPurchaseOrder(
        tx,
        {
          supplier: 'Nordic Enamel AB',
          location: 'WH-EAST',
          lines: [{ sku: 'MUG-BLK', quantity: 100 }],
          expectedAt: '2025-05-20',
          reason: 'below reorder point',
        },
        { at },
      ),
    );
    expect(po).toMatchObject({
      poNumber: 'PO-20250501-001',
      status: 'submitted',
      totalValue: 400,
      lines: [{ skuCode: 'MUG-BLK', quantity: 100, unitCost: 4 }],
    });
    await expect(
      run((tx) => createPurchaseOrder(tx, { supplier: 'X', location: 'WH-EAST', lines: [{ sku: 'BREW-KIT', quantity: 1 }] }, { at })),
    ).rejects.toMatchObject({ code: 'precondition_failed' });
    const view = await run((tx) => getInventory(tx, { sku: 'MUG-BLK' }));
    expect(view.inboundPurchaseOrders).toEqual([expect.objectContaining({ poNumber: po.poNumber, open: 100 })]);
    const partial = await run((tx) =>
      receiveInventory(tx, { sku: 'MUG-BLK', location: 'WH-EAST', quantity: 60, purchaseOrder: po.poNumber }),
    );
    expect(partial.purchaseOrder).toEqual({ number: po.poNumber, status: 'partially_received' });
    const rest = await run((tx) => receiveInventory(tx, { sku: 'MUG-BLK', location: 'WH-EAST', quantity: 40, purchaseOrder: po.poNumber }));
    expect(rest.purchaseOrder!.status).toBe('received');
    await expect(
      run((tx) => receiveInventory(tx, { sku: 'MUG-BLK', location: 'WH-EAST', quantity: 1, purchaseOrder: 'PO-NOPE' })),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});
