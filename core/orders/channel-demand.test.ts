import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { fixtureTenant, insertOrder, insertSku, type FixtureTenant } from '../exceptions/testing/exception-fixtures.ts';
import { createTestDb } from '../testing/test-db.ts';
import { readChannelDemand } from './channel-demand.ts';

const at = (value: string): Date => new Date(`2025-03-${value}Z`);
const window = { from: at('01T00:00:00'), to: at('08T00:00:00') };
let db: Database;
let tenant: FixtureTenant;
let other: FixtureTenant;
const ids: Record<string, string> = {};

beforeAll(async () => {
  db = await createTestDb();
  tenant = await fixtureTenant(db, 'channel-demand');
  other = await fixtureTenant(db, 'channel-demand-other');
  await tenant.run(async (tx) => {
    ids.mug = await insertSku(tx, 'MUG');
    ids.tee = await insertSku(tx, 'TEE');
    ids.kit = await insertSku(tx, 'KIT', { components: [{ skuId: ids.mug, quantity: 2 }] });
    // Web: 3 mugs (1 of 4 cancelled), 2 tees. Amazon: a kit of 2 mugs × 3 = 6 mugs.
    await insertOrder(tx, {
      number: 'W1',
      channel: 'web',
      placedAt: at('02T09:00:00'),
      lines: [{ skuId: ids.mug, quantity: 4, cancelled: 1 }],
    });
    await insertOrder(tx, { number: 'W2', channel: 'web', placedAt: at('03T09:00:00'), lines: [{ skuId: ids.tee, quantity: 2 }] });
    await insertOrder(tx, { number: 'A1', channel: 'amazon', placedAt: at('04T09:00:00'), lines: [{ skuId: ids.kit, quantity: 3 }] });
    // Not counted: a cancelled order, an order outside the window, a line wholly cancelled.
    await insertOrder(tx, {
      number: 'A2',
      channel: 'amazon',
      status: 'cancelled',
      placedAt: at('04T10:00:00'),
      lines: [{ skuId: ids.mug, quantity: 9 }],
    });
    await insertOrder(tx, { number: 'A3', channel: 'amazon', placedAt: at('09T10:00:00'), lines: [{ skuId: ids.mug, quantity: 9 }] });
    await insertOrder(tx, {
      number: 'B1',
      channel: 'b2b',
      placedAt: at('05T10:00:00'),
      lines: [{ skuId: ids.tee, quantity: 5, cancelled: 5 }],
    });
  });
  await other.run(async (tx) => {
    const mug = await insertSku(tx, 'MUG');
    await insertOrder(tx, { number: 'X1', channel: 'web', placedAt: at('02T09:00:00'), lines: [{ skuId: mug, quantity: 50 }] });
  });
});

afterAll(async () => {
  await db?.close();
});

describe('readChannelDemand', () => {
  it('sums units ordered per SKU × channel in the window, kits as their components, without cancelled units or orders', async () => {
    const rows = await tenant.run((tx) => readChannelDemand(tx, window));
    const named = rows.map((row) => ({ ...row, skuId: Object.keys(ids).find((key) => ids[key] === row.skuId) }));
    expect(named).toHaveLength(3);
    expect(named).toEqual(
      expect.arrayContaining([
        { skuId: 'mug', channel: 'web', units: 3 },
        { skuId: 'mug', channel: 'amazon', units: 6 },
        { skuId: 'tee', channel: 'web', units: 2 },
      ]),
    );
  });

  it('sees only the tenant’s own orders, and rejects a window that ends before it starts', async () => {
    const rows = await other.run((tx) => readChannelDemand(tx, window));
    expect(rows).toEqual([expect.objectContaining({ channel: 'web', units: 50 })]);
    await expect(tenant.run((tx) => readChannelDemand(tx, { from: window.to, to: window.from }))).rejects.toThrow(/from must be before to/);
  });
});
