import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Tx } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { orderInput, seedDomainFixture, stock } from '../domain/test-fixtures.ts';
import { createOrder } from '../orders/create-order.ts';
import { createTestDb } from '../testing/test-db.ts';
import type { Tenant } from '../tenants/tenants.ts';
import { adjustInventory } from './adjust-inventory.ts';
import { computeAvailableToSell } from './available-to-sell.ts';
import { computeAvailableToSellByParts } from './testing/available-to-sell-by-parts.ts';
import { setChannelAllocation, setSafetyStock } from './stock-settings.ts';

describe('available-to-sell', () => {
  let db: Database;
  let tenant: Tenant;
  const run = <T>(fn: (tx: Tx) => Promise<T>) => withTenant(db, tenant.id, fn);
  const term = (result: { terms: Array<{ term: string; quantity: number }> }, name: string) =>
    result.terms.find((t) => t.term === name)?.quantity;

  beforeAll(async () => {
    db = await createTestDb();
    tenant = await seedDomainFixture(db);
    await run(async (tx) => {
      await stock(tx, 'MUG-BLK', 'WH-EAST', 20);
      await stock(tx, 'MUG-BLK', 'WH-WEST', 6);
      await stock(tx, 'MUG-BLK', 'STORE-NYC', 9);
      await stock(tx, 'KETTLE-1L', 'WH-EAST', 3);
      await stock(tx, 'FILTER-100', 'WH-EAST', 40);
      await setSafetyStock(tx, { sku: 'MUG-BLK', location: 'WH-EAST', quantity: 4 });
      await setChannelAllocation(tx, { sku: 'MUG-BLK', location: 'WH-EAST', channel: 'amazon', quantity: 5 });
    });
  });
  afterAll(() => db.close());

  it('subtracts safety stock and other channels’ allocations, and excludes stores that do not ship', async () => {
    const web = await run((tx) => computeAvailableToSell(tx, { sku: 'MUG-BLK', channel: 'web' }));
    expect(web.ats).toBe(26 - 4 - 5);
    expect(term(web, 'available')).toBe(26);
    expect(term(web, 'safety_stock')).toBe(-4);
    expect(term(web, 'channel_allocations')).toBe(-5);
    expect(term(web, 'unreserved_demand')).toBe(0);
    expect(web.excludedLocations).toEqual([{ locationCode: 'STORE-NYC', available: 9, reason: 'does not fulfil orders' }]);
    expect(web.locations.find((l) => l.locationCode === 'WH-EAST')).toMatchObject({
      available: 20,
      heldBackForSafetyStock: 4,
      heldBackForChannels: 5,
      ats: 11,
    });
  });

  it('lets a channel sell its own allocation', async () => {
    const amazon = await run((tx) => computeAvailableToSell(tx, { sku: 'MUG-BLK', channel: 'amazon' }));
    expect(amazon.ats).toBe(26 - 4);
    expect(term(amazon, 'channel_allocations')).toBe(0);
  });

  it('reports one location without subtracting SKU-level demand', async () => {
    const west = await run((tx) => computeAvailableToSell(tx, { sku: 'MUG-BLK', location: 'WH-WEST' }));
    expect(west).toMatchObject({ ats: 6, locationCode: 'WH-WEST' });
    expect(term(west, 'unreserved_demand')).toBeUndefined();
  });

  it('derives a kit’s ATS from its scarcest component', async () => {
    const kit = await run((tx) => computeAvailableToSell(tx, { sku: 'BREW-KIT' }));
    // Kettles are the limit: 3 kettles → 3 kits (mugs: (26−9)/2 = 8, filters 40).
    expect(kit.ats).toBe(3);
    expect(kit.isKit).toBe(true);
    expect(kit.components).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ skuCode: 'KETTLE-1L', perKit: 1, componentAts: 3, kitsPossible: 3 }),
        expect.objectContaining({ skuCode: 'MUG-BLK', perKit: 2, kitsPossible: 8 }),
      ]),
    );
    expect(kit.terms[0]!.detail).toContain('limited by KETTLE-1L');
  });

  it('subtracts captured-but-unreserved demand (kit lines count against components) and goes negative when oversold', async () => {
    await run(async (tx) => {
      // Captured orders that have not been allocated yet: the marketplace sold them against a stale feed.
      await createOrder(tx, orderInput('OVER-1', [{ sku: 'KETTLE-1L', quantity: 2, unitPrice: 59 }]));
      await createOrder(tx, orderInput('OVER-2', [{ sku: 'BREW-KIT', quantity: 2, unitPrice: 75 }]));
    });
    const kettle = await run((tx) => computeAvailableToSell(tx, { sku: 'KETTLE-1L' }));
    expect(kettle.unreservedDemand).toEqual({ quantity: 4, orderLines: 2 });
    expect(kettle.ats).toBe(3 - 4);
    expect(term(kettle, 'unreserved_demand')).toBe(-4);
    const kit = await run((tx) => computeAvailableToSell(tx, { sku: 'BREW-KIT' }));
    expect(kit.ats).toBe(-1);
  });

  it('shows a cycle-count shortfall below zero instead of hiding it behind safety stock', async () => {
    await run((tx) => adjustInventory(tx, { sku: 'FILTER-100', location: 'WH-EAST', countedQuantity: 0, reasonCode: 'CC' }));
    await run((tx) => adjustInventory(tx, { sku: 'FILTER-100', location: 'WH-EAST', delta: -3, reasonCode: 'LOST' }));
    await run((tx) => setSafetyStock(tx, { sku: 'FILTER-100', location: 'WH-EAST', quantity: 10 }));
    const filters = await run((tx) => computeAvailableToSell(tx, { sku: 'FILTER-100' }));
    expect(filters.locations[0]).toMatchObject({ available: -3, heldBackForSafetyStock: 0, ats: -3 });
    expect(filters.ats).toBe(-3 - 2); // OVER-2's two kits need two filters
  });

  it('reads each SKU in one statement, with exactly what reading its parts one statement each gave', async () => {
    const ids = await run(async (tx) => (await tx.query<{ id: string; code: string }>('SELECT id, code FROM skus ORDER BY code')).rows);
    expect(ids.map((sku) => sku.code)).toEqual(['BREW-KIT', 'FILTER-100', 'KETTLE-1L', 'MUG-BLK']);
    let compared = 0;
    for (const { id, code } of ids)
      for (const sku of [code, id])
        for (const channel of [undefined, 'web', 'amazon'] as const)
          for (const location of [undefined, 'WH-EAST', 'WH-WEST', 'STORE-NYC']) {
            const query = { sku, ...(channel ? { channel } : {}), ...(location ? { location } : {}) };
            const [expected, actual] = await run(async (tx) => [
              await computeAvailableToSellByParts(tx, query),
              await computeAvailableToSell(tx, query),
            ]);
            expect(actual).toEqual(expected);
            expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
            compared += 1;
          }
    expect(compared).toBe(4 * 2 * 3 * 4);
    let statements = 0;
    await run((tx) =>
      computeAvailableToSell({ ...tx, query: (...args: Parameters<Tx['query']>) => ((statements += 1), tx.query(...args)) } as Tx, {
        sku: 'MUG-BLK',
        channel: 'web',
      }),
    );
    expect(statements).toBe(1);
  });

  it('names an unknown SKU before an unknown location, as before', async () => {
    await expect(run((tx) => computeAvailableToSell(tx, { sku: 'NOPE', location: 'NOWHERE' }))).rejects.toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('NOPE'),
    });
    await expect(run((tx) => computeAvailableToSell(tx, { sku: 'MUG-BLK', location: 'NOWHERE' }))).rejects.toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('NOWHERE'),
    });
  });
});
