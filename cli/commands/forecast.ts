/** `copilot forecast`: run the demand forecast and risk checks on demand, or backtest them on a tenant's history. */
import type { Command } from 'commander';
import { z } from 'zod';
import { parseOrThrow } from '../../core/errors.ts';
import { listTenants, requireTenant } from '../../core/tenants/tenants.ts';
import { loadForecastingSettings, runBacktest, runForecast, type BacktestReport, type ForecastRunReport } from '../../forecasting/index.ts';
import { printJson } from '../output.ts';
import { withRuntime } from '../runtime.ts';

/** "14d" or "14": a number of days. */
const daysOption = z
  .string()
  .regex(/^\d{1,3}d?$/, 'a number of days such as 14d')
  .transform((value) => Number.parseInt(value, 10))
  .pipe(z.number().int().min(1).max(90));

const backtestOptionsSchema = z.object({
  tenant: z.string().min(1).max(100).optional(),
  horizon: daysOption.default(14),
  asOf: z.iso.datetime({ offset: true }).optional(),
  json: z.boolean().optional(),
});

const runOptionsSchema = z.object({
  tenant: z.string().min(1).max(100).optional(),
  json: z.boolean().optional(),
});

const show = (value: number | null, suffix = '') => (value === null ? 'n/a' : `${value}${suffix}`);

function printBacktest(slug: string, report: BacktestReport): void {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`${slug}: ${report.seriesCount} SKU × location series, horizon ${report.horizonDays} days (as of ${report.asOf.slice(0, 10)})`);
  out('  forecast accuracy (MASE < 1 beats seasonal-naive in-sample; bias = Σ(forecast − actual) / Σ actual)');
  for (const [demandClass, stat] of Object.entries(report.forecast)) {
    out(
      `    ${demandClass.padEnd(13)} ${String(stat.series).padStart(5)} windows  MASE ${show(stat.mase)}  bias ${show(stat.bias)}   seasonal-naive MASE ${show(stat.seasonalNaive.mase)}  bias ${show(stat.seasonalNaive.bias)}`,
    );
  }
  for (const [type, stat] of Object.entries(report.alerts)) {
    out(
      `  ${type.padEnd(19)} precision ${show(stat.precision)}  recall ${show(stat.recall)}  median lead ${show(stat.medianLeadDays, ' d')}  (${stat.alerts} warnings, ${stat.events} events)`,
    );
  }
}

function printRun(slug: string, report: ForecastRunReport): void {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const reasons = Object.entries(report.noForecast).map(([reason, count]) => `${reason} ${count}`);
  out(
    `${slug}: ${report.forecasted} of ${report.series} series forecast in ${report.durationMs} ms${reasons.length ? ` (no forecast: ${reasons.join(', ')})` : ''}`,
  );
  out(
    `  classes: ${
      Object.entries(report.byClass)
        .map(([name, count]) => `${name} ${count}`)
        .join(', ') || 'none'
    }`,
  );
  const stock = report.stockoutRisk;
  out(`  stockout_risk       ${stock.atRisk} at risk: ${stock.raised} raised, ${stock.updated} refreshed, ${stock.resolved} cleared`);
  const late = report.lateShipmentRisk;
  out(
    `  late_shipment_risk  ${late.atRisk} of ${late.openOrders} open orders: ${late.raised} raised, ${late.updated} refreshed, ${late.resolved} cleared`,
  );
}

export function registerForecastCommand(program: Command): void {
  const forecast = program.command('forecast').description('demand forecasts, stockout and late-shipment risk (see docs/forecasting.md)');
  forecast
    .command('run')
    .description('forecast every SKU × location now and raise or clear stockout_risk and late_shipment_risk exceptions')
    .option('--tenant <slug>', 'one tenant (default: every tenant)')
    .option('--json', 'print the run report as JSON')
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOrThrow(runOptionsSchema, raw, 'options');
      await withRuntime(async ({ db }) => {
        const tenants = options.tenant ? [await requireTenant(db, options.tenant)] : await listTenants(db);
        const reports = [];
        for (const tenant of tenants) reports.push({ tenant: tenant.slug, ...(await runForecast(db, tenant.id)) });
        if (options.json) printJson(options.tenant ? reports[0] : reports);
        else for (const report of reports) printRun(report.tenant, report);
      });
    });
  forecast
    .command('backtest')
    .description(
      'rolling-origin backtest on the tenant history: MASE and bias per demand class vs seasonal-naive; alert precision, recall, lead',
    )
    .option('--tenant <slug>', 'one tenant (default: every tenant)')
    .option('--horizon <days>', 'forecast and alert horizon, e.g. 14d (default 14d)')
    .option('--as-of <iso>', 'pretend today is this moment (default: now)')
    .option('--json', 'print JSON: { forecast: { <class>: { series, mase, bias } }, alerts: { stockout_risk, late_shipment_risk } }')
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOrThrow(backtestOptionsSchema, raw, 'options');
      await withRuntime(async ({ db }) => {
        const tenants = options.tenant ? [await requireTenant(db, options.tenant)] : await listTenants(db);
        const reports = [];
        for (const tenant of tenants) {
          const settings = await loadForecastingSettings(db, tenant.id);
          const report = await runBacktest(db, tenant.id, settings, {
            horizonDays: options.horizon,
            asOf: options.asOf ? new Date(options.asOf) : undefined,
          });
          reports.push({ tenant: tenant.slug, ...report });
        }
        if (options.json) printJson(options.tenant ? reports[0] : reports);
        else for (const report of reports) printBacktest(report.tenant, report);
      });
    });
}
