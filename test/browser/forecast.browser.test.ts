/**
 * The predictive pages in Chromium: the risks view lists predicted exceptions by days left, a stockout
 * row opens the SKU's inventory page at the location's forecast (history, forecast with its interval,
 * projected stock with inbound, the risk), and the exception page links there too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../core/db/database.ts';
import { withTenant } from '../../core/db/tenant-scope.ts';
import { reconcilePredictedExceptions } from '../../core/exceptions/index.ts';
import { insertLocation, insertOrder, insertSku, setBalance } from '../../core/exceptions/testing/exception-fixtures.ts';
import { createApiKey } from '../../core/identity/api-keys.ts';
import { importDailyHistory } from '../../core/inventory/index.ts';
import { createPurchaseOrder } from '../../core/purchasing/index.ts';
import { createTenant } from '../../core/tenants/tenants.ts';
import { runForecast } from '../../forecasting/index.ts';
import { smoothHistory } from '../forecasting/smooth-history.ts';
import { signIn, startBrowserHarness, type BrowserHarness } from './browser-harness.ts';

const DAY = 86_400_000;

describe('forecast and risks pages in the browser', () => {
  let harness: BrowserHarness;
  let repKey = '';

  async function seed(db: Database): Promise<void> {
    const now = new Date();
    const tenant = await createTenant(db, { slug: 'forecast-shop', name: 'Forecast Shop' });
    repKey = (await createApiKey(db, { tenantId: tenant.id, roles: ['rep'], userName: 'rita-rep' })).key;
    await withTenant(db, tenant.id, async (tx) => {
      const east = await insertLocation(tx, 'WH-EAST');
      const west = await insertLocation(tx, 'WH-WEST');
      const north = await insertLocation(tx, 'WH-NORTH');
      const mug = await insertSku(tx, 'MUG-01');
      // WH-EAST sells ~10 a day and holds two days of it; a PO of 100 lands in 12 days, after it runs out.
      await setBalance(tx, mug, east, 'available', 20);
      await setBalance(tx, mug, west, 'available', 900);
      // WH-NORTH holds stock but never sold any: no forecast, and the page says why.
      await setBalance(tx, mug, north, 'available', 40);
      await importDailyHistory(tx, [
        ...smoothHistory({ skuId: mug, locationId: east }, { perDay: 10, onHand: 20, now }),
        ...smoothHistory({ skuId: mug, locationId: west }, { perDay: 2, onHand: 900, now }),
      ]);
      await createPurchaseOrder(
        tx,
        {
          supplier: 'Nordic Enamel AB',
          location: 'WH-EAST',
          lines: [{ sku: 'MUG-01', quantity: 100 }],
          expectedAt: new Date(now.getTime() + 12 * DAY).toISOString().slice(0, 10),
        },
        { at: now },
      );
    });
    const report = await runForecast(db, tenant.id, { now, historyDays: 200 });
    if (report.stockoutRisk.raised !== 1) throw new Error(`expected one stockout_risk, got ${JSON.stringify(report.stockoutRisk)}`);
    await withTenant(db, tenant.id, async (tx) => {
      const mug = (await tx.query<{ id: string }>(`SELECT id FROM skus WHERE code = 'MUG-01'`)).rows[0]!.id;
      const east = (await tx.query<{ id: string }>(`SELECT id FROM locations WHERE code = 'WH-EAST'`)).rows[0]!.id;
      // After the run (which scores real order history): an order likely to ship late (a predicted exception as the forecast run would raise it).
      const order = await insertOrder(tx, { number: '5001', status: 'released', lines: [{ skuId: mug, quantity: 1, reserved: 1 }] });
      const promisedAt = new Date(now.getTime() + 30 * 3_600_000);
      await reconcilePredictedExceptions(tx, {
        tenantId: tenant.id,
        type: 'late_shipment_risk',
        now,
        findings: [
          {
            dedupeKey: `late_shipment_risk:${order.id}`,
            severity: 'medium',
            title: 'Order 5001: 72% likely to miss its ship-by date (30 h left)',
            refs: { orderId: order.id, locationId: east },
            codes: { orderNumber: '5001', locationCode: 'WH-EAST' },
            evidence: {
              orderNumber: '5001',
              probabilityLate: 0.72,
              threshold: 0.6,
              stage: 'released',
              blocked: false,
              promisedAt: promisedAt.toISOString(),
              hoursLeft: 30,
              hoursInStage: 20,
              comparableOrders: 48,
              locationCode: 'WH-EAST',
              locationBacklog: 9,
            },
            resolveBy: promisedAt,
          },
        ],
      });
    });
  }

  beforeAll(async () => {
    harness = await startBrowserHarness(seed);
  });
  afterAll(() => harness?.close());

  it('lists predicted exceptions by days left, from the navigation', async () => {
    const page = await harness.newPage();
    await signIn(page, harness.server.url, repKey, '/exceptions');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Risks' }).click();
    await page.waitForURL((url) => url.pathname === '/risks');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Predicted risks');
    const rows = page.locator('tbody tr');
    expect(await rows.count()).toBe(2);
    const daysLeft = await page
      .locator('td[data-days-left]')
      .evaluateAll((cells) => cells.map((cell) => Number(cell.getAttribute('data-days-left'))));
    expect(daysLeft).toEqual([...daysLeft].sort((a, b) => a - b));
    expect(await page.locator('tr[data-type="stockout_risk"]').textContent()).toContain('MUG-01 at WH-EAST');
    expect(await page.locator('tr[data-type="late_shipment_risk"]').textContent()).toContain('order 5001: 72% likely late');
    await harness.screenshot(page, 'risks');
    await page.close();
  });

  it('opens the SKU forecast at the location at risk: history, forecast and interval, projected stock with inbound, the risk', async () => {
    const page = await harness.newPage();
    await signIn(page, harness.server.url, repKey, '/risks');
    await page.locator('tr[data-type="stockout_risk"] td:nth-child(3) a').click();
    await page.waitForURL(/\/inventory\/MUG-01#forecast-wh-east$/);
    const east = page.locator('article#forecast-wh-east');
    expect(await east.locator('a[data-risk="stockout_risk"]').textContent()).toMatch(/Stockout risk: \d+ days left/);
    const demand = east.locator('svg[data-chart="demand-wh-east"]');
    expect((await demand.boundingBox())?.width).toBeGreaterThan(400);
    expect(await demand.locator('polyline[data-series="history"]').count()).toBe(1);
    expect(await demand.locator('polyline[data-series="forecast"]').count()).toBe(1);
    expect(await demand.locator('polygon.band').count()).toBe(1);
    const stock = east.locator('svg[data-chart="stock-wh-east"]');
    expect(await stock.locator('polyline[data-series="expected"]').count()).toBe(1);
    expect(await stock.locator('rect[data-inbound="100"]').count()).toBe(1);
    expect(await east.locator('dl').textContent()).toMatch(/PO-[^:]+: 100 due/);
    // A location that never sold the SKU (only the run's own zero days from the ledger): no forecast, and the reason.
    expect(await page.locator('article#forecast-wh-north [data-no-forecast]').textContent()).toMatch(
      /^No forecast: .+\(\w+\)\. No risk is assessed\.$/,
    );
    expect(await page.locator('article#forecast-wh-west .badge.ok').count()).toBe(1);
    await harness.screenshot(page, 'inventory-forecast');

    // The risk badge opens the exception, which links back to the forecast.
    await east.locator('a[data-risk="stockout_risk"]').click();
    await page.waitForURL(/\/exceptions\/[0-9a-f-]{36}$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('MUG-01 at WH-EAST: projected to run out');
    await harness.screenshot(page, 'exception-stockout-risk');
    await page.getByRole('link', { name: 'Forecast and projected stock of MUG-01 at WH-EAST' }).click();
    await page.waitForURL(/\/inventory\/MUG-01#forecast-wh-east$/);

    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await harness.screenshot(page, 'inventory-forecast-phone');
    await page.close();
  });
});
