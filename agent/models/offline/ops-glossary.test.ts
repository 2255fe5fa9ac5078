import { describe, expect, it } from 'vitest';
import { glossOpsWords, glossWord } from './ops-glossary.ts';

describe('operations words of other languages', () => {
  it('reads a word of another language as its English operations word, with or without its accents', () => {
    expect(glossWord('zwrot')).toBe('refund');
    expect(glossWord('zwróć')).toBe('refund');
    expect(glossWord('Rückerstattung')).toBe('refund');
    expect(glossWord('Rueckerstattung')).toBe('refund');
    expect(glossWord('remboursement')).toBe('refund');
    expect(glossWord('wstrzymać')).toBe('put on hold');
    expect(glossWord('desbloquear')).toBe('take the hold off');
    expect(glossWord('stornieren')).toBe('cancel');
    expect(glossWord('przesyłka')).toBe('parcel');
    expect(glossWord('magazzino')).toBe('warehouse');
  });

  it('leaves English words, names and product words alone', () => {
    expect(glossWord('order')).toBeUndefined();
    expect(glossWord('Katarzyna')).toBeUndefined();
    expect(glossWord('dętki')).toBeUndefined();
    expect(glossWord('hold')).toBeUndefined();
  });

  it('glosses a mixed request word by word, keeping the rest as written', () => {
    expect(glossOpsWords('who has to ok a 600 zł zwrot?')).toBe('who has to ok a 600 zł refund?');
    expect(glossOpsWords('odblokuj it again, the kunde wants it asap')).toBe('take the hold off it again, the customer wants it asap');
    expect(glossOpsWords('die Sendung WR-318430 ist verspätet')).toBe('die shipment WR-318430 ist late');
  });
});

describe('Hindi and Malay words reps mix into English (session 13)', () => {
  it('reads them as the English operations words', () => {
    expect(glossOpsWords('ab chhodo the hold, grahak is back')).toBe('ab take the hold off the hold, customer is back');
    expect(glossOpsWords('pelanggan cakap jangan hantar dulu')).toBe("customer cakap don't send dulu");
    expect(glossOpsWords('uska paisa wapas karo')).toBe('uska money back karo');
  });

  it('leaves a word that means something else in a glossed European language to that language', () => {
    // Czech "balík" is a parcel; Malay "balik" (back) is left out rather than read two ways.
    expect(glossWord('balík')).toBe('parcel');
    // "rok" is a year in Polish and Czech, so Hindi "rok" (stop) is not in the glossary.
    expect(glossWord('rok')).toBeUndefined();
  });
});
