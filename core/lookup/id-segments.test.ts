import { describe, expect, it } from 'vitest';
import { idSegments, namesBySegments, serialOf, termSerial } from './id-segments.ts';

describe('id segments', () => {
  it('splits ids into runs of letters and digits, separators dropped', () => {
    expect(idSegments('TR_2612.0088').map((segment) => segment.text)).toEqual(['TR', '2612', '0088']);
    expect(idSegments('qx7/0031-b').map((segment) => segment.text)).toEqual(['QX', '7', '0031', 'B']);
    expect(serialOf('LK-19-000560Z')).toBe('560');
    expect(serialOf('NODIGITS')).toBeNull();
    expect(termSerial('#0560z')).toBe('560');
    expect(termSerial('12.345')).toBe('12345');
  });

  it('names an id by its serial, with a prefix, a year or a series left out and zero padding ignored', () => {
    expect(namesBySegments('LK-19-000560Z', '560')).toBe(true);
    expect(namesBySegments('LK-19-000560Z', '000560')).toBe(true);
    expect(namesBySegments('LK-19-000560Z', '19-560')).toBe(true);
    expect(namesBySegments('LK-19-000560Z', 'lk 560')).toBe(true);
    expect(namesBySegments('LK-19-000560Z', '560z')).toBe(true);
    expect(namesBySegments('LK-19-000560Z', '#560Z')).toBe(true);
    expect(namesBySegments('PX0041RJ', 'px41')).toBe(true);
    expect(namesBySegments('PX0041RJ', 'px41rj')).toBe(true);
  });

  it('never names an id by another serial, another letter, a run out of order or too few digits', () => {
    // A different check letter is a different record.
    expect(namesBySegments('LK-19-000560Z', '560y')).toBe(false);
    expect(namesBySegments('LK-19-000560Z', '5600')).toBe(false);
    expect(namesBySegments('LK-19-000560Z', '20-560')).toBe(false);
    // The year alone is no serial.
    expect(namesBySegments('LK-19-000560Z', '19')).toBe(false);
    expect(namesBySegments('LK-19-000560Z', 'mk 560')).toBe(false);
    expect(namesBySegments('PX0041RJ', 'rj41')).toBe(false);
    // Two digits alone name nothing; with a letter run or zero padding they do.
    expect(namesBySegments('PX0041RJ', '41')).toBe(false);
    expect(namesBySegments('PX0041RJ', '0041')).toBe(true);
    // A serial is compared whole: "538" is not the end of "204538".
    expect(namesBySegments('PV-204538', '538')).toBe(false);
    expect(namesBySegments('PV-204538', '204.538')).toBe(true);
  });
});
