import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { fixtureTenant, insertOrder, insertPayment, type FixtureTenant } from '../exceptions/testing/exception-fixtures.ts';
import { createTestDb } from '../testing/test-db.ts';
import { settlementReconciliationTime } from './settlement-reconciliation.ts';

const at = (value: string): Date => new Date(`2025-03-${value}Z`);
let db: Database;
let tenant: FixtureTenant;

beforeAll(async () => {
  db = await createTestDb();
  tenant = await fixtureTenant(db, 'settlements');
  await tenant.run(async (tx) => {
    const settle = async (number: string, settledAt: string, syncs: Array<[string, 'succeeded' | 'failed']>) => {
      const order = await insertOrder(tx, { number, placedAt: at('01T00:00:00') });
      const payment = await insertPayment(tx, order.id, { reference: `P-${number}`, captured: 10 });
      await tx.query(`UPDATE payments SET settled_at = $2 WHERE id = $1`, [payment, at(settledAt)]);
      for (const [when, outcome] of syncs)
        await tx.query(
          `INSERT INTO erp_sync_attempts (tenant_id, order_id, outcome, attempted_at) VALUES (copilot_tenant_id(), $1, $2, $3)`,
          [order.id, outcome, at(when)],
        );
    };
    // 6 h: a failed sync first, then a successful one.
    await settle('1', '02T00:00:00', [
      ['02T02:00:00', 'failed'],
      ['02T06:00:00', 'succeeded'],
    ]);
    // 18 h; the sync before settlement does not count.
    await settle('2', '03T00:00:00', [
      ['02T12:00:00', 'succeeded'],
      ['03T18:00:00', 'succeeded'],
    ]);
    // Settled, never synced since.
    await settle('3', '04T00:00:00', [['04T01:00:00', 'failed']]);
    // Settled outside the window.
    await settle('4', '20T00:00:00', [['20T01:00:00', 'succeeded']]);
  });
}, 60_000);

afterAll(async () => {
  await db?.close();
});

describe('settlement to ERP reconciliation', () => {
  it('times settlement to the first successful ERP sync after it, and counts the unreconciled', async () => {
    const stat = await tenant.run((tx) => settlementReconciliationTime(tx, { from: at('01T00:00:00'), to: at('08T00:00:00') }));
    expect(stat).toEqual({ settled: 3, reconciled: 2, averageHours: 12, p90Hours: 16.8, unreconciled: 1 });
  });

  it('does not count a sync after the window end', async () => {
    const stat = await tenant.run((tx) => settlementReconciliationTime(tx, { from: at('01T00:00:00'), to: at('03T12:00:00') }));
    expect(stat).toEqual({ settled: 2, reconciled: 1, averageHours: 6, p90Hours: 6, unreconciled: 1 });
  });
});
