import { describe, expect, it } from 'vitest';
import { croston, sba, tsb } from './croston.ts';

describe('Croston-type methods', () => {
  it('Croston estimates size over interval', () => {
    // Demand of 6 every third day: size 6, interval 3 → 2 per day once settled.
    const values = Array.from({ length: 60 }, (_, index) => (index % 3 === 2 ? 6 : 0));
    expect(croston(values).rate).toBeCloseTo(2, 5);
  });

  it('follows the recursion by hand on a short series', () => {
    // Initial size 3 (mean of 4 and 2), interval 2.5 (5 periods / 2 demands); index 4: demand 2 after 3 periods.
    // size = 3 + 0.5(2 − 3) = 2.5; interval = 2.5 + 0.5(3 − 2.5) = 2.75 → rate 2.5 / 2.75.
    expect(croston([0, 4, 0, 0, 2], { alpha: 0.5 }).rate).toBeCloseTo(2.5 / 2.75, 10);
  });

  it('SBA is Croston deflated by (1 − α/2)', () => {
    const values = [0, 3, 0, 0, 5, 0, 2, 0, 0, 0, 4];
    expect(sba(values, { alpha: 0.2 }).rate).toBeCloseTo(croston(values, { alpha: 0.2 }).rate * 0.9, 10);
  });

  it('TSB decays when demand stops, Croston does not', () => {
    const active = Array.from({ length: 40 }, (_, index) => (index % 2 === 0 ? 4 : 0));
    const stopped = [...active, ...new Array(40).fill(0)];
    expect(tsb(stopped).rate).toBeLessThan(tsb(active).rate * 0.1);
    // Croston only updates on demand, so forty empty days leave its rate where the last demand put it.
    expect(croston(stopped).rate).toBeGreaterThan(croston(active).rate * 0.5);
  });

  it('returns a zero rate and no fitted values for an all-zero series', () => {
    expect(croston([0, 0, 0]).rate).toBe(0);
    expect(tsb([0, 0, 0]).rate).toBe(0);
  });
});
