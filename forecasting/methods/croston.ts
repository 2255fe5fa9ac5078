/**
 * Croston-type methods for intermittent demand. Each returns the one-step-ahead demand rate per
 * period (flat over the horizon) and the in-sample one-step errors, from which intervals are built.
 *
 * - Croston (1972): smooth non-zero sizes z and inter-demand intervals p separately; rate = z / p.
 * - SBA (Syntetos & Boylan 2005): Croston × (1 − α/2), removing Croston's positive bias.
 * - TSB (Teunter, Syntetos & Babai 2011): smooth the demand probability every period instead of the
 *   interval, so the rate decays when demand stops (obsolescence), which Croston never does.
 */

export interface RateFit {
  /** Forecast demand per period for every future period. */
  rate: number;
  /** One-step-ahead in-sample forecast for each period (NaN before the first fitted value). */
  fitted: number[];
}

export interface CrostonOptions {
  alpha?: number;
}

function initialEstimates(values: readonly number[]): { meanSize: number; adi: number } {
  let sum = 0;
  let count = 0;
  for (const value of values) {
    if (value > 0) {
      sum += value;
      count += 1;
    }
  }
  return { meanSize: count > 0 ? sum / count : 0, adi: count > 0 ? values.length / count : 1 };
}

/** Croston and SBA share the recursion; SBA only scales the result. */
function crostonRecursion(values: readonly number[], alpha: number, scale: number): RateFit {
  const fitted: number[] = new Array(values.length).fill(Number.NaN);
  const first = values.findIndex((value) => value > 0);
  if (first < 0) return { rate: 0, fitted };
  // Initialise with the series' mean non-zero size and mean interval (ADI), the usual choice that keeps
  // the first fitted values from inheriting one accidental gap.
  const { meanSize, adi } = initialEstimates(values);
  let size = meanSize;
  let interval = adi;
  let sinceLast = 1;
  for (let index = first + 1; index < values.length; index += 1) {
    fitted[index] = (scale * size) / interval;
    const value = values[index]!;
    if (value > 0) {
      size += alpha * (value - size);
      interval += alpha * (sinceLast - interval);
      sinceLast = 1;
    } else sinceLast += 1;
  }
  return { rate: (scale * size) / interval, fitted };
}

export function croston(values: readonly number[], options: CrostonOptions = {}): RateFit {
  return crostonRecursion(values, options.alpha ?? 0.1, 1);
}

export function sba(values: readonly number[], options: CrostonOptions = {}): RateFit {
  const alpha = options.alpha ?? 0.1;
  return crostonRecursion(values, alpha, 1 - alpha / 2);
}

export interface TsbOptions {
  /** Smoothing of the demand probability (updated every period). */
  alphaProbability?: number;
  /** Smoothing of the non-zero size (updated on demand periods). */
  alphaSize?: number;
}

export function tsb(values: readonly number[], options: TsbOptions = {}): RateFit {
  const alphaProbability = options.alphaProbability ?? 0.1;
  const alphaSize = options.alphaSize ?? 0.1;
  const fitted: number[] = new Array(values.length).fill(Number.NaN);
  const first = values.findIndex((value) => value > 0);
  if (first < 0) return { rate: 0, fitted };
  const { meanSize, adi } = initialEstimates(values);
  let probability = 1 / adi;
  let size = meanSize;
  for (let index = first + 1; index < values.length; index += 1) {
    fitted[index] = probability * size;
    const value = values[index]!;
    const occurred = value > 0 ? 1 : 0;
    probability += alphaProbability * (occurred - probability);
    if (occurred) size += alphaSize * (value - size);
  }
  return { rate: probability * size, fitted };
}
