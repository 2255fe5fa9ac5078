import { describe, expect, it } from 'vitest';
import { amountsWritten, markedAmounts, moneyMentions, readNumber } from './money-amounts.ts';
import { extractEntities } from './entities.ts';

describe('readNumber', () => {
  it('reads a decimal point or a decimal comma, and any thousands grouping', () => {
    expect(readNumber('12.50')).toBe(12.5);
    expect(readNumber('12,50')).toBe(12.5);
    expect(readNumber('1,234.56')).toBe(1234.56);
    expect(readNumber('1.234,56')).toBe(1234.56);
    expect(readNumber("1'234.50")).toBe(1234.5);
    expect(readNumber('1 234,50')).toBe(1234.5);
    expect(readNumber('45.–')).toBe(45);
    expect(readNumber('2,500')).toBe(2500);
  });
});

describe('moneyMentions', () => {
  it('finds the currency before or after the number', () => {
    expect(markedAmounts('we agreed €20 back')).toEqual([20]);
    expect(markedAmounts('refund 12,50 € on #31052')).toEqual([12.5]);
    expect(markedAmounts('send CHF 45.– back')).toEqual([45]);
    expect(markedAmounts('a credit of 1.234,50 EUR')).toEqual([1234.5]);
    expect(markedAmounts('give them 30 euros')).toEqual([30]);
    expect(markedAmounts('£7.99 postage')).toEqual([7.99]);
  });

  it('reads a currency word ending in a letter outside ASCII, and a space-grouped amount before it', () => {
    // `\b` never ends "zł": before, "1 200 zł" was two bare numbers, 1 and 200, and a refund of 1.
    expect(markedAmounts('refund 1 200 zł on 4512')).toEqual([1200]);
    expect(markedAmounts('we took 248,98 zł but it is only 208,98')).toEqual([248.98]);
    expect(markedAmounts('got charged 40 zl too much')).toEqual([40]);
    expect(markedAmounts('the 40 złoty overcharge')).toEqual([40]);
    expect(markedAmounts('a 2 500 kn credit')).toEqual([2500]);
    expect(markedAmounts('zlecenie 12 gotowe')).toEqual([]);
  });

  it('reads a decimal comma as one bare number, and never a number inside an id', () => {
    expect(moneyMentions('refund 12,50 please').map((mention) => mention.value)).toEqual([12.5]);
    expect(moneyMentions('for 2025-IE-0414 and MED#31025 and 7100/22')).toEqual([]);
    expect(moneyMentions('two numbers, 30, 40').map((mention) => mention.value)).toEqual([30, 40]);
  });
});

describe('extractEntities amounts', () => {
  it('takes marked amounts in any format and bare ones after a refund cue', () => {
    expect(extractEntities('refund 12,50 € on #31052 please').amounts).toEqual([12.5]);
    expect(extractEntities('refund 25 on #10482').amounts).toEqual([25]);
    expect(extractEntities('ship 5 units for 3 days').amounts).toEqual([]);
    expect(extractEntities('refund the order for 2025-IE-0414').amounts).toEqual([]);
  });
});

describe('amountsWritten', () => {
  it('collects the amounts a thread wrote as money, not its bare numbers or ids', () => {
    expect(amountsWritten(['refund 1 200 zł on 4512, we promised the lower price', 'and 1.200,00 € on WR-B-2207'])).toEqual([1200]);
    expect(amountsWritten(['status 4512 pls', 'what about #4540?'])).toEqual([]);
  });
});

describe('rupees, Singapore dollars and scale words (session 13)', () => {
  it('reads "Rs." and "₹", "/-" price tags and Indian digit grouping as money', () => {
    expect(markedAmounts('she was billed Rs. 75/- more than the slip')).toEqual([75]);
    expect(markedAmounts('₹2,499 and INR 3,45,000 on the dealer account')).toEqual([2499, 345000]);
    expect(markedAmounts('give him 60 rupees back')).toEqual([60]);
  });

  it('reads "SGD", "S$" and "bucks" as money', () => {
    expect(markedAmounts('SGD 18.90 extra, S$5 for the bag, 12 bucks shipping')).toEqual([18.9, 5, 12]);
  });

  it('multiplies by lakh and crore, never reads a check letter as a scale', () => {
    expect(moneyMentions('credit line of 3 lakh').map((mention) => mention.value)).toEqual([300000]);
    expect(markedAmounts('₹1.2 crore turnover')).toEqual([12000000]);
    expect(moneyMentions('what about 521k and 88m')).toEqual([]);
  });
});
