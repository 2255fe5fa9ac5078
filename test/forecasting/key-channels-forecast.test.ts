/**
 * The forecast run reads the channel mix of a SKU's recent demand when the tenant policy names key
 * channels, and the stockout_risk evidence carries each key channel that sells the SKU with its share.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../core/db/database.ts';
import {
  exceptionsOfType,
  fixtureTenant,
  insertLocation,
  insertOrder,
  insertSku,
  setBalance,
  type FixtureTenant,
} from '../../core/exceptions/testing/exception-fixtures.ts';
import { importDailyHistory } from '../../core/inventory/index.ts';
import { createTestDb } from '../../core/testing/test-db.ts';
import { runForecast } from '../../forecasting/index.ts';
import { applyPolicy } from '../../policies/index.ts';
import { smoothHistory } from './smooth-history.ts';

const DAY = 86_400_000;
const now = new Date('2026-06-01T12:00:00Z');
let db: Database;
let tenant: FixtureTenant;

beforeAll(async () => {
  db = await createTestDb();
  tenant = await fixtureTenant(db, 'key-channels');
  await applyPolicy(db, tenant.tenantId, 'format: 1\nforecasting:\n  keyChannels: [b2b_portal, amazon]\n');
  await tenant.run(async (tx) => {
    const east = await insertLocation(tx, 'WH-EAST');
    const mug = await insertSku(tx, 'MUG-01');
    await setBalance(tx, mug, east, 'available', 20);
    await importDailyHistory(tx, smoothHistory({ skuId: mug, locationId: east }, { perDay: 10, onHand: 20, now }));
    // Last 90 days: amazon 30 units, web 70; an amazon order older than the window does not count.
    const placed = (days: number) => new Date(now.getTime() - days * DAY);
    await insertOrder(tx, {
      number: 'A1',
      channel: 'amazon',
      status: 'shipped',
      placedAt: placed(10),
      lines: [{ skuId: mug, quantity: 30, shipped: 30 }],
    });
    await insertOrder(tx, {
      number: 'W1',
      channel: 'web',
      status: 'shipped',
      placedAt: placed(20),
      lines: [{ skuId: mug, quantity: 70, shipped: 70 }],
    });
    await insertOrder(tx, {
      number: 'A0',
      channel: 'amazon',
      status: 'shipped',
      placedAt: placed(120),
      lines: [{ skuId: mug, quantity: 500, shipped: 500 }],
    });
  });
});
afterAll(async () => {
  await db?.close();
});

describe('forecast run: key channels in the stockout_risk evidence', () => {
  it('gives each key channel that sold the SKU in the last 90 days its share of demand', async () => {
    const report = await runForecast(db, tenant.tenantId, { now, historyDays: 120 });
    expect(report.stockoutRisk.raised).toBe(1);
    const [raised] = await tenant.run((tx) => exceptionsOfType(tx, 'stockout_risk'));
    // b2b_portal sold none of it: nothing to keep for it.
    expect(raised!.evidence).toMatchObject({ keyChannels: [{ channel: 'amazon', share: 0.3 }] });
  });
});
