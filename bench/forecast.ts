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
import { importDailyHistory, readDailyHistory, type DailyHistoryRow } from '../core/inventory/index.ts';
import { simulateSeriesHistory } from '../core/seed/demand-history.ts';
import { createRandom } from '../core/seed/seeded-random.ts';
import { createTenant } from '../core/tenants/tenants.ts';
import { runForecast } from '../forecasting/index.ts';

const DAY = 86_400_000;
const isoDay = (date: Date) => date.toISOString().slice(0, 10);

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
  await withTenant(db, tenant.id, async (tx) => {
    await tx.query(
      `INSERT INTO locations (tenant_id, code, name, kind) SELECT copilot_tenant_id(), 'DC-' || i, 'DC ' || i, 'warehouse' FROM generate_series(1, $1) i`,
      [locations],
    );
    await tx.query(
      `INSERT INTO skus (tenant_id, code, name, unit_cost, price) SELECT copilot_tenant_id(), 'SKU-' || i, 'Item ' || i, 5, 12 FROM generate_series(1, $1) i`,
      [skus],
    );
  });
  const ids = await withTenant(db, tenant.id, async (tx) => ({
    skus: (await tx.query<{ id: string }>(`SELECT id FROM skus ORDER BY code`)).rows.map((row) => row.id),
    locations: (await tx.query<{ id: string }>(`SELECT id FROM locations ORDER BY code`)).rows.map((row) => row.id),
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
  await withTenant(db, tenant.id, (tx) =>
    tx.query(
      `INSERT INTO inventory_balances (tenant_id, sku_id, location_id, status, quantity)
       SELECT copilot_tenant_id(), s, l, 'available', q FROM unnest($1::uuid[], $2::uuid[], $3::int[]) AS t(s, l, q)`,
      [balances.map((row) => row[0]), balances.map((row) => row[1]), balances.map((row) => row[2])],
    ),
  );
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
