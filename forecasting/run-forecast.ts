/**
 * One forecast run for a tenant (nightly in the server, or `copilot forecast run`): roll yesterday's
 * ledger into the daily history, forecast and project every SKU × location, score open orders, and
 * reconcile stockout_risk and late_shipment_risk with the exception queue — raised, refreshed, or
 * auto-resolved when the projection recovers — so triage, the policy gate and approvals take over.
 */
import type { Database } from '../core/db/database.ts';
import { withTenant } from '../core/db/tenant-scope.ts';
import { readLiveDedupeKeys, reconcilePredictedExceptions, type DetectionReport } from '../core/exceptions/index.ts';
import { readDailyHistory, readStockPositions, rollUpDailyHistory } from '../core/inventory/index.ts';
import { readChannelDemand, readOrderFlows } from '../core/orders/index.ts';
import { readInboundLines, readLastSuppliers, readSupplierLeadTimes } from '../core/purchasing/index.ts';
import { readCarrierTransitTimes } from '../core/shipments/index.ts';
import type { NoForecastReason } from './methods/demand-class.ts';
import { loadForecastingSettings } from './forecast-settings.ts';
import { lateShipmentFindings } from './late-shipment-findings.ts';
import { buildOutlooks, KEY_CHANNEL_WINDOW_DAYS, keyChannelShares, stockoutFinding, surplusBySku } from './stockout-findings.ts';

const DAY = 86_400_000;
const isoDay = (date: Date) => date.toISOString().slice(0, 10);

export interface ForecastRunReport {
  tenantId: string;
  at: string;
  series: number;
  forecasted: number;
  noForecast: Partial<Record<NoForecastReason, number>>;
  byClass: Record<string, number>;
  stockoutRisk: { atRisk: number; raised: number; resolved: number; updated: number };
  lateShipmentRisk: { openOrders: number; atRisk: number; raised: number; resolved: number; updated: number };
  durationMs: number;
}

const counts = (report: DetectionReport) => ({ raised: report.raised.length, resolved: report.resolved.length, updated: report.updated });

export async function runForecast(
  db: Database,
  tenantId: string,
  options: { now?: Date; historyDays?: number } = {},
): Promise<ForecastRunReport> {
  const started = performance.now();
  const now = options.now ?? new Date();
  const settings = await loadForecastingSettings(db, tenantId);
  const yesterday = new Date(now.getTime() - DAY);
  const from = new Date(yesterday.getTime() - (options.historyDays ?? 365) * DAY);
  const inputs = await withTenant(db, tenantId, async (tx) => {
    await rollUpDailyHistory(tx, { from: isoDay(new Date(yesterday.getTime() - DAY)), to: isoDay(yesterday) });
    return {
      history: await readDailyHistory(tx, { from: isoDay(from), to: isoDay(yesterday) }),
      positions: await readStockPositions(tx),
      inbound: await readInboundLines(tx),
      leadTimes: await readSupplierLeadTimes(tx),
      suppliers: await readLastSuppliers(tx),
      flows: await readOrderFlows(tx, { from: new Date(now.getTime() - 120 * DAY), to: now, limit: 200_000 }),
      transit: await readCarrierTransitTimes(tx, { from: new Date(now.getTime() - 120 * DAY), to: now }),
      liveKeys: await readLiveDedupeKeys(tx, 'stockout_risk'),
      // Only read when the policy names key channels: the ring-fence evidence is sized from the channel mix.
      channelDemand: settings.keyChannels.length
        ? await readChannelDemand(tx, { from: new Date(now.getTime() - KEY_CHANNEL_WINDOW_DAYS * DAY), to: now })
        : [],
    };
  });
  const outlooks = buildOutlooks({ ...inputs, settings, now });
  const noForecast: Partial<Record<NoForecastReason, number>> = {};
  const byClass: Record<string, number> = {};
  for (const outlook of outlooks) {
    if (outlook.forecast.ok) byClass[outlook.forecast.demandClass] = (byClass[outlook.forecast.demandClass] ?? 0) + 1;
    else noForecast[outlook.forecast.reason] = (noForecast[outlook.forecast.reason] ?? 0) + 1;
  }
  const surplus = surplusBySku(outlooks);
  const keyChannels = keyChannelShares(inputs.channelDemand, settings.keyChannels);
  const stockout = outlooks.flatMap(
    (outlook) =>
      stockoutFinding(outlook, settings, now, {
        supplier: inputs.suppliers.get(outlook.position.skuId) ?? null,
        surplusElsewhere: (surplus.get(outlook.position.skuId) ?? [])
          .filter((entry) => entry.locationId !== outlook.position.locationId)
          .map(({ locationCode, surplus: units }) => ({ locationCode, surplus: units })),
        keyChannels: keyChannels.get(outlook.position.skuId) ?? [],
      }) ?? [],
  );
  const late = lateShipmentFindings(inputs.flows, settings.lateShipmentThreshold, now, inputs.transit);
  const [stockoutReport, lateReport] = await withTenant(db, tenantId, async (tx) => [
    await reconcilePredictedExceptions(tx, { tenantId, type: 'stockout_risk', findings: stockout, now }),
    await reconcilePredictedExceptions(tx, { tenantId, type: 'late_shipment_risk', findings: late, now }),
  ]);
  return {
    tenantId,
    at: now.toISOString(),
    series: outlooks.length,
    forecasted: outlooks.filter((outlook) => outlook.forecast.ok).length,
    noForecast,
    byClass,
    stockoutRisk: { atRisk: stockout.length, ...counts(stockoutReport!) },
    lateShipmentRisk: {
      openOrders: inputs.flows.filter((flow) => !flow.shippedAt && !flow.cancelledAt).length,
      atRisk: late.length,
      ...counts(lateReport!),
    },
    durationMs: Math.round(performance.now() - started),
  };
}
