import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compactEmbeddings } from './compact-word-vectors.ts';
import { ROWS_BEFORE_WHOLE_BLOCK, type RowsFromFile } from './word-vector-rows.ts';
import { decodeWordVectors, encodeWordVectors, openWordVectorsFile } from './word-vectors-file.ts';
import { loadWordVectors, WordVectors } from './word-vectors.ts';

// Words in frequency order with 3-dimensional vectors spread over two topics.
const words = ['the', 'of', 'parcel', 'shipment', 'refund', 'reimburse', 'dock', 'carrier', 'invoice', 'tax'];
const source = {
  dimensions: 3,
  words,
  vectors: Object.fromEntries(words.map((word, index) => [word, [Math.sin(index + 1) * 3, Math.cos(index * 2) * 2, (index % 3) - 1]])),
};

describe('word vectors read row by row from the file', () => {
  let dir: string;
  let path: string;
  let bytes: Buffer;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'word-vector-rows-'));
    path = join(dir, 'vectors.bin');
    bytes = encodeWordVectors(compactEmbeddings(source));
    await writeFile(path, bytes);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('answers exactly as the whole file decoded in memory', async () => {
    const whole = new WordVectors(decodeWordVectors(bytes));
    const opened = await loadWordVectors(path);
    for (const text of ['the parcel is at the dock', 'refund the tax on the invoice', 'carrier of shipment', 'nothing known here']) {
      expect([...opened.sentenceVector(text)]).toEqual([...whole.sentenceVector(text)]);
    }
    expect(opened.vector('reimburse')).toEqual(whole.vector('reimburse'));
    expect(opened.rank('carrier')).toBe(whole.rank('carrier'));
    const options = { limit: 3, minSimilarity: -1, searchWords: 100 };
    expect(opened.neighbours(['parcel', 'refund'], options)).toEqual(whole.neighbours(['parcel', 'refund'], options));
  });

  it('reads only the rows asked for, then the whole block once when everything is needed', () => {
    const index = openWordVectorsFile(path);
    const decoded = decodeWordVectors(bytes);
    const rows = index.rows as RowsFromFile;
    const dimension = decoded.dimension;
    expect([...rows.row(4)]).toEqual([...decoded.values.subarray(4 * dimension, 5 * dimension)]);
    expect(rows.row(4)).toBe(rows.row(4)); // read once
    expect([...rows.all()]).toEqual([...decoded.values]);
    // After the whole block the file is closed and rows are views into the block.
    expect([...rows.row(7)]).toEqual([...decoded.values.subarray(7 * dimension, 8 * dimension)]);
  });

  it('switches to the whole block after many distinct rows', async () => {
    // A file of 5,000 words (more than the rows read one at a time).
    const many = Array.from({ length: 5000 }, (_, index) => `w${index.toString(36)}`);
    const big = {
      dimensions: 2,
      words: many,
      vectors: Object.fromEntries(many.map((word, index) => [word, [Math.sin(index), Math.cos(index)]])),
    };
    const bigPath = join(dir, 'many.bin');
    const encoded = encodeWordVectors(compactEmbeddings(big, many.length));
    await writeFile(bigPath, encoded);
    const decoded = decodeWordVectors(encoded);
    const rows = openWordVectorsFile(bigPath).rows;
    const read = Array.from({ length: decoded.count }, (_, rank) => [...rows.row(rank)]);
    expect(read.flat()).toEqual([...decoded.values]);
    // Rows are views into the whole block now, not rows of their own.
    expect(rows.row(0).buffer.byteLength).toBe(decoded.values.length);
    expect(decoded.count).toBeGreaterThan(ROWS_BEFORE_WHOLE_BLOCK);
  });
});
