import { describe, expect, it } from 'vitest';
import { groupByDocument, passagesFor } from './group-by-document.ts';
import type { KnowledgeHit } from './search-types.ts';

const hit = (documentId: string, chunkId: number): KnowledgeHit =>
  ({ documentId, chunkId, title: documentId.toUpperCase(), version: 1, visibility: 'global' }) as KnowledgeHit;

describe('groupByDocument', () => {
  it('keeps document order and each document’s passages, up to the number of documents asked for', () => {
    const groups = groupByDocument([hit('a', 1), hit('a', 2), hit('b', 3), hit('c', 4), hit('c', 5), hit('d', 6)], 3);
    expect(groups.map((group) => [group.documentId, group.passages.map((passage) => passage.chunkId)])).toEqual([
      ['a', [1, 2]],
      ['b', [3]],
      ['c', [4, 5]],
    ]);
    expect(passagesFor(5, 2)).toBe(10);
    expect(passagesFor(40, 2)).toBe(50);
  });
});
