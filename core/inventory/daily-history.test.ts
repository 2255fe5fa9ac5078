import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Tx } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { seedDomainFixture, stock } from '../domain/test-fixtures.ts';
import { createTestDb } from '../testing/test-db.ts';
import type { Tenant } from '../tenants/tenants.ts';
import { adjustInventory } from './adjust-inventory.ts';
import { importDailyHistory, readDailyHistory, rollUpDailyHistory } from './daily-history.ts';

describe('daily demand and stock history', () => {
  let db: Database;
  let tenant: Tenant;
  let ids: { sku: string; location: string };
  const run = <T>(fn: (tx: Tx) => Promise<T>) => withTenant(db, tenant.id, fn);

  beforeAll(async () => {
    db = await createTestDb();
    tenant = await seedDomainFixture(db);
    ids = await run(async (tx) => ({
      sku: (await tx.query<{ id: string }>(`SELECT id FROM skus WHERE code = 'MUG-BLK'`)).rows[0]!.id,
      location: (await tx.query<{ id: string }>(`SELECT id FROM locations WHERE code = 'WH-EAST'`)).rows[0]!.id,
    }));
  });
  afterAll(() => db.close());

  it('imports rows set-based and reads one dense series per SKU × location from its first to its last row, carrying stock over gaps', async () => {
    const base = { skuId: ids.sku, locationId: ids.location };
    await run((tx) =>
      importDailyHistory(tx, [
        { ...base, day: '2026-03-01', demand: 4, filled: 4, onHand: 10, onOrder: 20, nextReceiptOn: '2026-03-05' },
        { ...base, day: '2026-03-03', demand: 6, filled: 5, onHand: 0, onOrder: 20, nextReceiptOn: '2026-03-05' },
      ]),
    );
    const [series] = await run((tx) => readDailyHistory(tx, { from: '2026-02-27', to: '2026-03-04' }));
    expect(series).toMatchObject({
      skuCode: 'MUG-BLK',
      locationCode: 'WH-EAST',
      firstDay: '2026-03-01',
      demand: [4, 0, 6],
      filled: [4, 0, 5],
      onHand: [10, 10, 0],
      nextReceiptOffset: [4, 4, 4],
    });
  });

  it('rejects rows that cannot be true, naming the field', async () => {
    await expect(
      run((tx) =>
        importDailyHistory(tx, [{ skuId: ids.sku, locationId: ids.location, day: '2026-03-01', demand: 2, filled: 3, onHand: 0 }]),
      ),
    ).rejects.toMatchObject({ code: 'validation_failed', message: expect.stringContaining('filled') });
    await expect(run((tx) => readDailyHistory(tx, { from: '2026-03-05', to: '2026-03-01' }))).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });

  it('rolls the movement ledger up into closing stock per day', async () => {
    await run((tx) => stock(tx, 'MUG-BLK', 'WH-EAST', 20));
    await run((tx) => adjustInventory(tx, { sku: 'MUG-BLK', location: 'WH-EAST', delta: -3, reasonCode: 'DMG' }));
    const today = new Date().toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect(await run((tx) => rollUpDailyHistory(tx, { from: yesterday, to: today }))).toBeGreaterThan(0);
    const rows = await run((tx) =>
      tx.query<{ day: string; on_hand: number; source: string }>(
        `SELECT day::text, on_hand, source FROM inventory_daily_history h JOIN skus s ON s.id = h.sku_id
          WHERE s.code = 'MUG-BLK' AND day >= $1::date ORDER BY day`,
        [yesterday],
      ),
    );
    const balance = await run((tx) =>
      tx.query<{ quantity: number }>(
        `SELECT sum(quantity)::int AS quantity FROM inventory_balances b JOIN skus s ON s.id = b.sku_id
          WHERE s.code = 'MUG-BLK' AND status IN ('available', 'allocated')`,
      ),
    );
    expect(rows.rows.at(-1)).toMatchObject({ source: 'ledger', on_hand: balance.rows[0]!.quantity });
  });

  it('takes a negative adjustment (a count below book) into closing stock, even below zero, never into demand', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const onHand = async () =>
      (
        await run((tx) =>
          tx.query<{ available: number; total: number }>(
            `SELECT coalesce(sum(quantity) FILTER (WHERE status = 'available'), 0)::int AS available,
                    coalesce(sum(quantity) FILTER (WHERE status IN ('available', 'allocated')), 0)::int AS total
               FROM inventory_balances b JOIN skus s ON s.id = b.sku_id JOIN locations l ON l.id = b.location_id
              WHERE s.code = 'MUG-BLK' AND l.code = 'WH-EAST'`,
          ),
        )
      ).rows[0]!;
    const before = await onHand();
    // The count finds 4 fewer units than even the available book says exist: available goes to −4.
    await run((tx) => adjustInventory(tx, { sku: 'MUG-BLK', location: 'WH-EAST', delta: -(before.available + 4), reasonCode: 'CC' }));
    const after = await onHand();
    expect(after.available).toBe(-4);
    await run((tx) => rollUpDailyHistory(tx, { from: today, to: today }));
    const row = (
      await run((tx) =>
        tx.query<{ demand: number; filled: number; on_hand: number }>(
          `SELECT demand, filled, on_hand FROM inventory_daily_history h JOIN skus s ON s.id = h.sku_id JOIN locations l ON l.id = h.location_id
            WHERE s.code = 'MUG-BLK' AND l.code = 'WH-EAST' AND day = $1::date`,
          [today],
        ),
      )
    ).rows[0]!;
    expect(row).toEqual({ demand: 0, filled: 0, on_hand: after.total });
    const [series] = await run((tx) => readDailyHistory(tx, { from: today, to: today, skuIds: [ids.sku], locationIds: [ids.location] }));
    expect(series!.onHand.at(-1)).toBe(after.total);
    expect(series!.demand.every((value) => value >= 0)).toBe(true);
  });
});
