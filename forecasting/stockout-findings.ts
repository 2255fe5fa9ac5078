/**
 * The stockout-risk half of a forecast run: forecast every SKU × location's demand, project its stock
 * with today's position, inbound purchase orders and supplier lead time, and turn projections that run
 * out before replenishment can arrive into stockout_risk findings with their evidence.
 */
import type { DailySeries, StockPositionRow } from '../core/inventory/index.ts';
import type { ExceptionFinding } from '../core/exceptions/index.ts';
import type { InboundLine, LeadTimeStat } from '../core/purchasing/index.ts';
import type { ForecastingSettings } from '../policies/index.ts';
import { forecastDemand, type DemandForecast, type NoForecast } from './forecast-demand.ts';
import { projectStock, type StockProjection } from './project-stock.ts';

const DAY = 86_400_000;
const isoDay = (date: Date) => date.toISOString().slice(0, 10);
const round = (value: number, places = 2) => Math.round(value * 10 ** places) / 10 ** places;

export interface SeriesOutlook {
  position: StockPositionRow;
  forecast: DemandForecast | NoForecast;
  projection: StockProjection | null;
  inbound: InboundLine[];
  leadTime: LeadTimeStat | null;
}

export interface OutlookInputs {
  history: readonly DailySeries[];
  positions: readonly StockPositionRow[];
  inbound: readonly InboundLine[];
  leadTimes: readonly LeadTimeStat[];
  settings: ForecastingSettings;
  now: Date;
  /** Dedupe keys of live stockout_risk exceptions: those series are held until the projection recovers. */
  liveKeys?: ReadonlySet<string>;
}

/** The reference stock in transit to a location carries in the evidence's inbound list. */
export const IN_TRANSIT_REFERENCE = 'in-transit';

export const stockoutDedupeKey = (skuId: string, locationId: string) => `stockout_risk:${skuId}:${locationId}`;

/** Lead times from fewer received orders than this are not trusted over the policy default. */
const MIN_LEAD_TIME_SAMPLES = 2;

export function buildOutlooks(input: OutlookInputs): SeriesOutlook[] {
  const key = (skuId: string, locationId: string) => `${skuId}|${locationId}`;
  const history = new Map(input.history.map((series) => [key(series.skuId, series.locationId), series]));
  const leadTimes = new Map(input.leadTimes.map((stat) => [key(stat.skuId, stat.locationId), stat]));
  const inbound = new Map<string, InboundLine[]>();
  for (const line of input.inbound) {
    const list = inbound.get(key(line.skuId, line.locationId)) ?? [];
    list.push(line);
    inbound.set(key(line.skuId, line.locationId), list);
  }
  const { settings } = input;
  return input.positions.map((position) => {
    const id = key(position.skuId, position.locationId);
    const lead = leadTimes.get(id) ?? null;
    const trustedLead = lead && lead.samples >= MIN_LEAD_TIME_SAMPLES ? lead : null;
    const leadDays = trustedLead?.medianDays ?? settings.defaultLeadTimeDays;
    const horizon = settings.horizonDays + Math.ceil(leadDays);
    const forecast = forecastDemand(history.get(id)?.demand ?? [], { horizon, intervalLevel: settings.intervalLevel });
    // Stock on its way from another location (a transfer) is assumed to arrive tomorrow, like an overdue PO.
    const inTransit: InboundLine[] =
      position.inTransit > 0
        ? [
            {
              skuId: position.skuId,
              locationId: position.locationId,
              poNumber: IN_TRANSIT_REFERENCE,
              quantity: position.inTransit,
              expectedAt: new Date(input.now.getTime() + DAY),
            },
          ]
        : [];
    const lines = [...inTransit, ...(inbound.get(id) ?? [])];
    const projection = forecast.ok
      ? projectStock(
          forecast,
          {
            available: position.available,
            openDemand: position.openDemand,
            safetyStock: position.safetyStock,
            inbound: lines.map((line) => ({
              // No expected date: assume the supplier's usual lead time from today.
              inDays: line.expectedAt ? Math.ceil((line.expectedAt.getTime() - input.now.getTime()) / DAY) : Math.ceil(leadDays),
              quantity: line.quantity,
              reference: line.poNumber,
            })),
            leadTimeDays: trustedLead?.medianDays ?? null,
          },
          {
            serviceLevel: settings.serviceLevel,
            alertConfidence: settings.stockoutAlertConfidence,
            horizonDays: settings.horizonDays,
            defaultLeadTimeDays: settings.defaultLeadTimeDays,
            alreadyAtRisk: input.liveKeys?.has(stockoutDedupeKey(position.skuId, position.locationId)) ?? false,
          },
        )
      : null;
    return { position, forecast, projection, inbound: lines, leadTime: trustedLead };
  });
}

/** What a remediation needs beyond the series itself: who to order from and where stock can come from. */
export interface RemedyContext {
  supplier: string | null;
  surplusElsewhere: Array<{ locationCode: string; surplus: number }>;
  /** The tenant's key channels that sold the SKU recently, with their share of its demand (policy order). */
  keyChannels?: Array<{ channel: string; share: number }>;
}

/** Days of orders the key channels' share of a SKU's demand is measured over. */
export const KEY_CHANNEL_WINDOW_DAYS = 90;

/**
 * Per SKU, each key channel (in the policy's order) that sold it in the window, with its share of the
 * SKU's units across all channels. A key channel that did not sell the SKU is left out: nothing to keep
 * for it. No key channels in the policy: an empty map.
 */
