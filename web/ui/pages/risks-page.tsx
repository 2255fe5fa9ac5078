/**
 * Predicted exceptions by days left: every live stockout_risk and late_shipment_risk, soonest first,
 * with what is at stake and a link to the exception, the SKU's forecast or the order.
 */
import type { OperationalException } from '../../../core/exceptions/index.ts';
import type { Principal } from '../../../core/identity/roles.ts';
import { SeverityBadge, StatusBadge } from '../components/exception-badges.tsx';
import { forecastAnchor } from '../components/sku-forecast.tsx';
import { formatDateTime } from '../format.ts';
import { Layout } from '../layout.tsx';

const DAY = 86_400_000;

export interface RiskRow {
  exception: OperationalException;
  /** Days until the predicted event (stockout, or the ship-by date), counted from now. */
  daysLeft: number;
  /** When it happens: the projected stockout day, or the ship-by time. */
  due: string;
  what: string;
  href: string;
}

/**
 * Rows for the predicted exceptions, soonest first. A stockout's days left count from now to the start
 * of its projected stockout day (the last forecast run's date, aged since); a late shipment's to its ship-by time.
 */
export function riskRows(exceptions: readonly OperationalException[], now: Date): RiskRow[] {
  const rows = exceptions.flatMap((exception): RiskRow[] => {
    if (exception.type === 'stockout_risk') {
      const evidence = exception.evidence;
      return [
        {
          exception,
          daysLeft: Math.max(0, (Date.parse(evidence.projectedStockoutOn) - now.getTime()) / DAY),
          due: evidence.projectedStockoutOn,
          what: `${evidence.skuCode} at ${evidence.locationCode}: ${evidence.available} available, forecast ${evidence.forecastPerDay}/day, suggested order ${evidence.suggestedOrderQuantity}`,
          href: `/inventory/${encodeURIComponent(evidence.skuCode)}#${forecastAnchor(evidence.locationCode)}`,
        },
      ];
    }
    if (exception.type === 'late_shipment_risk') {
      const evidence = exception.evidence;
      return [
        {
          exception,
          daysLeft: Math.max(0, (Date.parse(evidence.promisedAt) - now.getTime()) / DAY),
          due: formatDateTime(new Date(evidence.promisedAt)),
          what: `order ${evidence.orderNumber}: ${Math.round(evidence.probabilityLate * 100)}% likely late (${evidence.stage.replace('_', ' ')}${evidence.blocked ? ', on hold or backordered' : ''}${evidence.locationCode ? ` at ${evidence.locationCode}` : ''})`,
          href: `/orders/${encodeURIComponent(evidence.orderNumber)}`,
        },
      ];
    }
    return [];
  });
  return rows.sort((a, b) => a.daysLeft - b.daysLeft || a.exception.id.localeCompare(b.exception.id));
}

const daysText = (days: number) => (days < 1 ? `${Math.round(days * 24)} h` : `${days.toFixed(1)} d`);

export function RisksPage({ principal, rows, now }: { principal: Principal; rows: RiskRow[]; now: Date }) {
  return (
    <Layout title="Risks" path="/risks" principal={principal}>
      <h1>Predicted risks</h1>
      <p class="muted">
        Stockouts and late shipments the nightly forecast expects, soonest first (as of {formatDateTime(now)}). Each is an exception in the
        queue, triaged and gated like the rest; it clears by itself when the projection recovers.
      </p>
      {rows.length === 0 ? (
        <p class="empty">No predicted risks: the last forecast run expects no stockout before replenishment and no late shipment.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption>{rows.length} predicted exceptions by days left</caption>
            <thead>
              <tr>
                <th scope="col" class="num">
                  Days left
                </th>
                <th scope="col">Type</th>
                <th scope="col">At stake</th>
                <th scope="col">Due</th>
                <th scope="col">Severity</th>
                <th scope="col">Status</th>
                <th scope="col">Exception</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr data-type={row.exception.type}>
                  <td class="num" data-days-left={row.daysLeft.toFixed(2)}>
                    {daysText(row.daysLeft)}
                  </td>
                  <td>{row.exception.type === 'stockout_risk' ? 'stockout' : 'late shipment'}</td>
                  <td>
                    <a href={row.href}>{row.what}</a>
                  </td>
                  <td>{row.due}</td>
                  <td>
                    <SeverityBadge severity={row.exception.severity} />
                  </td>
                  <td>
                    <StatusBadge status={row.exception.status} />
                  </td>
                  <td>
                    <a href={`/exceptions/${row.exception.id}`}>{row.exception.title}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}
