/** Dashboard: the tenant's operations KPIs over a window, weekly trends and exceptions by age, as server-side SVG. */
import { AGE_BUCKETS, type AgeBucket } from '../../../core/kpis/index.ts';
import type { Principal } from '../../../core/identity/roles.ts';
import type { KpiReport, KpiTrendPoint } from '../../dashboard/dashboard-data.ts';
import { BarChart } from '../charts/bar-chart.tsx';
import { LineChart } from '../charts/line-chart.tsx';
import { StackedBarChart } from '../charts/stacked-bar-chart.tsx';
import { formatPercent } from '../format.ts';
import { Layout } from '../layout.tsx';

export const DASHBOARD_WINDOWS = [7, 30, 90] as const;

const AGE_LABELS: Record<AgeBucket, string> = {
  under_4h: '< 4 h',
  '4h_to_24h': '4–24 h',
  '1d_to_3d': '1–3 d',
  '3d_to_7d': '3–7 d',
  over_7d: '> 7 d',
};

// Short waits read better in minutes; the KPIs are reported in hours.
const hours = (value: number) => (value < 1 ? `${Math.round(value * 60)} min` : `${Math.round(value * 10) / 10} h`);
const percent = (value: number) => formatPercent(value, 0);
const maybe = (value: number | null, format: (value: number) => string) => (value === null ? '—' : format(value));
const periodLabel = (point: KpiTrendPoint) => point.to.slice(5, 10);
const typeLabel = (type: string) => type.replaceAll('_', ' ');

