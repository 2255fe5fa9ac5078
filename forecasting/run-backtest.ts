/**
 * `copilot forecast backtest`: the rolling-origin backtest on one tenant's own history — forecast
 * accuracy per demand class against seasonal-naive, and the stockout-risk alerts replayed day by day
 * with precision, recall and median lead time.
 */
import { z } from 'zod';
import type { Database } from '../core/db/database.ts';
import { withTenant } from '../core/db/tenant-scope.ts';
import { parseOrThrow } from '../core/errors.ts';
import { readDailyHistory } from '../core/inventory/index.ts';
import { readOrderFlows } from '../core/orders/index.ts';
import type { ForecastingSettings } from '../policies/index.ts';
import { backtestLateShipmentAlerts } from './late-shipment-backtest.ts';
import { backtestForecasts, type ForecastAccuracy } from './forecast-backtest.ts';
import { backtestStockoutAlerts, mergeAlertScores, summariseAlerts, type AlertSummary } from './stockout-backtest.ts';

export const backtestRequestSchema = z.object({
  horizonDays: z.number().int().min(1).max(90),
  /** How much history is read, in days before `asOf`. */
  historyDays: z.number().int().min(60).max(3650).default(455),
  /** Days at the end of the history whose alerts are replayed. */
  alertDays: z.number().int().min(14).max(365).default(150),
  asOf: z.date().optional(),
});
export type BacktestRequest = z.input<typeof backtestRequestSchema>;

export interface BacktestReport {
  tenantId: string;
  asOf: string;
  horizonDays: number;
  seriesCount: number;
  forecast: ForecastAccuracy;
  alerts: {
    stockout_risk: AlertSummary;
    late_shipment_risk: AlertSummary;
  };
  settings: ForecastingSettings;
}

/** Late-shipment alerts replayed over the orders of the last `days` days (and the 60 before, for training). */
async function lateShipmentScore(db: Database, tenantId: string, settings: ForecastingSettings, asOf: Date, days: number) {
  const from = new Date(asOf.getTime() - days * 86_400_000);
  const flows = await withTenant(db, tenantId, (tx) =>
    readOrderFlows(tx, { from: new Date(from.getTime() - 60 * 86_400_000), to: asOf, limit: 200_000 }),
  );
  return backtestLateShipmentAlerts(flows, { threshold: settings.lateShipmentThreshold, from, to: asOf, asOf });
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

export async function runBacktest(
  db: Database,
  tenantId: string,
  settings: ForecastingSettings,
  input: BacktestRequest,
): Promise<BacktestReport> {
  const request = parseOrThrow(backtestRequestSchema, input, 'backtest request');
  const asOf = request.asOf ?? new Date();
  const to = new Date(asOf.getTime() - 86_400_000);
  const from = new Date(to.getTime() - request.historyDays * 86_400_000);
  // Scored on imported history only: ledger days record what shipped, so on a stockout day they hide
  // the unfilled demand — the very events the backtest must see — and would flatter any forecast.
  const series = await withTenant(db, tenantId, (tx) => readDailyHistory(tx, { from: isoDay(from), to: isoDay(to), sources: ['import'] }));
  const forecast = backtestForecasts(
    series.map((entry) => entry.demand),
    { horizon: request.horizonDays },
  );
  const risk = {
    serviceLevel: settings.serviceLevel,
    alertConfidence: settings.stockoutAlertConfidence,
    horizonDays: request.horizonDays,
    defaultLeadTimeDays: settings.defaultLeadTimeDays,
  };
  const scores = series.map((entry) => backtestStockoutAlerts(entry, risk, { days: request.alertDays, minTrainingDays: 56 }));
  return {
    tenantId,
    asOf: asOf.toISOString(),
    horizonDays: request.horizonDays,
    seriesCount: series.length,
    forecast,
    alerts: {
      stockout_risk: summariseAlerts(mergeAlertScores(scores)),
      late_shipment_risk: summariseAlerts(await lateShipmentScore(db, tenantId, settings, asOf, request.alertDays)),
    },
    settings,
  };
}
