import { describe, expect, it } from 'vitest';
import { emptyEntities } from './entities.ts';
import { isRareWord, lookupTerms, namedTerms, openChoice, toolVocabulary, whichOneQuestion, withLinkedRecords } from './record-links.ts';

const vocabulary = toolVocabulary([
  'Returns a customer by code: terms and credit. Use it for "Miller" or (Columbus) examples.',
  'Returns an order by number with its lines, stock and shipment.',
]);

describe('lookupTerms', () => {
  it('keeps ids and name words, drops function words, tool vocabulary, amounts and short numbers without an order cue', () => {
    const terms = lookupTerms('Miller got charged $135 for H-0102, refund 45 of the bearings at COL-DC for the customer', vocabulary);
    expect(terms.map((term) => [term.term, term.idLike])).toEqual([
      ['Miller', false],
      ['charged', false],
      ['H-0102', true],
      ['refund', false],
      ['bearings', false],
      ['COL-DC', true],
    ]);
    expect(lookupTerms('status on order 105 and #1005', vocabulary).map((term) => term.term)).toEqual(['status', '105', '1005']);
  });

  it('keeps words of any script whole ("kovač", "Koroška"), not cut at their first accented letter', () => {
    expect(lookupTerms('the sync for kovač and Žalec keeps failing', vocabulary).map((term) => term.term)).toEqual(
      expect.arrayContaining(['kovač', 'Žalec']),
    );
  });

  it('looks a number written with a thousands separator up whole, marked as grouped; money is not looked up', () => {
    const terms = lookupTerms('customer called about order 204.538, where is it?', vocabulary);
    expect(terms.find((term) => term.term === '204.538')).toMatchObject({ idLike: true, grouped: true });
    expect(lookupTerms('they owe R$ 1.680,00 on a 1.500 limit', vocabulary).map((term) => term.term)).not.toContain('1.680');
    expect(lookupTerms('refund 12.50 on it', vocabulary).map((term) => term.term)).not.toContain('12.50');
  });

  it('never looks up the number of a unit or a postal code as an id ("apartamento 1203", "PLZ 53111")', () => {
    const terms = lookupTerms("customer says it's apartamento 1203, PLZ 53111, pls update 204544", vocabulary).map((term) => term.term);
    expect(terms).toContain('204544');
    expect(terms).not.toContain('1203');
    expect(terms).not.toContain('53111');
  });

  it('tries three-digit numbers and letters written apart from their number as ids, tentatively', () => {
    const terms = lookupTerms('lk 560 is late again, and 812 too - she paid ₹1,999 and S$ 350 for 250 pcs', vocabulary);
    expect(terms.map((term) => [term.term, term.idLike, term.tentative ?? false])).toEqual([
      ['lk 560', false, true],
      ['560', false, true],
      ['812', false, true],
      ['paid', false, false],
      ['pcs', false, false],
    ]);
    // Stop words never join a number ("on 560" is not an id); two-digit numbers alone are never looked up.
    expect(lookupTerms('what about on 560 and 56', vocabulary).map((term) => term.term)).toEqual(['560']);
  });

  it('never takes quoted or bracketed examples of tool descriptions as vocabulary', () => {
    expect(vocabulary.has('miller')).toBe(false);
    expect(vocabulary.has('columbus')).toBe(false);
    expect(vocabulary.has('customer')).toBe(true);
  });
});

describe('withLinkedRecords', () => {
  it('moves a typed token to the kind its record has and ranks records named by several words', () => {
    const typed = { ...emptyEntities(), skus: ['COL-DC'] };
    const links = [
      { kind: 'sku', code: 'BRG-6204-ZZ', term: '6204', at: 0, score: 0.75, among: 1 },
      { kind: 'sku', code: 'BRG-6204-ZZ', term: 'bearings', at: 5, score: 0.375, among: 2 },
      { kind: 'sku', code: 'BRG-6205-ZZ', term: 'bearings', at: 5, score: 0.375, among: 2 },
      { kind: 'location', code: 'COL-DC', term: 'COL-DC', at: 20, score: 1, among: 1 },
    ];
    const linked = withLinkedRecords(typed, links);
    expect(linked.skus).toEqual(['BRG-6204-ZZ']);
    expect(linked.locations).toEqual(['COL-DC']);
    // A name word that fits two bearings describes them; it is no choice to offer.
    expect(linked.choices).toEqual([]);
  });

  it('offers a choice for an id that fits several records of a kind, and none once another word settles it', () => {
    const both = [
      { kind: 'order', code: 'QB-0563', term: '563', at: 4, score: 0.45, among: 2 },
      { kind: 'order', code: 'MW-0563', term: '563', at: 4, score: 0.45, among: 2 },
    ];
    const asked = withLinkedRecords(emptyEntities(), both);
    expect(asked.orders).toEqual([]);
    expect(openChoice(asked)).toEqual({ term: '563', kind: 'order', codes: ['MW-0563', 'QB-0563'] });
    expect(whichOneQuestion(openChoice(asked)!)).toBe('"563" fits 2 orders in your workspace: MW-0563 or QB-0563. Which one do you mean?');
    const settled = withLinkedRecords(emptyEntities(), [
      ...both,
      { kind: 'order', code: 'QB-0563', term: 'qb', at: 0, score: 0.9, among: 1 },
    ]);
    expect(settled.orders).toEqual(['QB-0563']);
    expect(openChoice(settled)).toBeUndefined();
  });
});

describe('namedTerms', () => {
  it('makes a tentative term an id once a record answers to it, and leaves the others as they were', () => {
    const terms = [
      { term: 'px 41', at: 0, idLike: false, tentative: true },
      { term: '812', at: 10, idLike: false, tentative: true },
      { term: 'Olafsson', at: 20, idLike: false },
    ];
    const named = namedTerms(terms, [
      { kind: 'order', code: 'PX0041RJ', term: 'px 41', at: 0, score: 0.9, among: 1 },
      { kind: 'customer', code: 'ORG-1', term: 'Olafsson', at: 20, score: 0.75, among: 1 },
    ]);
    expect(named).toEqual([
      { term: 'px 41', at: 0, idLike: true, tentative: true, names: 'order' },
      { term: '812', at: 10, idLike: false, tentative: true },
      { term: 'Olafsson', at: 20, idLike: false, names: 'customer' },
    ]);
  });
});

describe('isRareWord', () => {
  // A frequency list as the bundled vectors give one: rank 0 is the commonest word.
  const ranks = new Map([
    ['paris', 950],
    ['weather', 1505],
    ['rental', 7511],
    ['nowak', 23_193],
    ['katarzyna', 63_571],
  ]);
  const rank = (word: string): number | undefined => ranks.get(word);

  it('takes words rarer than everyday English, or unknown, as likely names; everyday words and numbers are not', () => {
    expect(isRareWord(rank, 'Katarzyna')).toBe(true);
    expect(isRareWord(rank, 'nowak')).toBe(true);
    expect(isRareWord(rank, 'szprycha')).toBe(true);
    expect(isRareWord(rank, 'Paris')).toBe(false);
    expect(isRareWord(rank, 'weather')).toBe(false);
    expect(isRareWord(rank, 'rental')).toBe(false);
    expect(isRareWord(rank, '4512')).toBe(false);
  });
});
