import { describe, expect, it } from 'vitest';
import { classifyDemand } from './demand-class.ts';

const weeks = (pattern: number[], count: number) => Array.from({ length: count }, () => pattern).flat();

describe('classifyDemand', () => {
  it('tells smooth, erratic, intermittent and lumpy apart by ADI and CV²', () => {
    expect(classifyDemand(weeks([10, 12, 11, 9, 10, 6, 5], 4))).toMatchObject({ ok: true, demandClass: 'smooth' });
    expect(classifyDemand(weeks([1, 30, 2, 25, 1, 40, 3], 4))).toMatchObject({ ok: true, demandClass: 'erratic' });
    expect(classifyDemand(weeks([0, 0, 4, 0, 0, 5, 0], 4))).toMatchObject({ ok: true, demandClass: 'intermittent', adi: 3.5 });
    expect(classifyDemand(weeks([0, 0, 1, 0, 0, 30, 0], 4))).toMatchObject({ ok: true, demandClass: 'lumpy' });
  });

  it('gives a reason instead of a class for series it cannot judge', () => {
    expect(classifyDemand([])).toMatchObject({ ok: false, reason: 'no_history' });
    expect(classifyDemand([1, 2, 3])).toMatchObject({ ok: false, reason: 'short_history' });
    expect(classifyDemand(new Array(30).fill(0))).toMatchObject({ ok: false, reason: 'all_zero' });
    expect(classifyDemand([...new Array(29).fill(0), 5])).toMatchObject({ ok: false, reason: 'too_few_sales', nonZeroPeriods: 1 });
    expect(classifyDemand([...new Array(29).fill(1), -2])).toMatchObject({ ok: false, reason: 'invalid_values' });
    expect(classifyDemand([...new Array(29).fill(1), Number.NaN])).toMatchObject({ ok: false, reason: 'invalid_values' });
  });
});
