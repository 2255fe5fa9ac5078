/**
 * The partner's own page: the scorecard of every granted tenant (one row each, totals last) over a
 * window, open exceptions by type and age across tenants, and a button per tenant that enters it —
 * an explicit, audited switch, after which the tenant's normal pages serve the person.
 */
import { AGE_BUCKETS } from '../../../core/kpis/index.ts';
import type { PartnerPrincipal } from '../../../core/partners/index.ts';
import type { PartnerScorecard, ScorecardMeasures } from '../../partner/partner-scorecard.ts';
import { SCORECARD_WINDOWS } from '../../api/partner-routes.ts';
import { StackedBarChart } from '../charts/stacked-bar-chart.tsx';
import { formatPercent } from '../format.ts';
import { Layout } from '../layout.tsx';

const percent = (value: number | null) => (value === null ? '—' : formatPercent(value, 0));
const hours = (value: number | null) => (value === null ? '—' : value < 1 ? `${Math.round(value * 60)} min` : `${value} h`);
const AGE_LABELS: Record<string, string> = {
  under_4h: '< 4 h',
  '4h_to_24h': '4–24 h',
  '1d_to_3d': '1–3 d',
  '3d_to_7d': '3–7 d',
  over_7d: '> 7 d',
};

function MeasureCells({ row }: { row: ScorecardMeasures }) {
  return (
    <>
      <td class="num" title={`${row.sla.breached} of ${row.sla.due} breached`}>
        {percent(row.sla.adherence)}
      </td>
      <td class="num" title={`over 3 days: ${row.openExceptions.byAge['3d_to_7d'] + row.openExceptions.byAge.over_7d}`}>
        {row.openExceptions.total}
      </td>
      <td class="num" title={`${row.automation.automated} of ${row.automation.resolved} resolved`}>
        {percent(row.automation.coverage)}
      </td>
      <td class="num">
        {hours(row.approvals.medianHours)} <span class="muted">({row.approvals.pending} waiting)</span>
      </td>
      <td class="num">
        {row.actions.executed} <span class="muted">/ {row.actions.failedDownstream + row.actions.unconfirmed} failed</span>
      </td>
      <td class="num">
        {row.adoption.activeUsers} <span class="muted">/ {row.adoption.chatsPerWeek} chats a week</span>
      </td>
      <td class="num">
        {row.supportLoad.handedOver} <span class="muted">/ {row.supportLoad.escalations} escalated</span>
      </td>
      <td class="num">
        {row.margin.length
          ? row.margin.map((margin) => (
              <div>
                {percent(margin.rate)}{' '}
                <span class="muted">
                  of {margin.revenue.toLocaleString('en-US')} {margin.currency}
                </span>
              </div>
            ))
          : '—'}
      </td>
    </>
  );
}

export interface PartnerPageProps {
  partner: PartnerPrincipal;
  scorecard: PartnerScorecard;
  days: number;
  /** The tenant the person works in now, if any. */
  currentTenantSlug: string | undefined;
  notice?: string | undefined;
}

export function PartnerPage({ partner, scorecard, days, currentTenantSlug, notice }: PartnerPageProps) {
  const openRows = Object.entries(scorecard.total.openExceptions.byType)
    .sort((a, b) => b[1].total - a[1].total)
    .map(([type, stat]) => ({ label: type.replaceAll('_', ' '), segments: stat.byAge as Record<string, number> }));
  return (
    <Layout title="All tenants" path="/partner" partner={partner}>
      <h1>{partner.partnerSlug}: all tenants</h1>
      {notice ? (
        <p class="notice error" role="alert">
          {notice}
        </p>
      ) : null}
      <p class="muted">
        Last {days} days · {scorecard.tenants.length} granted tenant{scorecard.tenants.length === 1 ? '' : 's'}
        {currentTenantSlug ? ` · working in ${currentTenantSlug}` : ''} ·{' '}
        {SCORECARD_WINDOWS.map((window) => (
          <>{window === days ? <strong>{window} d</strong> : <a href={`/partner?days=${window}`}>{window} d</a>} </>
        ))}
      </p>
      {scorecard.tenants.length === 0 ? (
        <p class="notice">No tenant is granted to {partner.partnerSlug} yet (the operator grants them: copilot partners grant).</p>
      ) : (
        <div class="table-wrap">
          <table id="partner-scorecard">
            <caption class="visually-hidden">Scorecard per tenant</caption>
            <thead>
              <tr>
                <th scope="col">Tenant</th>
                <th scope="col">SLA met</th>
                <th scope="col">Open exceptions</th>
                <th scope="col">Automation</th>
                <th scope="col">Approval wait (median)</th>
                <th scope="col">Actions / failed downstream</th>
                <th scope="col">Active people</th>
                <th scope="col">Hand-offs</th>
                <th scope="col">Gross margin</th>
                <th scope="col">
                  <span class="visually-hidden">Open</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {scorecard.tenants.map((tenant) => (
                <tr data-tenant={tenant.slug}>
                  <th scope="row">
                    {tenant.name} <span class="muted">{tenant.slug}</span>
                  </th>
                  <MeasureCells row={tenant} />
                  <td>
                    <form method="post" action="/partner/tenant">
                      <input type="hidden" name="tenant" value={tenant.slug} />
                      <button type="submit">{tenant.slug === currentTenantSlug ? 'Continue' : 'Work in this tenant'}</button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">All tenants</th>
                <MeasureCells row={scorecard.total} />
                <td />
              </tr>
            </tfoot>
          </table>
        </div>
      )}
      {openRows.length ? (
        <section>
          <h2>Open exceptions by type and age, all tenants</h2>
          <StackedBarChart
            id="partner-open-exceptions"
            title="Open exceptions by type and age"
            description="Live exceptions across every granted tenant, by type, split by time since detection"
            rows={openRows}
            series={AGE_BUCKETS.map((bucket) => ({ key: bucket, label: AGE_LABELS[bucket] ?? bucket }))}
          />
        </section>
      ) : null}
    </Layout>
  );
}
