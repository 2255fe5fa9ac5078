/**
 * Rolling-origin backtest of the demand forecasts: at each origin the model sees only the days before
 * it, forecasts the next `horizon` days, and is scored against what happened. Accuracy is reported per
 * demand class (the class the series had at that origin) as mean MASE and relative bias, next to the
 * seasonal-naive baseline scored on the same windows.
 */
import { z } from 'zod';
import { forecastDemand } from './forecast-demand.ts';
import { meanAbsoluteError, seasonalNaive, seasonalNaiveScale } from './methods/accuracy.ts';
import { DEMAND_CLASSES, type DemandClass } from './methods/demand-class.ts';

export const backtestOptionsSchema = z.object({
  horizon: z.number().int().min(1).max(90),
  /** How many forecast origins, `step` days apart, ending `horizon` days before the last day. */
  origins: z.number().int().min(1).max(52).default(4),
  step: z.number().int().min(1).max(90).default(7),
});
export type BacktestOptions = z.input<typeof backtestOptionsSchema>;

export interface ClassAccuracy {
  /** Series × origins scored. */
  series: number;
  /** Mean MASE of the class's method (null when nothing could be scored). */
  mase: number | null;
  /** Σ(forecast − actual) / Σ actual: +0.1 = forecasts 10 % high. */
  bias: number | null;
  /** The same measures for seasonal-naive on the same windows. */
  seasonalNaive: { mase: number | null; bias: number | null };
}

export type ForecastAccuracy = Record<DemandClass, ClassAccuracy>;

interface Accumulator {
  windows: number;
  maseSum: number;
  naiveMaseSum: number;
  errorSum: number;
  naiveErrorSum: number;
  actualSum: number;
}

const round = (value: number, places = 3) => Math.round(value * 10 ** places) / 10 ** places;

export function backtestForecasts(seriesList: Iterable<readonly number[]>, input: BacktestOptions): ForecastAccuracy {
  const options = backtestOptionsSchema.parse(input);
  const totals = new Map<DemandClass, Accumulator>(
    DEMAND_CLASSES.map((demandClass) => [
      demandClass,
      { windows: 0, maseSum: 0, naiveMaseSum: 0, errorSum: 0, naiveErrorSum: 0, actualSum: 0 },
    ]),
  );
  for (const series of seriesList) {
    for (let k = options.origins - 1; k >= 0; k -= 1) {
      const origin = series.length - options.horizon - k * options.step;
      if (origin <= 0) continue;
      const history = series.slice(0, origin);
      const actual = series.slice(origin, origin + options.horizon);
      const scale = seasonalNaiveScale(history);
      const forecast = forecastDemand(history, { horizon: options.horizon });
      // A window without a forecast or without a MASE scale (no week-on-week change yet) is not scored.
      if (!forecast.ok || scale === null) continue;
      const naive = seasonalNaive(history, options.horizon);
      const bucket = totals.get(forecast.demandClass)!;
      bucket.windows += 1;
      bucket.maseSum += meanAbsoluteError(forecast.mean, actual) / scale;
      bucket.naiveMaseSum += meanAbsoluteError(naive, actual) / scale;
      for (let index = 0; index < actual.length; index += 1) {
        bucket.errorSum += forecast.mean[index]! - actual[index]!;
        bucket.naiveErrorSum += naive[index]! - actual[index]!;
        bucket.actualSum += actual[index]!;
      }
    }
  }
  const result = {} as ForecastAccuracy;
  for (const [demandClass, bucket] of totals) {
    const scored = bucket.windows > 0;
    const biasOf = (sum: number) => (scored && bucket.actualSum > 0 ? round(sum / bucket.actualSum) : null);
    result[demandClass] = {
      series: bucket.windows,
      mase: scored ? round(bucket.maseSum / bucket.windows) : null,
      bias: biasOf(bucket.errorSum),
      seasonalNaive: { mase: scored ? round(bucket.naiveMaseSum / bucket.windows) : null, bias: biasOf(bucket.naiveErrorSum) },
    };
  }
  return result;
}
