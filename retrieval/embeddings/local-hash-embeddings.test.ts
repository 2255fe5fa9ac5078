import { describe, expect, it } from 'vitest';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { extractFeatures, fnv1a } from './hashed-features.ts';
import { LocalHashEmbeddings, LOCAL_EMBEDDER_DIMENSION } from './local-hash-embeddings.ts';
import { findConcepts } from './ops-synonyms.ts';
import { contentStems, stem, tokenize } from './text-features.ts';

const cosine = (a: number[], b: number[]): number => a.reduce((sum, value, i) => sum + value * b[i]!, 0);

describe('text features', () => {
  it('tokenises, folds case and accents, and drops stop words', () => {
    expect(tokenize('Café ÜBER-sync: SKU_42 don’t')).toEqual(['cafe', 'uber', 'sync', 'sku', '42', "don't"]);
    expect(contentStems('What should we do about the reallocated orders?')).toEqual(['realloc', 'ord']);
  });

  it('stems inflections of one word to one stem', () => {
    expect(new Set(['reallocate', 'reallocated', 'reallocating', 'reallocation'].map(stem)).size).toBe(1);
    expect(stem('shipped')).toBe(stem('shipping'));
    expect(stem('holds')).toBe('hold');
    expect(stem('sell')).toBe('sell');
  });

  it('finds synonym concepts on phrase boundaries only', () => {
    expect(findConcepts(tokenize('we oversold the mug').map(stem))).toContain('stock_shortage');
    expect(findConcepts(tokenize('item is out of stock').map(stem))).toContain('stock_shortage');
    expect(findConcepts(tokenize('stock level is fine, out of scope').map(stem))).not.toContain('stock_shortage');
  });

  it('weights words above character n-grams and hashes deterministically', () => {
    const features = extractFeatures('credit hold');
    expect(features.get('w:credit')).toBe(1);
    expect(features.get('c:credit_hold')).toBe(1);
    expect(features.get('b:credit_hold')).toBeGreaterThan(0);
    expect(fnv1a('abc')).toBe(0x1a47e90b);
  });
});

describe('LocalHashEmbeddings', () => {
  const embedder = new LocalHashEmbeddings();

  it('serves as LangChain embeddings (EmbeddingsInterface) with a stable id and dimension', async () => {
    // A type check (tsc): LangChain's vector stores and retrievers take this interface, not the base class.
    const asLangChain: EmbeddingsInterface = embedder;
    expect(await asLangChain.embedQuery('refund')).toEqual((await embedder.embedDocuments(['refund']))[0]);
    expect(embedder.id).toMatch(/^local:hash-ngram-v\d+$/);
    expect(await embedder.dimension()).toBe(LOCAL_EMBEDDER_DIMENSION);
  });

  it('returns L2-normalised, deterministic vectors', async () => {
    const [a, b] = await embedder.embedDocuments(['Payment captured twice for order 10482', 'Payment captured twice for order 10482']);
    expect(a).toHaveLength(384);
    expect(Math.sqrt(a!.reduce((sum, value) => sum + value * value, 0))).toBeCloseTo(1, 10);
    expect(a).toEqual(b);
    expect(await embedder.embedQuery('Payment captured twice for order 10482')).toEqual(a);
  });

  it('places related ops texts closer than unrelated ones', async () => {
    const [query, oversell, refund] = await embedder.embedDocuments([
      'we oversold this SKU and cannot ship',
      'Stock conflict: committed quantity exceeds pickable stock at the node',
      'Refund approval thresholds for goodwill credits',
    ]);
    expect(cosine(query!, oversell!)).toBeGreaterThan(cosine(query!, refund!));
  });

  it('gives an all-zero vector for text without content words', async () => {
    expect((await embedder.embedQuery('what is the')).every((value) => value === 0)).toBe(true);
  });

  it('supports another dimension', async () => {
    expect(await new LocalHashEmbeddings({ dimension: 64 }).embedQuery('credit hold')).toHaveLength(64);
  });
});
