import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireLocation } from '../catalog/locations.ts';
import { requireSku } from '../catalog/skus.ts';
import type { Database, Tx } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { seedDomainFixture } from '../domain/test-fixtures.ts';
import { createTestDb } from '../testing/test-db.ts';
import type { Tenant } from '../tenants/tenants.ts';
import { adjustmentRootCauses } from './adjustment-root-causes.ts';
import { readDailyHistory, rollUpDailyHistory } from './daily-history.ts';
import { receiveInventory } from './receive-inventory.ts';
import { setChannelAllocation, setSafetyStock } from './stock-settings.ts';
import { readStockPositions } from './stock-positions.ts';
import { transferStock } from './transfer-stock.ts';

describe('stock transfers', () => {
  let db: Database;
  let tenant: Tenant;
  const run = <T>(fn: (tx: Tx) => Promise<T>) => withTenant(db, tenant.id, fn);
  const day1 = new Date('2026-04-01T10:00:00Z');
  const day2 = new Date('2026-04-02T10:00:00Z');
  const day3 = new Date('2026-04-03T10:00:00Z');

  beforeAll(async () => {
    db = await createTestDb();
    tenant = await seedDomainFixture(db);
    await run(async (tx) => {
      const before = { actor: 'wms', at: new Date('2026-03-31T10:00:00Z') };
      await receiveInventory(tx, { sku: 'FILTER-100', location: 'WH-WEST', quantity: 50 }, before);
      await receiveInventory(tx, { sku: 'FILTER-100', location: 'WH-EAST', quantity: 5 }, before);
    });
  });
  afterAll(() => db.close());

  it('takes units from the source at once, holds them in transit at the destination, and never counts them as adjustments or demand', async () => {
    const transfer = await run((tx) =>
      transferStock(
        tx,
        { sku: 'FILTER-100', fromLocation: 'WH-WEST', toLocation: 'WH-EAST', quantity: 20, reference: 'TRF-1' },
        { actor: 'planner', at: day2 },
      ),
    );
    expect(transfer).toMatchObject({
      reference: 'TRF-1',
      availableAtSourceAfter: 30,
      inTransitAtDestinationAfter: 20,
      transferableAtSource: 50,
    });
    const positions = await run((tx) => readStockPositions(tx));
    const at = (code: string) => positions.find((row) => row.skuCode === 'FILTER-100' && row.locationCode === code);
    expect(at('WH-WEST')).toMatchObject({ available: 30, inTransit: 0 });
    expect(at('WH-EAST')).toMatchObject({ available: 5, inTransit: 20 });
    await run((tx) =>
      receiveInventory(tx, { sku: 'FILTER-100', location: 'WH-EAST', quantity: 20, fromInTransit: true }, { actor: 'wms', at: day3 }),
    );
    expect(await run((tx) => adjustmentRootCauses(tx, { from: day1, to: new Date(day3.getTime() + 86_400_000) }))).toEqual([]);
    await run((tx) => rollUpDailyHistory(tx, { from: '2026-04-01', to: '2026-04-03' }));
    const series = await run((tx) => readDailyHistory(tx, { from: '2026-04-01', to: '2026-04-03' }));
    const of = (code: string) => series.find((row) => row.skuCode === 'FILTER-100' && row.locationCode === code)!;
    // The source's on-hand drops on the transfer day; the destination's rises on the receipt day; demand stays 0.
    expect(of('WH-WEST')).toMatchObject({ demand: [0, 0, 0], onHand: [50, 30, 30] });
    expect(of('WH-EAST')).toMatchObject({ demand: [0, 0, 0], onHand: [5, 5, 25] });
  });

  it("refuses to go below the source's safety stock and channel ring-fences, naming what it can give", async () => {
    await run(async (tx) => {
      await setSafetyStock(tx, { sku: 'FILTER-100', location: 'WH-WEST', quantity: 10 });
      await setChannelAllocation(tx, { sku: 'FILTER-100', location: 'WH-WEST', channel: 'amazon', quantity: 15 });
    });
    await expect(
      run((tx) => transferStock(tx, { sku: 'FILTER-100', fromLocation: 'WH-WEST', toLocation: 'WH-EAST', quantity: 6 })),
    ).rejects.toMatchObject({ code: 'precondition_failed', message: expect.stringMatching(/WH-WEST can give at most 5/) });
    await expect(
      run((tx) => transferStock(tx, { sku: 'FILTER-100', fromLocation: 'WH-WEST', toLocation: 'WH-WEST', quantity: 1 })),
    ).rejects.toMatchObject({ code: 'precondition_failed' });
    await expect(
      run((tx) => transferStock(tx, { sku: 'FILTER-100', fromLocation: 'WH-WEST', toLocation: 'WH-EAST', quantity: 0 })),
    ).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it("sees only the tenant's own stock: another tenant with the same codes has nothing to give", async () => {
    const other = await seedDomainFixture(db, 'other-transfer');
    await expect(
      withTenant(db, other.id, async (tx) => {
        const sku = await requireSku(tx, 'FILTER-100');
        const location = await requireLocation(tx, 'WH-WEST');
        return transferStock(tx, { sku: sku.code, fromLocation: location.code, toLocation: 'WH-EAST', quantity: 1 });
      }),
    ).rejects.toMatchObject({ code: 'precondition_failed', message: expect.stringMatching(/can give at most 0/) });
  });
});
