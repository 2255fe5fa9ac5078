import { describe, expect, it } from 'vitest';
import { foldAccents, nameWords, wordsLooselyMatch } from './find-records.ts';

describe('name words for entity linking', () => {
  it('folds accents, so names typed without them still match', () => {
    expect(foldAccents('Conservatório Tom Jobim')).toBe('Conservatorio Tom Jobim');
    expect(nameWords('Čebelarstvo Kovač')).toEqual(['cebelarstvo', 'kovac']);
    expect(nameWords('kovac')).toEqual(['kovac']);
    // Letters NFD keeps whole are folded too, as a keyboard without them types them.
    expect(nameWords('Michał Þórunn Straße Sigurðardóttir')).toEqual(['michal', 'thorunn', 'strasse', 'sigurdardottir']);
  });

  it('splits a number from its unit and folds the unit, so "30w" and "30 W" are the same words', () => {
    expect(nameWords('Guitar amplifier 30 W')).toEqual(['guitar', 'amplifier', '30', 'w']);
    expect(nameWords('30w')).toEqual(['30', 'w']);
    expect(nameWords('40 watts')).toEqual(['40', 'w']);
    expect(nameWords('Honey jars 370ml')).toEqual(['honey', 'jar', '370', 'ml']);
    // A code with letters after digits that are no unit stays whole.
    expect(nameWords('6204zz')).toEqual(['6204zz']);
  });

  it('matches a typo, an abbreviation that starts a word, and a stem spelt in another language', () => {
    expect(wordsLooselyMatch('bearng', 'bearing')).toBe(true);
    expect(wordsLooselyMatch('amp', 'amplifier')).toBe(true);
    expect(wordsLooselyMatch('conservatory', 'conservatorio')).toBe(true);
    expect(wordsLooselyMatch('guitar', 'guitar')).toBe(true);
  });

  it('does not match short look-alikes, numbers, or words that share only a beginning', () => {
    expect(wordsLooselyMatch('am', 'amplifier')).toBe(false);
    expect(wordsLooselyMatch('amps', 'ample')).toBe(false);
    expect(wordsLooselyMatch('30', '300')).toBe(false);
    expect(wordsLooselyMatch('shipment', 'shipping')).toBe(false);
    expect(wordsLooselyMatch('professional', 'professor')).toBe(false);
    // Names of customers and sites are not abbreviated: "MED" (a code prefix) is no "Medena".
    expect(wordsLooselyMatch('med', 'medena', { abbreviations: false })).toBe(false);
  });
});
