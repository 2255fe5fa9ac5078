/**
 * One SKU's outlook at every fulfilling location, for the inventory page: the recent daily history, the
 * demand forecast with its interval (or why there is none), the stock projection with inbound, and the
 * live stockout_risk exception where one is raised. The same inputs and functions as the forecast run,
 * read for one SKU.
 */
import { requireSku } from '../core/catalog/index.ts';
import type { Database } from '../core/db/database.ts';
import { withTenant } from '../core/db/tenant-scope.ts';
import { listExceptions, type OperationalException } from '../core/exceptions/index.ts';
import { readDailyHistory, readStockPositions } from '../core/inventory/index.ts';
import { readInboundLines, readSupplierLeadTimes } from '../core/purchasing/index.ts';
import type { ForecastingSettings } from '../policies/index.ts';
import { loadForecastingSettings } from './forecast-settings.ts';
import { buildOutlooks, stockoutDedupeKey, type SeriesOutlook } from './stockout-findings.ts';

const DAY = 86_400_000;
const isoDay = (date: Date) => date.toISOString().slice(0, 10);

export interface LocationOutlook extends SeriesOutlook {
  /** The last `shownDays` days of history, oldest first, ending yesterday (days before the series began are absent). */
  recent: { firstDay: string; demand: number[]; onHand: number[] };
  risk: OperationalException | null;
}

export interface SkuOutlook {
  skuCode: string;
  settings: ForecastingSettings;
  asOf: string;
  locations: LocationOutlook[];
}

export async function readSkuOutlook(
  db: Database,
  tenantId: string,
  sku: string,
  options: { now?: Date; historyDays?: number; shownDays?: number } = {},
): Promise<SkuOutlook> {
  const now = options.now ?? new Date();
  const shownDays = options.shownDays ?? 56;
  const settings = await loadForecastingSettings(db, tenantId);
  const yesterday = new Date(now.getTime() - DAY);
  const inputs = await withTenant(db, tenantId, async (tx) => {
    const record = await requireSku(tx, sku);
    const skuIds = [record.id];
    return {
      sku: record,
      history: await readDailyHistory(tx, {
        from: isoDay(new Date(yesterday.getTime() - (options.historyDays ?? 365) * DAY)),
        to: isoDay(yesterday),
        skuIds,
      }),
      positions: await readStockPositions(tx, { skuIds }),
      inbound: await readInboundLines(tx, { skuIds }),
      leadTimes: (await readSupplierLeadTimes(tx)).filter((stat) => stat.skuId === record.id),
      risks: await listExceptions(tx, { type: 'stockout_risk', status: 'live', skuId: record.id, limit: 1000 }, now),
    };
  });
  const risks = new Map(inputs.risks.map((risk) => [risk.dedupeKey, risk]));
  const history = new Map(inputs.history.map((series) => [series.locationId, series]));
  const outlooks = buildOutlooks({ ...inputs, settings, now, liveKeys: new Set(risks.keys()) });
  return {
    skuCode: inputs.sku.code,
    settings,
    asOf: now.toISOString(),
    locations: outlooks.map((outlook) => {
      const series = history.get(outlook.position.locationId);
      const keep = Math.min(shownDays, series?.demand.length ?? 0);
      const total = series?.demand.length ?? 0;
      const firstDay = series ? isoDay(new Date(Date.parse(series.firstDay) + (total - keep) * DAY)) : isoDay(yesterday);
      return {
        ...outlook,
        recent: { firstDay, demand: series?.demand.slice(total - keep) ?? [], onHand: series?.onHand.slice(total - keep) ?? [] },
        risk: risks.get(stockoutDedupeKey(outlook.position.skuId, outlook.position.locationId)) ?? null,
      };
    }),
  };
}
