import { describe, expect, it } from 'vitest';
import { diffArgs } from './args-diff.ts';

describe('diffArgs', () => {
  it('reports changed, added, removed and unchanged fields by path', () => {
    const before = { order: 'A-1', address: { line1: '400 Market St', postalCode: '19106' }, tags: ['x'] };
    const after = { order: 'A-1', address: { line1: '400 Market St', postalCode: '19107', line2: 'Apt 2' }, note: 'confirmed' };
    expect(diffArgs(before, after)).toEqual([
      { path: 'order', kind: 'same', before: '"A-1"', after: '"A-1"' },
      { path: 'address.line1', kind: 'same', before: '"400 Market St"', after: '"400 Market St"' },
      { path: 'address.postalCode', kind: 'changed', before: '"19106"', after: '"19107"' },
      { path: 'tags[0]', kind: 'removed', before: '"x"' },
      { path: 'address.line2', kind: 'added', after: '"Apt 2"' },
      { path: 'note', kind: 'added', after: '"confirmed"' },
    ]);
  });

  it('treats scalars and empty containers as values', () => {
    expect(diffArgs(1, 2)).toEqual([{ path: '(value)', kind: 'changed', before: '1', after: '2' }]);
    expect(diffArgs({ a: [] }, { a: {} })).toEqual([{ path: 'a', kind: 'changed', before: '[]', after: '{}' }]);
  });
});
