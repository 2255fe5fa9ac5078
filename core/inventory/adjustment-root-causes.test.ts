import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { fixtureTenant, insertLocation, insertSku, setBalance, type FixtureTenant } from '../exceptions/testing/exception-fixtures.ts';
import { createTestDb } from '../testing/test-db.ts';
import { adjustInventory } from './adjust-inventory.ts';
import { adjustmentRootCauses } from './adjustment-root-causes.ts';

let db: Database;
let tenant: FixtureTenant;
const start = new Date();

beforeAll(async () => {
  db = await createTestDb();
  tenant = await fixtureTenant(db, 'adjustment-causes');
  await tenant.run(async (tx) => {
    const location = await insertLocation(tx, 'DC');
    const a = await insertSku(tx, 'A');
    await insertSku(tx, 'B');
    await setBalance(tx, a, location, 'available', 50);
    // Through the product's own path: two count corrections (−3, +2), one damage (−4), one loss (−1).
    await adjustInventory(tx, { sku: 'A', location: 'DC', delta: -3, reasonCode: 'CC' });
    await adjustInventory(tx, { sku: 'A', location: 'DC', delta: 2, reasonCode: 'CC' });
    await adjustInventory(tx, { sku: 'A', location: 'DC', delta: -4, reasonCode: 'DMG' });
    await adjustInventory(tx, { sku: 'B', location: 'DC', delta: -1, reasonCode: 'LOST' });
  });
}, 60_000);

afterAll(async () => {
  await db?.close();
});

describe('adjustment root causes', () => {
  it('groups adjustments by reason code with units in and out, share and frequency per SKU per week', async () => {
    const window = { from: new Date(start.getTime() - 3_600_000), to: new Date(start.getTime() + 7 * 86_400_000 - 3_600_000) };
    const causes = await tenant.run((tx) => adjustmentRootCauses(tx, window));
    expect(causes).toEqual([
      { reasonCode: 'CC', adjustments: 2, share: 0.5, perSkuPerWeek: 1, unitsAdded: 2, unitsRemoved: 3, skus: 1 },
      { reasonCode: 'DMG', adjustments: 1, share: 0.25, perSkuPerWeek: 0.5, unitsAdded: 0, unitsRemoved: 4, skus: 1 },
      { reasonCode: 'LOST', adjustments: 1, share: 0.25, perSkuPerWeek: 0.5, unitsAdded: 0, unitsRemoved: 1, skus: 1 },
    ]);
  });

  it('is empty for a window without adjustments', async () => {
    const causes = await tenant.run((tx) =>
      adjustmentRootCauses(tx, { from: new Date('2020-01-01T00:00:00Z'), to: new Date('2020-01-08T00:00:00Z') }),
    );
    expect(causes).toEqual([]);
  });
});
