/** Everything the dashboard and GET /v1/kpis show: the core KPIs for a window, weekly trends, automation and approvals. */
import type { Database } from '../../core/db/database.ts';
import { withTenant } from '../../core/db/tenant-scope.ts';
import type { Principal } from '../../core/identity/roles.ts';
import { getKpis, type Kpis } from '../../core/kpis/index.ts';
import { approvalTurnaround, loadCostSettings, type ApprovalTurnaround } from '../../policies/index.ts';
import { automationCoverage, type AutomationCoverage } from './automation-coverage.ts';

export interface KpiReport extends Kpis {
  automationCoverage: AutomationCoverage;
  approvalTurnaround: ApprovalTurnaround;
}

export interface KpiTrendPoint {
  from: string;
  to: string;
  orderReleaseHours: number | null;
  backorderRate: number | null;
  perfectOrderRate: number | null;
  returnToRestockHours: number | null;
  slaBreachRate: number | null;
  atsAccuracy: number | null;
  backorderDurationHours: number | null;
  adjustmentsPerSkuPerWeek: number | null;
  grossMarginRate: number | null;
  settlementToErpHours: number | null;
}

/** Margin over all channels (null without revenue). */
function overallMarginRate(kpis: Kpis): number | null {
  const revenue = kpis.channelMargin.byChannel.reduce((sum, channel) => sum + channel.revenue, 0);
  const margin = kpis.channelMargin.byChannel.reduce((sum, channel) => sum + channel.grossMargin, 0);
  return revenue > 0 ? Math.round((margin / revenue) * 10_000) / 10_000 : null;
}

const DAY_MS = 86_400_000;

export async function loadKpiReport(db: Database, principal: Principal, window: { from: Date; to: Date }): Promise<KpiReport> {
  const kpis = await withTenant(db, principal.tenantId, async (tx) =>
    getKpis(tx, window, { costs: await loadCostSettings(tx, principal.tenantId) }),
  );
  return {
    ...kpis,
    automationCoverage: await automationCoverage(db, principal.tenantId, window),
    approvalTurnaround: await approvalTurnaround(db, principal, window, window.to),
  };
}

/** Consecutive windows of `days` ending at `to`, oldest first. */
export async function loadKpiTrend(
  db: Database,
  tenantId: string,
  options: { to: Date; periods: number; days: number },
): Promise<KpiTrendPoint[]> {
  return withTenant(db, tenantId, async (tx) => {
    const points: KpiTrendPoint[] = [];
    const costs = await loadCostSettings(tx, tenantId);
    for (let index = options.periods - 1; index >= 0; index--) {
      const to = new Date(options.to.getTime() - index * options.days * DAY_MS);
      const from = new Date(to.getTime() - options.days * DAY_MS);
      const kpis = await getKpis(tx, { from, to }, { costs });
      points.push({
        from: from.toISOString(),
        to: to.toISOString(),
        orderReleaseHours: kpis.orderReleaseTime.averageHours,
        backorderRate: kpis.backorderRate.rate,
        perfectOrderRate: kpis.perfectOrderRate.rate,
        returnToRestockHours: kpis.returnToRestockCycleTime.averageHours,
        slaBreachRate: kpis.exceptionSlaBreachRate.rate,
        atsAccuracy: kpis.atsAccuracy.rate,
        backorderDurationHours: kpis.backorderDuration.averageHours,
        adjustmentsPerSkuPerWeek: kpis.inventoryAdjustmentFrequency.perSkuPerWeek,
        grossMarginRate: overallMarginRate(kpis),
        settlementToErpHours: kpis.settlementToErp.averageHours,
      });
    }
    return points;
  });
}
