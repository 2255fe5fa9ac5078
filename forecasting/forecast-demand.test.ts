import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../core/seed/seeded-random.ts';
import { backtestForecasts } from './forecast-backtest.ts';
import { forecastDemand } from './forecast-demand.ts';

const gaussian = (random: { next(): number }) => Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());

describe('forecastDemand', () => {
  it('uses SBA for intermittent and TSB for lumpy demand, with a non-negative interval', () => {
    const intermittent = Array.from({ length: 90 }, (_, index) => (index % 4 === 0 ? 3 : 0));
    const result = forecastDemand(intermittent, { horizon: 14 });
    expect(result).toMatchObject({ ok: true, demandClass: 'intermittent', method: 'sba' });
    if (!result.ok) return;
    expect(result.mean[0]).toBeCloseTo(0.75 * 0.95, 1);
    expect(Math.min(...result.lower)).toBeGreaterThanOrEqual(0);
    const lumpy = Array.from({ length: 90 }, (_, index) => (index % 5 === 0 ? [1, 20, 3][index % 3]! : 0));
    expect(forecastDemand(lumpy, { horizon: 7 })).toMatchObject({ ok: true, demandClass: 'lumpy', method: 'tsb' });
  });

  it('names the reason when it cannot forecast', () => {
    expect(forecastDemand([], { horizon: 7 })).toMatchObject({ ok: false, reason: 'no_history' });
    expect(forecastDemand([...new Array(40).fill(0), 1], { horizon: 7 })).toMatchObject({ ok: false, reason: 'too_few_sales' });
    expect(forecastDemand(new Array(40).fill(0), { horizon: 7 })).toMatchObject({ ok: false, reason: 'all_zero' });
    expect(forecastDemand([3, 0, 2, 5, 0, 1], { horizon: 7 })).toMatchObject({ ok: false, reason: 'short_history' });
    expect(forecastDemand([...new Array(30).fill(2), -1], { horizon: 7 })).toMatchObject({ ok: false, reason: 'invalid_values' });
    expect(forecastDemand([...new Array(30).fill(2), Number.NaN], { horizon: 7 })).toMatchObject({ ok: false, reason: 'invalid_values' });
  });

  it('spreads total demand at least as wide as the summed daily variances, growing with the horizon', () => {
    const random = createRandom('cumulative');
    const series = Array.from({ length: 120 }, () => Math.max(0, Math.round(20 + 6 * gaussian(random))));
    for (const values of [series, Array.from({ length: 120 }, (_, index) => (index % 4 === 0 ? 3 : 0))]) {
      const result = forecastDemand(values, { horizon: 21 });
      if (!result.ok) throw new Error('expected a forecast');
      let summed = 0;
      result.cumulativeSigma.forEach((sigma, index) => {
        summed += result.sigma[index]! ** 2;
        expect(sigma).toBeGreaterThanOrEqual(Math.sqrt(summed) - 1e-9);
        if (index > 0) expect(sigma).toBeGreaterThan(result.cumulativeSigma[index - 1]!);
      });
    }
  });

  it('never returns NaN or a negative bound, whatever the history', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 1000 }), { maxLength: 120 }), fc.integer({ min: 1, max: 30 }), (values, horizon) => {
        const result = forecastDemand(values, { horizon });
        if (!result.ok) return typeof result.detail === 'string';
        return [...result.mean, ...result.lower, ...result.upper, ...result.sigma, ...result.cumulativeSigma].every(
          (value) => Number.isFinite(value) && value >= 0,
        );
      }),
      { numRuns: 300 },
    );
  });
});

describe('backtestForecasts', () => {
  it('beats seasonal-naive on noisy weekly demand and scores every class it saw', () => {
    const random = createRandom('backtest');
    const week = [30, 34, 33, 36, 40, 12, 8];
    const smooth = Array.from({ length: 30 }, () =>
      Array.from({ length: 180 }, (_, index) => Math.max(0, Math.round(week[index % 7]! + 5 * gaussian(random)))),
    );
    const intermittent = Array.from({ length: 10 }, () => Array.from({ length: 180 }, () => (random.next() < 0.2 ? 2 : 0)));
    const accuracy = backtestForecasts([...smooth, ...intermittent], { horizon: 14 });
    expect(accuracy.smooth.series).toBe(120);
    expect(accuracy.smooth.mase!).toBeLessThan(accuracy.smooth.seasonalNaive.mase!);
    expect(accuracy.smooth.mase!).toBeLessThan(1);
    expect(Math.abs(accuracy.smooth.bias!)).toBeLessThan(0.1);
    expect(accuracy.intermittent.series).toBeGreaterThan(0);
  });
});
