/**
 * Replays stockout-risk alerts over a SKU × location's daily history: on each day the forecast sees
 * only the days before, the position is the previous evening's (on hand, open PO quantity and its
 * expected day as known then), the lead time is what the PO history up to then shows. Alerts on
 * consecutive days form one warning; a warning is right when the stock actually ran out (demand went
 * unfilled, or the day closed at zero) within the horizon after it began, and its lead is the days
 * from its first alert to that stockout. Stockouts with no warning in the horizon before them are missed.
 * A warning raised yesterday is held by the same rule as a live exception (see project-stock.ts).
 */
import type { DailySeries } from '../core/inventory/index.ts';
import { forecastDemand } from './forecast-demand.ts';
import { projectStock, type RiskSettings } from './project-stock.ts';

export interface AlertScore {
  alerts: number;
  truePositives: number;
  events: number;
  detected: number;
  leadDays: number[];
}

export const emptyAlertScore = (): AlertScore => ({ alerts: 0, truePositives: 0, events: 0, detected: 0, leadDays: [] });

export function mergeAlertScores(scores: readonly AlertScore[]): AlertScore {
  const total = emptyAlertScore();
  for (const score of scores) {
    total.alerts += score.alerts;
    total.truePositives += score.truePositives;
    total.events += score.events;
    total.detected += score.detected;
    total.leadDays.push(...score.leadDays);
  }
  return total;
}

export interface AlertSummary {
  precision: number | null;
  recall: number | null;
  medianLeadDays: number | null;
  alerts: number;
  events: number;
}

const round = (value: number) => Math.round(value * 1000) / 1000;

export function summariseAlerts(score: AlertScore): AlertSummary {
  const sorted = [...score.leadDays].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  const median = sorted.length === 0 ? null : sorted.length % 2 ? sorted[Math.floor(middle)]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return {
    precision: score.alerts ? round(score.truePositives / score.alerts) : null,
    recall: score.events ? round(score.detected / score.events) : null,
    medianLeadDays: median,
    alerts: score.alerts,
    events: score.events,
  };
}

/** Supplier lead times seen in the history before `upTo`: from the day an order went open to the day it arrived. */
export function observedLeadTimes(series: DailySeries, upTo: number): number[] {
  const leads: number[] = [];
  let placedOn: number | null = null;
  for (let day = 1; day < Math.min(upTo, series.onOrder.length); day += 1) {
    const before = series.onOrder[day - 1]!;
    const now = series.onOrder[day]!;
    if (before === 0 && now > 0) placedOn = day;
    if (before > 0 && now < before && placedOn !== null) {
      leads.push(day - placedOn);
      placedOn = null;
    }
  }
  return leads;
}

export const median = (values: readonly number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const stockedOut = (series: DailySeries, day: number) =>
  series.filled[day]! < series.demand[day]! || (series.onHand[day]! <= 0 && series.demand[day]! > 0);

export function backtestStockoutAlerts(
  series: DailySeries,
  settings: RiskSettings,
  window: { days: number; minTrainingDays: number },
): AlertScore {
  const score = emptyAlertScore();
  const length = series.demand.length;
  const first = Math.max(window.minTrainingDays, length - window.days);
  const last = length - settings.horizonDays;
  if (first >= last) return score;
  const alerted: boolean[] = new Array(length).fill(false);
  for (let day = first; day < last; day += 1) {
    // Already out of stock: that is the reactive exception's business, not a prediction.
    if (series.onHand[day - 1]! <= 0) continue;
    const forecast = forecastDemand(series.demand.slice(0, day), { horizon: settings.horizonDays });
    if (!forecast.ok) continue;
    const leads = observedLeadTimes(series, day);
    const next = series.nextReceiptOffset[day - 1];
    const projection = projectStock(
      forecast,
      {
        available: series.onHand[day - 1]!,
        inbound:
          series.onOrder[day - 1]! > 0 && next !== null && next !== undefined
            ? [{ inDays: next - day + 1, quantity: series.onOrder[day - 1]! }]
            : [],
        leadTimeDays: median(leads),
      },
      // Yesterday's warning is held while the expected projection still runs out (as the live run does).
      { ...settings, alreadyAtRisk: alerted[day - 1] ?? false },
    );
    alerted[day] = projection.atRisk;
  }
  // Score warnings (runs of alert days) against stockout events (runs of stockout days).
  for (let day = first; day < last; day += 1) {
    if (!alerted[day] || alerted[day - 1]) continue;
    score.alerts += 1;
    for (let ahead = day; ahead < Math.min(length, day + settings.horizonDays); ahead += 1) {
      if (stockedOut(series, ahead)) {
        score.truePositives += 1;
        score.leadDays.push(ahead - day);
        break;
      }
    }
  }
  for (let day = first + settings.horizonDays; day < length; day += 1) {
    if (!stockedOut(series, day) || stockedOut(series, day - 1)) continue;
    score.events += 1;
    for (let before = Math.max(first, day - settings.horizonDays); before <= day; before += 1) {
      if (alerted[before]) {
        score.detected += 1;
        break;
      }
    }
  }
  return score;
}