export function keyChannelShares(
  demand: ReadonlyArray<{ skuId: string; channel: string; units: number }>,
  keyChannels: readonly string[],
): Map<string, Array<{ channel: string; share: number }>> {
  const shares = new Map<string, Array<{ channel: string; share: number }>>();
  if (!keyChannels.length) return shares;
  const totals = new Map<string, number>();
  const units = new Map<string, number>();
  for (const row of demand) {
    if (row.units <= 0) continue;
    totals.set(row.skuId, (totals.get(row.skuId) ?? 0) + row.units);
    units.set(`${row.skuId}|${row.channel}`, (units.get(`${row.skuId}|${row.channel}`) ?? 0) + row.units);
  }
  for (const [skuId, total] of totals) {
    const list = keyChannels.flatMap((channel) => {
      const sold = units.get(`${skuId}|${channel}`) ?? 0;
      return sold > 0 ? [{ channel, share: round(sold / total, 3) }] : [];
    });
    if (list.length) shares.set(skuId, list);
  }
  return shares;
}

/**
 * Per outlook, the other locations of its SKU holding stock beyond their own needs (largest first):
 * a forecast series' `surplusQuantity`, or for a series with no demand to forecast (never sold there,
 * or all-zero) everything above safety stock and unreserved demand.
 */
export function surplusBySku(
  outlooks: readonly SeriesOutlook[],
): Map<string, Array<{ locationId: string; locationCode: string; surplus: number }>> {
  const bySku = new Map<string, Array<{ locationId: string; locationCode: string; surplus: number }>>();
  for (const { position, forecast, projection } of outlooks) {
    const idle = !forecast.ok && (forecast.reason === 'no_history' || forecast.reason === 'all_zero');
    const surplus = projection
      ? projection.surplusQuantity
      : idle
        ? Math.max(0, position.available - position.openDemand - position.safetyStock)
        : 0;
    if (surplus < 1) continue;
    const list = bySku.get(position.skuId) ?? [];
    list.push({ locationId: position.locationId, locationCode: position.locationCode, surplus });
    bySku.set(position.skuId, list);
  }
  for (const list of bySku.values()) list.sort((a, b) => b.surplus - a.surplus);
  return bySku;
}

export function stockoutFinding(
  outlook: SeriesOutlook,
  settings: ForecastingSettings,
  now: Date,
  remedy: RemedyContext = { supplier: null, surplusElsewhere: [] },
): ExceptionFinding | null {
  const { forecast, projection, position } = outlook;
  if (!forecast.ok || !projection?.atRisk || projection.confidentStockoutInDays === null) return null;
  // Days left and the date are the confident ones (what the decision rests on); the service-level date is earlier.
  const daysLeft = Math.max(0, projection.confidentStockoutInDays - 1);
  const stockoutOn = new Date(now.getTime() + projection.confidentStockoutInDays * DAY);
  const horizon = settings.horizonDays;
  const overHorizon = forecast.mean.slice(0, horizon).reduce((sum, value) => sum + value, 0);
  const severity = daysLeft <= 2 ? 'critical' : daysLeft <= 5 ? 'high' : daysLeft <= 9 ? 'medium' : 'low';
  return {
    dedupeKey: stockoutDedupeKey(position.skuId, position.locationId),
    severity,
    title: `${position.skuCode} at ${position.locationCode}: projected to run out in ${daysLeft} day${daysLeft === 1 ? '' : 's'} (${isoDay(stockoutOn)}), before replenishment`,
    refs: { skuId: position.skuId, locationId: position.locationId },
    codes: { skuCode: position.skuCode, locationCode: position.locationCode },
    evidence: {
      skuCode: position.skuCode,
      locationCode: position.locationCode,
      demandClass: forecast.demandClass,
      method: forecast.method,
      forecastPerDay: round(overHorizon / horizon),
      forecastOverHorizon: round(overHorizon, 1),
      interval: {
        level: forecast.intervalLevel,
        lower: round(
          forecast.lower.slice(0, horizon).reduce((sum, value) => sum + value, 0),
          1,
        ),
        upper: round(
          forecast.upper.slice(0, horizon).reduce((sum, value) => sum + value, 0),
          1,
        ),
      },
      available: position.available,
      openDemand: position.openDemand,
      safetyStock: position.safetyStock,
      inbound: outlook.inbound.slice(0, 50).map((line) => ({
        reference: line.poNumber,
        source: line.poNumber === IN_TRANSIT_REFERENCE ? ('transfer' as const) : ('purchase_order' as const),
        quantity: line.quantity,
        expectedOn: isoDay(line.expectedAt ?? new Date(now.getTime() + projection.leadTimeDays * DAY)),
      })),
      leadTimeDays: projection.leadTimeDays,
      leadTimeSource: projection.leadTimeSource,
      serviceLevel: settings.serviceLevel,
      alertConfidence: settings.stockoutAlertConfidence,
      horizonDays: horizon,
      projectedStockoutOn: isoDay(stockoutOn),
      daysLeft,
      expectedStockoutOn:
        projection.expectedStockoutInDays === null ? null : isoDay(new Date(now.getTime() + projection.expectedStockoutInDays * DAY)),
      suggestedOrderQuantity: projection.suggestedOrderQuantity,
      supplier: remedy.supplier,
      surplusElsewhere: remedy.surplusElsewhere.slice(0, 50),
      ...(remedy.keyChannels?.length ? { keyChannels: remedy.keyChannels.slice(0, 20) } : {}),
    },
    // Act the day before the projected stockout at the latest.
    resolveBy: new Date(stockoutOn.getTime() - DAY),
  };
}
