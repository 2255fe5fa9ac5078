import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compactEmbeddings } from './compact-word-vectors.ts';
import { decodeWordVectors, encodeWordVectors, WordVectorsFileError } from './word-vectors-file.ts';
import { cosine, loadWordVectors, WordVectors, wordsOf } from './word-vectors.ts';

// A tiny source in the package's format: two topics (shipping, money) and frequent function words.
const source = {
  dimensions: 4,
  words: ['the', ',', 'of', 'parcel', 'shipment', 'refund', 'reimburse', 'on-hand', 'hand', 'rare'],
  vectors: {
    the: [1, 1, 1, 1],
    ',': [9, 9, 9, 9],
    of: [1, 1.1, 0.9, 1],
    parcel: [3, 0.2, 0, 1],
    shipment: [2.8, 0.1, 0.2, 1],
    refund: [0.1, 3, 1, 0.9],
    reimburse: [0.2, 2.9, 1.1, 1],
    'on-hand': [1, 1, 3, 1],
    hand: [0.9, 1, 2.5, 1.2],
    rare: [-1, 0.5, 0.3, 2],
  } as Record<string, number[]>,
};

describe('word vectors', () => {
  const vectors = new WordVectors(decodeWordVectors(encodeWordVectors(compactEmbeddings(source))));

  it('keeps plain words in frequency order and finds them by hash', () => {
    expect(vectors.size).toBe(9);
    expect(vectors.rank('the')).toBe(0);
    expect(vectors.rank(',')).toBeUndefined();
    expect(vectors.rank('parcel')).toBe(2);
    expect(vectors.wordAt(2)).toBe('parcel');
    expect(vectors.has('unknown')).toBe(false);
  });

  it('weights frequent words far below rare ones (SIF)', () => {
    expect(vectors.weight('the')).toBeLessThan(vectors.weight('rare'));
    expect(vectors.weight('unknown')).toBe(0);
  });

  it('places words of one topic closer than words of another', () => {
    expect(vectors.similarity('parcel', 'shipment')).toBeGreaterThan(vectors.similarity('parcel', 'refund'));
    expect(vectors.similarity('refund', 'reimburse')).toBeGreaterThan(vectors.similarity('refund', 'shipment'));
  });

  it('builds unit sentence vectors from known words, splitting unknown hyphenated ones', () => {
    const sentence = vectors.sentenceVector('The parcel, of the shipment');
    expect(Math.hypot(...sentence)).toBeCloseTo(1, 5);
    expect(cosine(sentence, vectors.sentenceVector('shipment'))).toBeGreaterThan(cosine(sentence, vectors.sentenceVector('refund')));
    expect(vectors.knownWords('on-hand stock-hand')).toEqual(['on-hand', 'hand']);
    expect(vectors.sentenceVector('zzz qqq').every((value) => value === 0)).toBe(true);
    expect(wordsOf('Café ON-HAND don’t')).toEqual(['cafe', 'on-hand', "don't"]);
  });

  it('finds each word’s nearest neighbours among the most frequent words, best first', () => {
    const found = vectors.neighbours(['parcel', 'refund', 'unknown'], { limit: 2, minSimilarity: 0, searchWords: 100 });
    expect(found.get('parcel')![0]!.word).toBe('shipment');
    expect(found.get('refund')![0]!.word).toBe('reimburse');
    expect(found.get('parcel')!.map((entry) => entry.word)).not.toContain('parcel');
    expect(found.get('parcel')![0]!.similarity).toBeCloseTo(vectors.similarity('parcel', 'shipment'), 5);
    expect(found.get('unknown')).toEqual([]);
    // Only the searched words are candidates, and only those similar enough.
    expect(
      vectors
        .neighbours(['parcel'], { limit: 2, minSimilarity: 0, searchWords: 2 })
        .get('parcel')!
        .map((entry) => entry.word),
    ).not.toContain('shipment');
    expect(vectors.neighbours(['parcel'], { limit: 5, minSimilarity: 0.999, searchWords: 100 }).get('parcel')).toEqual([]);
  });

  it('refuses a file that is not a word-vector file', async () => {
    expect(() => decodeWordVectors(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))).toThrow(WordVectorsFileError);
    const bytes = encodeWordVectors(compactEmbeddings(source));
    expect(() => decodeWordVectors(bytes.subarray(0, bytes.length - 1))).toThrow(/bytes, expected/);
    const dir = await mkdtemp(join(tmpdir(), 'word-vectors-'));
    try {
      await writeFile(join(dir, 'bad.bin'), 'not vectors at all, just text');
      await expect(loadWordVectors(join(dir, 'bad.bin'))).rejects.toThrow(WordVectorsFileError);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('ships real vectors: paraphrases land near each other', async () => {
    const real = await loadWordVectors();
    expect(real.dimension).toBe(100);
    expect(real.similarity('refund', 'reimburse')).toBeGreaterThan(real.similarity('refund', 'banana'));
    const dock = real.sentenceVector('the parcel is still sitting on our dock');
    expect(cosine(dock, real.sentenceVector('the shipment has not been picked up by the carrier'))).toBeGreaterThan(
      cosine(dock, real.sentenceVector('refund a payment to the customer')),
    );
  });
});
