/**
 * `npm run bench -- forecast [--series 10000] [--days 365]`: the nightly forecast run at scale. Builds
 * one tenant with `series` SKU × location series (1,000 SKUs × 10 locations by default) of daily history
 * in a fresh embedded database — demand rates spread log-uniformly from 0.05 to 40 units a day, so every
 * demand class is present, with stock, safety stock and open purchase orders — then times `runForecast`
 * (read history, classify and forecast every series, project stock, score open orders, reconcile the
 * exceptions) against reading the same history alone (the reference in the same run).
 */
import { parseArgs } from 'node:util';
import { migrateAll } from '../core/db/open.ts';
import { openMemoryPglite } from '../core/db/pglite.ts';
import { withTenant } from '../core/db/tenant-scope.ts';
import { upsertLocation, upsertSku } from '../core/catalog/index.ts';
import { importDailyHistory, readDailyHistory, receiveInventory, type DailyHistoryRow } from '../core/inventory/index.ts';
import { simulateSeriesHistory } from '../core/seed/demand-history.ts';
import { createRandom } from '../core/seed/seeded-random.ts';
import { createTenant } from '../core/tenants/tenants.ts';
import { runForecast } from '../forecasting/index.ts';

const DAY = 86_400_000;
const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** Runs `step(0..count-1)` one after another (one transaction serves one statement at a time). */
async function sequentially<T>(count: number, step: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let index = 0; index < count; index += 1) results.push(await step(index));
  return results;
}

export async function benchForecast(argv: string[] = []): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write('usage: npm run bench -- forecast [--series 10000] [--days 365] [--json]\n');
    return;
  }
  const { values } = parseArgs({
    args: argv,
    options: { series: { type: 'string', default: '10000' }, days: { type: 'string', default: '365' }, json: { type: 'boolean' } },
  });
  const seriesCount = Number(values.series);
  const days = Number(values.days);
  if (!Number.isInteger(seriesCount) || seriesCount < 10 || seriesCount > 100_000)
    throw new Error('--series must be a whole number 10–100000');
  if (!Number.isInteger(days) || days < 30 || days > 1_000) throw new Error('--days must be a whole number 30–1000');
  const locations = 10;
  const skus = Math.ceil(seriesCount / locations);
  const now = new Date('2026-06-01T12:00:00Z');
  const log = (line: string) => process.stderr.write(`${line}\n`);

  const setupStarted = performance.now();
  const db = await openMemoryPglite();
  await migrateAll(db);
  const tenant = await createTenant(db, { slug: 'bench-forecast', name: 'Bench Forecast' });
  const random = createRandom('bench-forecast');
  // Catalog and stock go through core's own write paths (core owns these tables), like any other caller.
  const ids = await withTenant(db, tenant.id, async (tx) => ({
    locations: await sequentially(
      locations,
      async (i) => (await upsertLocation(tx, { code: `DC-${i + 1}`, name: `DC ${i + 1}`, kind: 'warehouse' })).id,
    ),
    skus: await sequentially(
      skus,
      async (i) => (await upsertSku(tx, { code: `SKU-${i + 1}`, name: `Item ${i + 1}`, unitCost: 5, price: 12 })).id,
    ),
  }));
  const end = new Date(now.getTime() - DAY);
  let batch: DailyHistoryRow[] = [];
  const balances: Array<[string, string, number]> = [];
  const flush = async () => {
    if (batch.length) await withTenant(db, tenant.id, (tx) => importDailyHistory(tx, batch));
    batch = [];
  };
  for (let index = 0; index < seriesCount; index += 1) {
    const skuId = ids.skus[Math.floor(index / locations)]!;
    const locationId = ids.locations[index % locations]!;
    const daily = Math.exp(Math.log(0.05) + random.next() * Math.log(40 / 0.05));
    const rows = simulateSeriesHistory(
      { sku: `SKU-${index}`, location: 'DC', daily, lot: Math.max(1, Math.round(daily)) },
      { sku: undefined, model: index % 2 ? 'b2b' : 'd2c', leadTimeDays: [5, 14], end, days },
      random.fork(String(index)),
    );
    for (const row of rows) batch.push({ ...row, skuId, locationId });
    balances.push([skuId, locationId, Math.max(0, rows.at(-1)!.onHand)]);
    if (batch.length >= 100_000) await flush();
  }
  await flush();
  await withTenant(db, tenant.id, async (tx) => {
    for (const [sku, location, quantity] of balances) if (quantity > 0) await receiveInventory(tx, { sku, location, quantity });
  });
  const setupSeconds = (performance.now() - setupStarted) / 1000;
  log(`setup: ${seriesCount} series × ${days} days imported in ${setupSeconds.toFixed(1)} s`);

  const readStarted = performance.now();
  const history = await withTenant(db, tenant.id, (tx) =>
    readDailyHistory(tx, { from: isoDay(new Date(end.getTime() - days * DAY)), to: isoDay(end) }),
  );
  const readSeconds = (performance.now() - readStarted) / 1000;
  const runStarted = performance.now();
  const report = await runForecast(db, tenant.id, { now, historyDays: days });
  const runSeconds = (performance.now() - runStarted) / 1000;
  await db.close();
  const result = {
    series: seriesCount,
    days,
    readSeries: history.length,
    referenceReadSeconds: Math.round(readSeconds * 10) / 10,
    runSeconds: Math.round(runSeconds * 10) / 10,
    ratioToRead: Math.round((runSeconds / readSeconds) * 10) / 10,
    seriesPerSecond: Math.round(seriesCount / runSeconds),
    forecasted: report.forecasted,
    byClass: report.byClass,
    noForecast: report.noForecast,
    stockoutRisk: report.stockoutRisk,
  };
  if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else {
    process.stdout.write(
      `forecast run: ${seriesCount} series × ${days} days in ${result.runSeconds} s (${result.seriesPerSecond} series/s; ` +
        `reading the history alone ${result.referenceReadSeconds} s, run/read ${result.ratioToRead}×)\n` +
        `  classes ${JSON.stringify(report.byClass)}, no forecast ${JSON.stringify(report.noForecast)}, stockout_risk raised ${report.stockoutRisk.raised}\n`,
    );
  }
}

export default benchForecast;
