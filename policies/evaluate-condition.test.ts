import { describe, expect, it } from 'vitest';
import { evaluateCondition } from './evaluate-condition.ts';

const fields: Record<string, unknown> = { unitCost: 10, start: '08:00' };
const resolve = (field: string) => fields[field];
const check = (condition: Parameters<typeof evaluateCondition>[0], value: unknown) => evaluateCondition(condition, value, resolve);

describe('evaluateCondition', () => {
  it('reads a bare value as eq and a list as in', () => {
    expect(check('gold', 'gold')).toBe(true);
    expect(check('gold', 'silver')).toBe(false);
    expect(check(['gold', 'platinum'], 'platinum')).toBe(true);
    expect(check(5, '5')).toBe(false);
  });

  it('compares numbers with numbers and strings with strings only', () => {
    expect(check({ lte: 50 }, 50)).toBe(true);
    expect(check({ gt: 50, lte: 500 }, 50)).toBe(false);
    expect(check({ lt: 50 }, '10')).toBe(false);
    expect(check({ gte: '09:00' }, '10:30')).toBe(true);
    expect(check({ lt: 50 }, Number.NaN)).toBe(false);
  });

  it('never matches a missing value, except exists: false', () => {
    for (const missing of [undefined, null]) {
      expect(check({ lte: 50 }, missing)).toBe(false);
      expect(check({ ne: 'hold' }, missing)).toBe(false);
      expect(check({ notIn: ['hold'] }, missing)).toBe(false);
      expect(check({ exists: true }, missing)).toBe(false);
      expect(check({ exists: false }, missing)).toBe(true);
    }
    expect(check({ exists: false }, 3)).toBe(false);
  });

  it('matches any element of a list value; ne and notIn need every element', () => {
    expect(check('approver', ['rep', 'approver'])).toBe(true);
    expect(check({ notIn: ['approver', 'admin'] }, ['rep', 'integration'])).toBe(true);
    expect(check({ notIn: ['approver', 'admin'] }, ['rep', 'admin'])).toBe(false);
    expect(check({ ne: 'rep' }, ['rep', 'admin'])).toBe(false);
    expect(check('rep', [])).toBe(false);
  });

  it('compares against another field by ref', () => {
    expect(check({ lt: { ref: 'unitCost' } }, 8)).toBe(true);
    expect(check({ lt: { ref: 'unitCost' } }, 12)).toBe(false);
    expect(check({ lt: { ref: 'missing' } }, 8)).toBe(false);
    expect(check({ gte: { ref: 'start' } }, '09:00')).toBe(true);
  });

  it('wraps time ranges past midnight', () => {
    expect(check({ between: ['22:00', '06:00'] }, '23:15')).toBe(true);
    expect(check({ between: ['22:00', '06:00'] }, '05:00')).toBe(true);
    expect(check({ between: ['22:00', '06:00'] }, '12:00')).toBe(false);
    expect(check({ between: ['08:00', '20:00'] }, '20:00')).toBe(true);
    expect(check({ between: [1, 10] }, 11)).toBe(false);
    expect(check({ between: [1, 10] }, '5')).toBe(false);
  });
});