function Stat({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return (
    <div class="stat">
      <div class="kpi-label">{label}</div>
      <div class="kpi">{value}</div>
      {detail ? <div class="muted">{detail}</div> : null}
    </div>
  );
}

function Meter({ ratio, label }: { ratio: number | null; label: string }) {
  const width = Math.round((ratio ?? 0) * 1000) / 10;
  return (
    <svg class="meter" viewBox="0 0 100 4" preserveAspectRatio="none" role="img" aria-label={label}>
      <rect class="track" x={0} y={0} width={100} height={4} rx={2} />
      <rect class="fill" x={0} y={0} width={width} height={4} rx={2} />
    </svg>
  );
}

export interface DashboardPageProps {
  principal: Principal;
  days: number;
  report: KpiReport;
  trend: KpiTrendPoint[];
}

export function DashboardPage({ principal, days, report, trend }: DashboardPageProps) {
  const open = report.openExceptions;
  const openRows = Object.entries(open.byType)
    .filter(([, stat]) => stat.total > 0)
    .sort((a, b) => b[1].total - a[1].total)
    .map(([type, stat]) => ({ label: typeLabel(type), segments: stat.byAge as Record<string, number> }));
  const automation = report.automationCoverage;
  const approvals = report.approvalTurnaround;
  return (
    <Layout title="Dashboard" path="/" principal={principal}>
      <h1>Dashboard</h1>
      <form method="get" action="/" class="filters card" aria-label="Reporting window">
        <div class="field">
          <label for="window-days">Window</label>
          <select id="window-days" name="days">
            {DASHBOARD_WINDOWS.map((option) => (
              <option value={String(option)} selected={option === days}>
                Last {option} days
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Show</button>
        <p class="muted">
          {report.window.from.slice(0, 10)} to {report.window.to.slice(0, 10)} · trends by week
        </p>
      </form>

      <section aria-labelledby="kpi-heading">
        <h2 id="kpi-heading">Key figures</h2>
        <div class="stat-grid">
          <Stat
            label="Order release time (avg)"
            value={maybe(report.orderReleaseTime.averageHours, hours)}
            detail={`p90 ${maybe(report.orderReleaseTime.p90Hours, hours)} · ${report.orderReleaseTime.count} orders`}
          />
          <Stat
            label="Backorder rate"
            value={maybe(report.backorderRate.rate, percent)}
            detail={`${report.backorderRate.count} of ${report.backorderRate.total} orders`}
          />
          <Stat
            label="Perfect order rate"
            value={maybe(report.perfectOrderRate.rate, percent)}
            detail={`${report.perfectOrderRate.count} of ${report.perfectOrderRate.total} shipped`}
          />
          <Stat
            label="Return-to-restock (avg)"
            value={maybe(report.returnToRestockCycleTime.averageHours, hours)}
            detail={`${report.returnToRestockCycleTime.count} returns`}
          />
          <Stat
            label="Open exceptions"
            value={String(open.total)}
            detail={`${open.byAge.over_7d + open.byAge['3d_to_7d']} older than 3 days`}
          />
          <Stat
            label="SLA breach rate"
            value={maybe(report.exceptionSlaBreachRate.rate, percent)}
            detail={`${report.exceptionSlaBreachRate.count} of ${report.exceptionSlaBreachRate.total} due`}
          />
          <div class="stat">
            <div class="kpi-label">Automation coverage</div>
            <div class="kpi">{maybe(automation.rate, percent)}</div>
            <div class="muted">
              {automation.automated} of {automation.resolved} resolved without manual work
            </div>
            <Meter ratio={automation.rate} label={`Automation coverage ${maybe(automation.rate, percent)}`} />
          </div>
          <Stat
            label="Approval turnaround (median)"
            value={maybe(approvals.medianHours, hours)}
            detail={`${approvals.decided} decided · ${approvals.pending} waiting${approvals.scope === 'own' ? ' · your proposals' : ''}`}
          />
        </div>
      </section>

      <section aria-labelledby="charts-heading">
        <h2 id="charts-heading">Trends and breakdowns</h2>
        <div class="grid">
          <LineChart
            id="chart-release-time"
            title="Order release time"
            description="Average hours from order capture to release to the warehouse, per week."
            data={trend.map((point) => ({ label: periodLabel(point), value: point.orderReleaseHours }))}
            format={hours}
          />
          <BarChart
            id="chart-backorder-rate"
            title="Backorder rate"
            description="Share of orders with a backordered line, per week."
            data={trend.map((point) => ({ label: periodLabel(point), value: point.backorderRate }))}
            format={percent}
            max={1}
            tone="warn"
          />
          <LineChart
            id="chart-perfect-order-rate"
            title="Perfect order rate"
            description="Share of shipped orders complete, on time, not returned and without an exception, per week."
            data={trend.map((point) => ({ label: periodLabel(point), value: point.perfectOrderRate }))}
            format={percent}
            max={1}
          />
          <BarChart
            id="chart-return-to-restock"
            title="Return-to-restock time"
            description="Average hours from a return's receipt to its stock being available again, per week."
            data={trend.map((point) => ({ label: periodLabel(point), value: point.returnToRestockHours }))}
            format={hours}
          />
          <StackedBarChart
            id="chart-open-exceptions"
            title="Open exceptions by type and age"
            description="Live exceptions per type, split by time since detection."
            series={AGE_BUCKETS.map((bucket) => ({ key: bucket, label: AGE_LABELS[bucket] }))}
            rows={openRows}
          />
          <BarChart
            id="chart-sla-breaches"
            title="SLA breaches"
            description="Share of exceptions due in the week that were resolved late or are still open past due."
            data={trend.map((point) => ({ label: periodLabel(point), value: point.slaBreachRate }))}
            format={percent}
            max={1}
            tone="danger"
          />
          <BarChart
            id="chart-automation"
            title="How exceptions were resolved"
            description="Exceptions resolved in the window: automatically (cause disappeared), by the copilot's remediation, or by a person."
            data={[
              { label: 'cause cleared', value: automation.byHow.auto },
              { label: 'copilot', value: automation.byHow.agent },
              { label: 'person', value: automation.byHow.human },
            ]}
            format={(value) => String(Math.round(value))}
            integer
          />
          <BarChart
            id="chart-approval-turnaround"
            title="Approval turnaround"
            description="Hours from a proposal needing approval to its decision, over proposals decided in the window."
            data={[
              { label: 'average', value: approvals.averageHours },
              { label: 'median', value: approvals.medianHours },
              { label: 'p90', value: approvals.p90Hours },
              { label: 'oldest waiting', value: approvals.oldestPendingHours },
            ]}
            format={hours}
          />
        </div>
      </section>

      <section aria-labelledby="supply-heading">
        <h2 id="supply-heading">Promises, stock and money</h2>
        <div class="grid">
          <LineChart
            id="chart-ats-accuracy"
            title="ATS accuracy"
            description="Share of order lines a channel accepted that were reserved without a backorder, per week."
            data={trend.map((point) => ({ label: periodLabel(point), value: point.atsAccuracy }))}
            format={percent}
            max={1}
          />
          <BarChart
            id="chart-ats-by-channel"
            title="ATS accuracy by channel"
            description={`Promised lines kept, per channel, in the window (worst SKU: ${report.atsAccuracy.worstSkus[0] ? `${report.atsAccuracy.worstSkus[0].skuCode} on ${report.atsAccuracy.worstSkus[0].channel}` : 'none'}).`}
            data={report.atsAccuracy.byChannel.map((channel) => ({ label: channel.channel, value: channel.rate }))}
            format={percent}
            max={1}
          />
          <BarChart
            id="chart-backorder-duration"
            title="Backorder duration"
            description="Average hours a backordered line waited until reserved (or the order cancelled), for backorders ending in the week."
            data={trend.map((point) => ({ label: periodLabel(point), value: point.backorderDurationHours }))}
            format={hours}
            tone="warn"
          />
          <LineChart
            id="chart-adjustment-frequency"
            title="Inventory adjustment frequency"
            description="Adjustments per active stocked SKU per week."
            data={trend.map((point) => ({ label: periodLabel(point), value: point.adjustmentsPerSkuPerWeek }))}
            format={(value) => String(Math.round(value * 1000) / 1000)}
          />
          <BarChart
            id="chart-adjustment-reasons"
            title="Adjustments by reason code"
            description="Inventory adjustments in the window by root cause (reason code)."
            data={report.adjustmentRootCauses.map((cause) => ({ label: cause.reasonCode, value: cause.adjustments }))}
            format={(value) => String(Math.round(value))}
            integer
          />
          <LineChart
            id="chart-gross-margin"
            title="Gross margin after fulfilment and returns"
            description="Margin over all channels after cost of goods, refunds, fulfilment and return handling, per week."
            data={trend.map((point) => ({ label: periodLabel(point), value: point.grossMarginRate }))}
            format={percent}
          />
          <BarChart
            id="chart-margin-by-channel"
            title="Gross margin by channel"
            description={`Margin rate per channel in the window (costs per shipment ${report.channelMargin.costs.perShipment}, per unit ${report.channelMargin.costs.perUnit}, per return ${report.channelMargin.costs.perReturn}).`}
            data={report.channelMargin.byChannel.map((channel) => ({
              label: `${channel.channel} (${channel.currency})`,
              value: channel.marginRate,
            }))}
            format={percent}
          />
          <LineChart
            id="chart-settlement-to-erp"
            title="Settlement to ERP reconciliation"
            description="Average hours from a payment's settlement to the ERP sync of its order, per week."
            data={trend.map((point) => ({ label: periodLabel(point), value: point.settlementToErpHours }))}
            format={hours}
          />
        </div>
      </section>
    </Layout>
  );
}
