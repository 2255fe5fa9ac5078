/**
 * Projects one SKU × location's stock day by day from its demand forecast — today's available, less
 * open demand not yet reserved, plus inbound purchase orders on their expected days — at the mean and at
 * the chosen service level (a quantile of cumulative demand; shown, and sizing the suggested order).
 * It is at risk of a stockout when, with the alert confidence (projecting at the low quantile of demand
 * that many outcomes exceed), stock runs out before replenishment can arrive: before the next open
 * purchase order's expected day, or within the supplier lead time of an order placed today, whichever
 * is later. Beyond both a reorder now still prevents it — a planning signal, not an exception. A series
 * already at risk stays so while its expected (mean) projection still runs out before replenishment:
 * raising and clearing at different levels keeps a warning from flickering off and on (and restarting
 * with less notice) while the projection wobbles around the raising threshold. Backtests chose the
 * confidence: precision first, so the queue is not trained to ignore it.
 */
import { z } from 'zod';
import type { DemandForecast } from './forecast-demand.ts';
import { normalQuantile } from './methods/normal-quantile.ts';

export const stockPositionSchema = z.object({
  available: z.number().int(),
  /** Open order demand not yet reserved against this location's stock. */
  openDemand: z.number().int().min(0).default(0),
  safetyStock: z.number().int().min(0).default(0),
  inbound: z.array(z.object({ inDays: z.number().int(), quantity: z.number().int().min(0), reference: z.string().optional() })).default([]),
  /** Supplier lead time in days; null when unknown (the policy's default is used and said so). */
  leadTimeDays: z.number().min(0).max(365).nullable(),
});
export type StockPosition = z.input<typeof stockPositionSchema>;

export const riskSettingsSchema = z.object({
  serviceLevel: z.number().gt(0.5).lt(1),
  /**
   * How sure a stockout must be before it is raised: the projection at the (1 − confidence) quantile of
   * demand — demand that low or higher happens with this probability — must run out.
   */
  alertConfidence: z.number().gt(0.5).lt(1),
  horizonDays: z.number().int().min(1).max(120),
  defaultLeadTimeDays: z.number().int().min(1).max(365),
  /** The series is already at risk (a live exception): it is held until the expected projection recovers. */
  alreadyAtRisk: z.boolean().default(false),
});
export type RiskSettings = z.input<typeof riskSettingsSchema>;

export interface ProjectedDay {
  /** Days from today (1 = tomorrow). */
  inDays: number;
  demand: number;
  inbound: number;
  /** Expected stock at the end of the day. */
  expected: number;
  /** Stock at the end of the day if demand runs at the service-level quantile. */
  atServiceLevel: number;
}

export interface StockProjection {
  days: ProjectedDay[];
  /** First day the service-level projection is below zero (null: not within the horizon). */
  stockoutInDays: number | null;
  /** First day stock runs out with at least the alert confidence; what the risk decision uses. */
  confidentStockoutInDays: number | null;
  /** First day the expected (mean) projection is below zero. */
  expectedStockoutInDays: number | null;
  leadTimeDays: number;
  /** Days until replenishment can arrive: the next open PO's expected day or the lead time, whichever is later. */
  replenishmentInDays: number;
  leadTimeSource: 'history' | 'policy_default';
  atRisk: boolean;
  /** Units to order now to cover lead time + horizon at the service level, above what is on hand and inbound. */
  suggestedOrderQuantity: number;
  /**
   * Units on hand now beyond what this location needs itself — safety stock plus demand over lead time
   * + horizon at the service level, inbound not counted (it has not arrived) — so movable elsewhere.
   */
  surplusQuantity: number;
  serviceLevel: number;
}

export function projectStock(forecast: DemandForecast, input: StockPosition, riskSettings: RiskSettings): StockProjection {
  const position = stockPositionSchema.parse(input);
  const settings = riskSettingsSchema.parse(riskSettings);
  const z = normalQuantile(settings.serviceLevel);
  const leadTimeDays = position.leadTimeDays ?? settings.defaultLeadTimeDays;
  const horizon = Math.min(settings.horizonDays, forecast.mean.length);
  const start = position.available - position.openDemand;
  const inboundByDay = new Map<number, number>();
  for (const receipt of position.inbound) {
    // An overdue receipt is assumed to arrive tomorrow: the projection cannot know more than that.
    const day = Math.max(1, receipt.inDays);
    inboundByDay.set(day, (inboundByDay.get(day) ?? 0) + receipt.quantity);
  }
  const firstInbound = inboundByDay.size ? Math.min(...inboundByDay.keys()) : 0;
  const replenishmentInDays = Math.max(leadTimeDays, firstInbound);
  const days: ProjectedDay[] = [];
  let cumulativeMean = 0;
  let cumulativeInbound = 0;
  const zAlert = normalQuantile(1 - settings.alertConfidence);
  let confidentStockoutInDays: number | null = null;
  let stockoutInDays: number | null = null;
  let expectedStockoutInDays: number | null = null;
  for (let day = 1; day <= horizon; day += 1) {
    const demand = forecast.mean[day - 1]!;
    cumulativeMean += demand;
    const cumulativeSigma = forecast.cumulativeSigma[day - 1]!;
    const inbound = inboundByDay.get(day) ?? 0;
    cumulativeInbound += inbound;
    const expected = start + cumulativeInbound - cumulativeMean;
    const atServiceLevel = start + cumulativeInbound - (cumulativeMean + z * cumulativeSigma);
    if (stockoutInDays === null && atServiceLevel < 0) stockoutInDays = day;
    const atConfidence = start + cumulativeInbound - (cumulativeMean + zAlert * cumulativeSigma);
    if (confidentStockoutInDays === null && atConfidence < 0) confidentStockoutInDays = day;
    if (expectedStockoutInDays === null && expected < 0) expectedStockoutInDays = day;
    days.push({ inDays: day, demand, inbound, expected, atServiceLevel });
  }
  const coverDays = Math.min(forecast.mean.length, Math.ceil(leadTimeDays) + horizon);
  let coverMean = 0;
  for (let day = 0; day < coverDays; day += 1) coverMean += forecast.mean[day] ?? forecast.mean.at(-1)!;
  const coverSigma = forecast.cumulativeSigma[coverDays - 1]!;
  const allInbound = position.inbound.reduce((sum, receipt) => sum + receipt.quantity, 0);
  const need = coverMean + z * coverSigma + position.safetyStock - (start + allInbound);
  return {
    days,
    stockoutInDays,
    expectedStockoutInDays,
    leadTimeDays,
    replenishmentInDays,
    leadTimeSource: position.leadTimeDays === null ? 'policy_default' : 'history',
    atRisk:
      (confidentStockoutInDays !== null && confidentStockoutInDays <= replenishmentInDays) ||
      (settings.alreadyAtRisk && expectedStockoutInDays !== null && expectedStockoutInDays <= replenishmentInDays),
    confidentStockoutInDays,
    suggestedOrderQuantity: Math.max(0, Math.ceil(need)),
    surplusQuantity: Math.max(0, Math.floor(start - position.safetyStock - (coverMean + z * coverSigma))),
    serviceLevel: settings.serviceLevel,
  };
}
