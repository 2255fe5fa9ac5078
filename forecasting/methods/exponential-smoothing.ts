/**
 * Additive exponential smoothing without trend, with an optional seasonal cycle: ETS(A,N,A)
 * (Holt-Winters' additive method without trend) or ETS(A,N,N) (simple exponential smoothing).
 * Smoothing parameters come from a small grid minimising the in-sample one-step squared error; the
 * seasonal form is kept only when it earns its extra parameters (AIC), so "weekly seasonality where
 * the data supports it" is decided per series. h-step variances follow Hyndman et al. (2008), class 1:
 * var(h) = σ² (1 + Σ_{j=1}^{h−1} c_j²), c_j = α + γ·[j mod m = 0].
 */

export interface SmoothingFit {
  seasonal: boolean;
  alpha: number;
  gamma: number;
  period: number;
  level: number;
  /** The last `period` seasonal terms, oldest first (empty when not seasonal). */
  season: number[];
  /** In-sample one-step-ahead forecasts (NaN where not yet fitted). */
  fitted: number[];
  /** Residual variance of the one-step errors. */
  sigma2: number;
  aic: number;
}

const ALPHAS = [0.02, 0.05, 0.1, 0.2, 0.3, 0.5];
const GAMMAS = [0.01, 0.05, 0.1, 0.2];

interface Pass {
  sse: number;
  count: number;
  level: number;
  season: number[];
}

/** One smoothing pass; writes fitted values only when asked (the grid search does not need them). */
function pass(values: readonly number[], alpha: number, gamma: number, period: number, seasonal: boolean, fitted?: number[]): Pass {
  const warmup = seasonal ? period : 1;
  const initialWeeks = seasonal ? Math.min(4, Math.floor(values.length / period)) : 0;
  const span = seasonal ? initialWeeks * period : Math.min(values.length, 7);
  let level = 0;
  for (let index = 0; index < span; index += 1) level += values[index]!;
  level /= Math.max(1, span);
  const season = new Array<number>(period).fill(0);
  if (seasonal) {
    for (let index = 0; index < span; index += 1) season[index % period]! += (values[index]! - level) / initialWeeks;
  }
  let sse = 0;
  let count = 0;
  for (let index = warmup; index < values.length; index += 1) {
    const slot = index % period;
    const forecast = level + (seasonal ? season[slot]! : 0);
    const error = values[index]! - forecast;
    if (fitted) fitted[index] = forecast;
    sse += error * error;
    count += 1;
    level += alpha * error;
    if (seasonal) season[slot]! += gamma * error;
  }
  return { sse, count, level, season };
}

function fitForm(values: readonly number[], period: number, seasonal: boolean): SmoothingFit {
  let best = { alpha: ALPHAS[0]!, gamma: 0, sse: Number.POSITIVE_INFINITY };
  for (const alpha of ALPHAS) {
    for (const gamma of seasonal ? GAMMAS : [0]) {
      const { sse } = pass(values, alpha, gamma, period, seasonal);
      if (sse < best.sse) best = { alpha, gamma, sse };
    }
  }
  const fitted = new Array<number>(values.length).fill(Number.NaN);
  const final = pass(values, best.alpha, best.gamma, period, seasonal, fitted);
  const sigma2 = final.count > 0 ? final.sse / final.count : 0;
  // Parameters: alpha, initial level (+ gamma and period−1 free initial seasonal terms).
  const parameters = seasonal ? 2 + period : 2;
  const aic = final.count * Math.log(Math.max(sigma2, 1e-9)) + 2 * parameters;
  const end = values.length;
  // Rotate the seasonal terms so season[k] belongs to period index end + k (mod period).
  const season = seasonal ? Array.from({ length: period }, (_, k) => final.season[(end + k) % period]!) : [];
  return { seasonal, alpha: best.alpha, gamma: best.gamma, period, level: final.level, season, fitted, sigma2, aic };
}

/** Fits SES and, with at least three full cycles, the seasonal form; returns the one with the lower AIC. */
export function fitExponentialSmoothing(values: readonly number[], period = 7): SmoothingFit {
  const plain = fitForm(values, period, false);
  if (values.length < 3 * period) return plain;
  const seasonal = fitForm(values, period, true);
  return seasonal.aic < plain.aic ? seasonal : plain;
}

/** Mean of the h-step forecast, h = 1 … horizon. */
export function smoothingForecast(model: SmoothingFit, horizon: number): number[] {
  return Array.from({ length: horizon }, (_, index) => model.level + (model.seasonal ? model.season[index % model.period]! : 0));
}

/** Variance of the h-step forecast error, h = 1 … horizon. */
export function smoothingVariances(model: SmoothingFit, horizon: number): number[] {
  const variances: number[] = [];
  let sum = 1;
  for (let h = 1; h <= horizon; h += 1) {
    if (h > 1) {
      const j = h - 1;
      const c = model.alpha + (model.seasonal && j % model.period === 0 ? model.gamma : 0);
      sum += c * c;
    }
    variances.push(model.sigma2 * sum);
  }
  return variances;
}

/**
 * Variance of the total demand over days 1 … h, h = 1 … horizon. The days' errors are correlated (a
 * shock moves the level of every later day), so the total's variance is not the sum of the days':
 * Σ_{i=1}^{h} y_{t+i} carries ε_{t+i} with weight 1 + Σ_{k=1}^{h−i} c_k, giving
 * var = σ² Σ_{n=0}^{h−1} (1 + C_n)², C_n = Σ_{k=1}^{n} c_k.
 */
export function smoothingCumulativeVariances(model: SmoothingFit, horizon: number): number[] {
  const variances: number[] = [];
  let weights = 0;
  let total = 0;
  for (let n = 0; n < horizon; n += 1) {
    if (n > 0) weights += model.alpha + (model.seasonal && n % model.period === 0 ? model.gamma : 0);
    total += (1 + weights) ** 2;
    variances.push(model.sigma2 * total);
  }
  return variances;
}
