import { describe, expect, it } from 'vitest';
import { parameterText, quoteLiteral, sqlLiteral } from './sql-literal.ts';

describe('sql literals', () => {
  it('quotes strings so quotes and backslashes stay text under either string syntax', () => {
    expect(quoteLiteral('plain')).toBe(`'plain'`);
    expect(quoteLiteral(`it's`)).toBe(`'it''s'`);
    expect(quoteLiteral(`a\\b'; DROP TABLE x; --`)).toBe(`E'a\\\\b''; DROP TABLE x; --'`);
    expect(() => quoteLiteral('nul\0byte')).toThrow(/NUL/);
  });

  it('spells values as pg binds them, arrays in PostgreSQL array syntax', () => {
    expect(parameterText(null)).toBeNull();
    expect(parameterText(undefined)).toBeNull();
    expect(parameterText(10)).toBe('10');
    expect(parameterText(0.25)).toBe('0.25');
    expect(parameterText(true)).toBe('true');
    expect(parameterText(new Date('2026-12-07T06:00:00Z'))).toBe('2026-12-07T06:00:00.000Z');
    expect(parameterText({ a: 1 })).toBe('{"a":1}');
    expect(parameterText(['a', 'b c', 'x"y', 'back\\slash', '{brace},comma', null])).toBe(
      '{"a","b c","x\\"y","back\\\\slash","{brace},comma",NULL}',
    );
    expect(parameterText([1.5, 2])).toBe('{"1.5","2"}');
    expect(parameterText([])).toBe('{}');
    expect(sqlLiteral(null)).toBe('NULL');
    expect(sqlLiteral(["o'brien"])).toBe(`'{"o''brien"}'`);
  });
});
