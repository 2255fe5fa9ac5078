/**
 * The dev set the stockout-alert settings are chosen on, kept apart from the demo data they are checked
 * on: `npx tsx forecasting/stockout-dev-set.ts [--confidence 0.9] [--json]` simulates catalogs of 150
 * SKU × location series (rates log-uniform 0.3–60 a day, B2B and D2C weekday patterns, lead times
 * 4–12 and 5–14 days, three seeds each) with the demo's generator and replays the alerts as the
 * backtest does. The demo tenants (`copilot forecast backtest`) are the check set.
 */
import { parseArgs } from 'node:util';
import type { DailySeries } from '../core/inventory/index.ts';
import { simulateSeriesHistory } from '../core/seed/demand-history.ts';
import { createRandom } from '../core/seed/seeded-random.ts';
import { backtestStockoutAlerts, mergeAlertScores, summariseAlerts, type AlertSummary } from './stockout-backtest.ts';

const DAY = 86_400_000;

export function simulatedCatalog(seed: string, model: 'b2b' | 'd2c', leadTimeDays: [number, number], count = 150): DailySeries[] {
  const random = createRandom(seed);
  const end = new Date('2026-09-01T00:00:00Z');
  return Array.from({ length: count }, (_, index) => {
    const daily = Math.exp(Math.log(0.3) + random.next() * Math.log(60 / 0.3));
    const lot = random.int(1, 8);
    const rows = simulateSeriesHistory(
      { sku: `S${index}`, location: 'L', daily, lot },
      { sku: undefined, model, leadTimeDays, end, days: 240 },
      random.fork(String(index)),
    );
    const first = Date.parse(rows[0]!.day);
    return {
      skuId: String(index),
      skuCode: `S${index}`,
      locationId: 'L',
      locationCode: 'L',
      firstDay: rows[0]!.day,
      demand: rows.map((row) => row.demand),
      filled: rows.map((row) => row.filled),
      onHand: rows.map((row) => row.onHand),
      onOrder: rows.map((row) => row.onOrder ?? 0),
      nextReceiptOffset: rows.map((row) => (row.nextReceiptOn ? Math.round((Date.parse(row.nextReceiptOn) - first) / DAY) : null)),
    };
  });
}

export function scoreDevSet(alertConfidence: number, serviceLevel = 0.9): Array<{ set: string } & AlertSummary> {
  const sets: Array<[string, 'b2b' | 'd2c', [number, number]]> = [];
  for (const seed of ['dev', 'dev2', 'dev3']) sets.push([`${seed}/b2b`, 'b2b', [4, 12]], [`${seed}/d2c`, 'd2c', [5, 14]]);
  const settings = { serviceLevel, alertConfidence, horizonDays: 14, defaultLeadTimeDays: 10 };
  return sets.map(([name, model, lead]) => {
    const series = simulatedCatalog(name.split('/')[0]!, model, lead);
    return {
      set: name,
      ...summariseAlerts(
        mergeAlertScores(series.map((entry) => backtestStockoutAlerts(entry, settings, { days: 150, minTrainingDays: 56 }))),
      ),
    };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { confidence: { type: 'string', default: '0.9' }, json: { type: 'boolean' } } });
  const confidence = Number(values.confidence);
  if (!(confidence > 0.5 && confidence < 1)) throw new Error('--confidence must be a number between 0.5 and 1');
  const rows = scoreDevSet(confidence);
  if (values.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else
    for (const row of rows)
      process.stdout.write(
        `${row.set.padEnd(9)} precision ${row.precision}  recall ${row.recall}  median lead ${row.medianLeadDays} d  (${row.alerts} warnings, ${row.events} stockouts)\n`,
      );
}
