import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { createTestDb } from '../testing/test-db.ts';
import { reconcilePredictedExceptions } from './detect-exceptions.ts';
import type { ExceptionFinding } from './rules/rule.ts';
import { exceptionsOfType, fixtureTenant, insertLocation, insertSku, type FixtureTenant } from './testing/exception-fixtures.ts';

const now = new Date('2025-03-10T12:00:00Z');
let db: Database;
let acme: FixtureTenant;
let ids: { sku: string; location: string };

beforeAll(async () => {
  db = await createTestDb();
  acme = await fixtureTenant(db, 'acme-industrial');
  ids = await acme.run(async (tx) => ({ sku: await insertSku(tx, 'BRG-6204'), location: await insertLocation(tx, 'DC-EAST') }));
});
afterAll(async () => db.close());

function finding(daysLeft: number): ExceptionFinding {
  return {
    dedupeKey: `stockout_risk:${ids.sku}:${ids.location}`,
    severity: daysLeft <= 2 ? 'critical' : 'medium',
    title: `BRG-6204 at DC-EAST: projected to run out in ${daysLeft} days`,
    refs: { skuId: ids.sku, locationId: ids.location },
    codes: { skuCode: 'BRG-6204', locationCode: 'DC-EAST' },
    evidence: {
      skuCode: 'BRG-6204',
      locationCode: 'DC-EAST',
      demandClass: 'smooth',
      method: 'ets_weekly',
      forecastPerDay: 12.5,
      forecastOverHorizon: 175,
      interval: { level: 0.9, lower: 150, upper: 200 },
      available: 60,
      openDemand: 4,
      safetyStock: 10,
      inbound: [{ reference: 'PO-1', quantity: 300, expectedOn: '2025-03-25' }],
      leadTimeDays: 9,
      leadTimeSource: 'history',
      serviceLevel: 0.9,
      alertConfidence: 0.8,
      horizonDays: 14,
      projectedStockoutOn: '2025-03-15',
      daysLeft,
      expectedStockoutOn: '2025-03-15',
      suggestedOrderQuantity: 240,
    },
    resolveBy: new Date('2025-03-14T12:00:00Z'),
  };
}

describe('reconcilePredictedExceptions', () => {
  it('raises a predicted exception with an SLA capped by the day before the event, refreshes it, and clears it when the projection recovers', async () => {
    const raised = await acme.run((tx) =>
      reconcilePredictedExceptions(tx, { tenantId: acme.tenantId, type: 'stockout_risk', findings: [finding(5)], now }),
    );
    expect(raised.raised).toHaveLength(1);
    const [row] = await acme.run((tx) => exceptionsOfType(tx, 'stockout_risk'));
    expect(row).toMatchObject({ status: 'open', sku_id: ids.sku });
    const refreshed = await acme.run((tx) =>
      reconcilePredictedExceptions(tx, {
        tenantId: acme.tenantId,
        type: 'stockout_risk',
        findings: [finding(2)],
        now: new Date(now.getTime() + 86_400_000),
      }),
    );
    expect(refreshed).toMatchObject({ raised: [], updated: 1 });
    const cleared = await acme.run((tx) =>
      reconcilePredictedExceptions(tx, {
        tenantId: acme.tenantId,
        type: 'stockout_risk',
        findings: [],
        now: new Date(now.getTime() + 2 * 86_400_000),
      }),
    );
    expect(cleared.resolved).toHaveLength(1);
    const [after] = await acme.run((tx) => exceptionsOfType(tx, 'stockout_risk'));
    expect(after).toMatchObject({ status: 'resolved', resolution_how: 'auto', severity: 'critical' });
  });

  it('refuses evidence that does not match the type’s schema, writing nothing', async () => {
    const bad = { ...finding(4), evidence: { ...finding(4).evidence, daysLeft: -1, extra: 'x' } };
    await expect(
      acme.run((tx) => reconcilePredictedExceptions(tx, { tenantId: acme.tenantId, type: 'stockout_risk', findings: [bad], now })),
    ).rejects.toMatchObject({ code: 'validation_failed' });
  });
});
