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
