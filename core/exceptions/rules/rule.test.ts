import { describe, expect, it } from 'vitest';
import { money } from './rule.ts';

describe('money', () => {
  it('writes an amount in its currency, dollars when none is known, with the minus first and no grouping', () => {
    expect(money(129.9)).toBe('$129.90');
    expect(money(96.5, 'EUR')).toBe('€96.50');
    expect(money(1234.5, 'SEK')).toBe('SEK 1234.50');
    expect(money(-20, 'USD')).toBe('-$20.00');
    expect(money(15000, 'gbp ')).toBe('£15000.00');
    expect(money(5, 'not a code')).toBe('$5.00');
  });
});
