/**
 * Forecast accuracy measures. MASE (Hyndman & Koehler 2006) scales the out-of-sample mean absolute
 * error by the in-sample mean absolute error of the seasonal-naive forecast (same weekday last week),
 * so MASE < 1 means the forecast beats what seasonal-naive achieved on the history. It stays finite
 * on intermittent series where percentage errors divide by zero.
 */

/** Forecast for day t = demand on day t − period (in-sample), or the last cycle repeated (out of sample). */
export function seasonalNaive(history: readonly number[], horizon: number, period = 7): number[] {
  if (history.length === 0) return new Array(horizon).fill(0);
  const cycle = history.length >= period ? history.slice(-period) : history.slice();
  return Array.from({ length: horizon }, (_, index) => cycle[index % cycle.length]!);
}

/** In-sample mean absolute error of seasonal-naive: the MASE denominator (null when undefined or zero). */
export function seasonalNaiveScale(history: readonly number[], period = 7): number | null {
  if (history.length <= period) return null;
  let sum = 0;
  for (let index = period; index < history.length; index += 1) sum += Math.abs(history[index]! - history[index - period]!);
  const scale = sum / (history.length - period);
  return scale > 0 ? scale : null;
}

export const meanAbsoluteError = (forecast: readonly number[], actual: readonly number[]): number =>
  forecast.reduce((sum, value, index) => sum + Math.abs(value - actual[index]!), 0) / Math.max(1, forecast.length);
