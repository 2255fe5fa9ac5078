/**
 * The forecast half of a SKU's inventory page, per fulfilling location: demand history with the
 * forecast and its interval, the projected stock with inbound, and the risk — a live stockout_risk
 * exception linked, or why there is none (no forecast and its reason, or the projection holds).
 */
import type { SkuOutlook } from '../../../forecasting/index.ts';
import { ForecastChart } from '../charts/forecast-chart.tsx';
import { ProjectionChart } from '../charts/projection-chart.tsx';

const DAY = 86_400_000;
const isoDay = (time: number) => new Date(time).toISOString().slice(0, 10);
const round1 = (value: number) => Math.round(value * 10) / 10;

const NO_FORECAST_TEXT: Record<string, string> = {
  no_history: 'no sales history at this location',
  short_history: 'fewer than 14 days of history',
  all_zero: 'no demand in the history',
  too_few_sales: 'demand on fewer than two days',
  invalid_values: 'the history holds invalid values',
};

/** The id of a location's forecast card on the inventory page, for links from exceptions and the risks view. */
export const forecastAnchor = (locationCode: string): string => `forecast-${locationCode.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;

export function SkuForecast({ outlook }: { outlook: SkuOutlook }) {
  const today = Date.parse(outlook.asOf.slice(0, 10));
  const horizon = outlook.settings.horizonDays;
  return (
    <section aria-labelledby="forecast-heading">
      <h2 id="forecast-heading">Forecast and risk</h2>
      {outlook.locations.length === 0 ? <p class="muted">No fulfilling location stocks this SKU.</p> : null}
      {outlook.locations.map((location) => {
        const code = location.position.locationCode;
        const anchor = forecastAnchor(code);
        const slug = anchor.slice('forecast-'.length);
        const { forecast, projection, risk } = location;
        const historyDays = location.recent.demand.map((_, index) => isoDay(Date.parse(location.recent.firstDay) + index * DAY));
        const forecastDays = Array.from({ length: horizon }, (_, index) => isoDay(today + (index + 1) * DAY));
        return (
          <article class="card forecast-location" id={anchor} data-location={code} aria-labelledby={`forecast-${slug}-heading`}>
            <h3 id={`forecast-${slug}-heading`}>
              {code}{' '}
              {risk ? (
                <a class="badge danger" href={`/exceptions/${risk.id}`} data-risk="stockout_risk">
                  Stockout risk: {(risk.evidence as { daysLeft?: number }).daysLeft ?? '?'} days left
                </a>
              ) : projection?.atRisk ? (
                <span class="badge warn">At risk (not yet raised)</span>
              ) : forecast.ok ? (
                <span class="badge ok">No stockout projected before replenishment</span>
              ) : (
                <span class="badge">No forecast</span>
              )}
            </h3>
            {forecast.ok ? (
              <p class="legend">
                {forecast.demandClass} demand, {forecast.method.replace('_', ' ')}:{' '}
                {round1(forecast.mean.slice(0, horizon).reduce((a, b) => a + b, 0))} units expected over {horizon} days; band ={' '}
                {Math.round(forecast.intervalLevel * 100)}% interval. Available {location.position.available}, safety stock{' '}
                {location.position.safetyStock}, unreserved demand {location.position.openDemand}.
              </p>
            ) : (
              <p class="legend" data-no-forecast={forecast.reason}>
                No forecast: {NO_FORECAST_TEXT[forecast.reason] ?? forecast.reason} (<code>{forecast.reason}</code>). No risk is assessed.
              </p>
            )}
            {forecast.ok ? (
              <ForecastChart
                id={`demand-${slug}`}
                title={`Daily demand at ${code}: history and forecast`}
                description={`Demand per day over the last ${historyDays.length} days, then the forecast mean for ${horizon} days with its ${Math.round(forecast.intervalLevel * 100)}% prediction interval.`}
                historyDays={historyDays}
                history={location.recent.demand}
                forecastDays={forecastDays}
                mean={forecast.mean.slice(0, horizon)}
                lower={forecast.lower.slice(0, horizon)}
                upper={forecast.upper.slice(0, horizon)}
                intervalLevel={forecast.intervalLevel}
              />
            ) : null}
            {projection ? (
              <>
                <ProjectionChart
                  id={`stock-${slug}`}
                  title={`Projected stock at ${code}`}
                  description={`Expected stock and stock at the ${Math.round(projection.serviceLevel * 100)}% service level for the next ${projection.days.length} days, with inbound purchase orders on their expected days.`}
                  days={projection.days.map((day) => isoDay(today + day.inDays * DAY))}
                  expected={projection.days.map((day) => day.expected)}
                  atServiceLevel={projection.days.map((day) => day.atServiceLevel)}
                  inbound={projection.days.map((day) => day.inbound)}
                  serviceLevel={projection.serviceLevel}
                />
                <dl class="facts">
                  <dt>Runs out (service level)</dt>
                  <dd>
                    {projection.stockoutInDays === null
                      ? `not within ${projection.days.length} days`
                      : isoDay(today + projection.stockoutInDays * DAY)}
                  </dd>
                  <dt>Replenishment can arrive</dt>
                  <dd>
                    in {Math.ceil(projection.replenishmentInDays)} days (lead time {projection.leadTimeDays} days,{' '}
                    {projection.leadTimeSource === 'history' ? 'from received POs' : 'policy default'})
                  </dd>
                  <dt>Suggested order</dt>
                  <dd>{projection.suggestedOrderQuantity} units</dd>
                  <dt>Inbound</dt>
                  <dd>
                    {location.inbound.length
                      ? location.inbound
                          .map(
                            (line) =>
                              `${line.poNumber}: ${line.quantity}${line.expectedAt ? ` due ${isoDay(line.expectedAt.getTime())}` : ' (no date)'}`,
                          )
                          .join('; ')
                      : 'none open'}
                  </dd>
                </dl>
              </>
            ) : null}
          </article>
        );
      })}
    </section>
  );
}
