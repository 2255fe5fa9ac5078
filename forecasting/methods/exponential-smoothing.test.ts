import { describe, expect, it } from 'vitest';
import { createRandom } from '../../core/seed/seeded-random.ts';
import { fitExponentialSmoothing, smoothingForecast, smoothingVariances } from './exponential-smoothing.ts';

const WEEK = [20, 22, 21, 23, 25, 8, 5];

describe('exponential smoothing', () => {
  it('finds a weekly pattern and forecasts it', () => {
    const random = createRandom('ets-weekly');
    const values = Array.from({ length: 140 }, (_, index) => WEEK[index % 7]! + random.between(-1, 1));
    const model = fitExponentialSmoothing(values);
    expect(model.seasonal).toBe(true);
    const forecast = smoothingForecast(model, 7);
    forecast.forEach((value, index) => expect(Math.abs(value - WEEK[(140 + index) % 7]!)).toBeLessThan(1.5));
  });

  it('keeps the plain form when there is no weekly pattern', () => {
    const random = createRandom('ets-flat');
    const values = Array.from({ length: 140 }, () => 10 + random.between(-2, 2));
    const model = fitExponentialSmoothing(values);
    expect(model.seasonal).toBe(false);
    expect(smoothingForecast(model, 3)[0]).toBeCloseTo(10, 0);
  });

  it('widens the interval with the horizon', () => {
    const random = createRandom('ets-variance');
    const values = Array.from({ length: 60 }, () => 10 + random.between(-3, 3));
    const variances = smoothingVariances(fitExponentialSmoothing(values), 10);
    for (let index = 1; index < variances.length; index += 1) expect(variances[index]!).toBeGreaterThanOrEqual(variances[index - 1]!);
    expect(variances[0]!).toBeGreaterThan(0);
  });
});
