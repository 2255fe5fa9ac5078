/**
 * Forecasts one daily demand series: classify it, pick the method fit for its class, and return the
 * mean per day with a prediction interval. A series that cannot be forecast gets a reason instead
 * (no history, too short, all zero, a single sale, invalid values) — never NaN.
 */
import { z } from 'zod';
import { croston, sba, tsb, type RateFit } from './methods/croston.ts';
import { classifyDemand, type DemandClass, type NoForecastReason } from './methods/demand-class.ts';
import {
  fitExponentialSmoothing,
  smoothingCumulativeVariances,
  smoothingForecast,
  smoothingVariances,
} from './methods/exponential-smoothing.ts';
import { normalQuantile } from './methods/normal-quantile.ts';

export const FORECAST_METHODS = ['ets_weekly', 'ses', 'croston', 'sba', 'tsb'] as const;
export type ForecastMethod = (typeof FORECAST_METHODS)[number];

export const forecastOptionsSchema = z.object({
  horizon: z.number().int().min(1).max(365),
  /** Central coverage of the interval (0.9 = 5th to 95th percentile). */
  intervalLevel: z.number().gt(0.5).lt(1).default(0.9),
});
export type ForecastOptions = z.input<typeof forecastOptionsSchema>;

export interface DemandForecast {
  ok: true;
  demandClass: DemandClass;
  method: ForecastMethod;
  adi: number;
  cv2: number;
  /** Expected demand for each day of the horizon. */
  mean: number[];
  /** Standard deviation of each day's forecast error. */
  sigma: number[];
  /**
   * Standard deviation of the total demand over days 1 … h (index h − 1). Larger than the root of the
   * summed daily variances: an error in the level carries into every later day.
   */
  cumulativeSigma: number[];
  lower: number[];
  upper: number[];
  intervalLevel: number;
}

export interface NoForecast {
  ok: false;
  reason: NoForecastReason;
  detail: string;
}

const REASON_DETAIL: Record<NoForecastReason, string> = {
  no_history: 'the series has no days of history',
  short_history: 'fewer than 14 days of history: not enough to see a weekly pattern',
  all_zero: 'no demand at all in the history',
  too_few_sales: 'demand on fewer than two days: no interval or size can be estimated',
  invalid_values: 'the history holds a negative or non-numeric demand value',
};

/** Which method serves which class (Syntetos–Boylan): smoothing where demand is regular, Croston-type where it is not. */
export const METHOD_FOR_CLASS: Record<DemandClass, ForecastMethod> = {
  smooth: 'ets_weekly',
  erratic: 'ets_weekly',
  intermittent: 'sba',
  lumpy: 'tsb',
};

/** The smoothing constant the Croston-type methods run with (their defaults). */
const RATE_ALPHA = 0.1;

/** Mean squared one-step error over the fitted part (the variance estimate for a flat-rate method). */
function residualVariance(values: readonly number[], fit: RateFit): number {
  let sse = 0;
  let count = 0;
  fit.fitted.forEach((fitted, index) => {
    if (Number.isNaN(fitted)) return;
    sse += (values[index]! - fitted) ** 2;
    count += 1;
  });
  return count > 0 ? sse / count : 0;
}

function rateMethod(method: 'croston' | 'sba' | 'tsb', values: readonly number[]): RateFit {
  if (method === 'croston') return croston(values);
  if (method === 'sba') return sba(values);
  return tsb(values);
}

export function forecastDemand(
  values: readonly number[],
  input: ForecastOptions,
  methodOverride?: ForecastMethod,
): DemandForecast | NoForecast {
  const options = forecastOptionsSchema.parse(input);
  const classification = classifyDemand(values);
  if (!classification.ok) return { ok: false, reason: classification.reason, detail: REASON_DETAIL[classification.reason] };
  const method = methodOverride ?? METHOD_FOR_CLASS[classification.demandClass];
  let mean: number[];
  let variances: number[];
  let cumulativeVariances: number[];
  let chosen: ForecastMethod = method;
  if (method === 'ets_weekly' || method === 'ses') {
    const model = fitExponentialSmoothing(values);
    chosen = model.seasonal ? 'ets_weekly' : 'ses';
    mean = smoothingForecast(model, options.horizon).map((value) => Math.max(0, value));
    variances = smoothingVariances(model, options.horizon);
    cumulativeVariances = smoothingCumulativeVariances(model, options.horizon);
  } else {
    const fit = rateMethod(method, values);
    const variance = residualVariance(values, fit);
    mean = new Array(options.horizon).fill(Math.max(0, fit.rate));
    variances = new Array(options.horizon).fill(variance);
    // Days are independent around the rate, but the rate itself is an estimate: smoothing with α leaves
    // it a variance of about σ²·α / (2 − α), shared by every day, so the total over h days adds h² of it.
    const rateVariance = (variance * RATE_ALPHA) / (2 - RATE_ALPHA);
    cumulativeVariances = variances.map((_, index) => (index + 1) * variance + (index + 1) ** 2 * rateVariance);
  }
  const z = normalQuantile(0.5 + options.intervalLevel / 2);
  const sigma = variances.map((variance) => Math.sqrt(Math.max(0, variance)));
  const cumulativeSigma = cumulativeVariances.map((variance) => Math.sqrt(Math.max(0, variance)));
  return {
    ok: true,
    demandClass: classification.demandClass,
    method: chosen,
    adi: classification.adi,
    cv2: classification.cv2,
    mean,
    sigma,
    cumulativeSigma,
    lower: mean.map((value, index) => Math.max(0, value - z * sigma[index]!)),
    upper: mean.map((value, index) => value + z * sigma[index]!),
    intervalLevel: options.intervalLevel,
  };
}
