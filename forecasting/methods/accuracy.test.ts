import { describe, expect, it } from 'vitest';
import { normalQuantile } from './normal-quantile.ts';
import { meanAbsoluteError, seasonalNaive, seasonalNaiveScale } from './accuracy.ts';

describe('accuracy helpers', () => {
  it('seasonal-naive repeats the last week', () => {
    expect(seasonalNaive([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14], 9)).toEqual([8, 9, 10, 11, 12, 13, 14, 8, 9]);
  });

  it('the MASE scale is the in-sample seasonal-naive error, null when it is zero', () => {
    expect(seasonalNaiveScale([1, 1, 1, 1, 1, 1, 1, 3, 1, 1, 1, 1, 1, 1])).toBeCloseTo(2 / 7, 10);
    expect(seasonalNaiveScale(new Array(14).fill(2))).toBeNull();
    expect(seasonalNaiveScale([1, 2])).toBeNull();
  });

  it('mean absolute error', () => {
    expect(meanAbsoluteError([1, 2, 3], [2, 2, 5])).toBe(1);
  });

  it('normal quantiles', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 10);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326348, 5);
    expect(() => normalQuantile(1)).toThrow(RangeError);
  });
});
