import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { describe, expect, it } from 'vitest';
import { LocalSemanticEmbeddings } from './local-semantic-embeddings.ts';

const cosine = (a: number[], b: number[]): number => a.reduce((sum, value, i) => sum + value * b[i]!, 0);

describe('LocalSemanticEmbeddings', () => {
  const embedder = new LocalSemanticEmbeddings();

  it('serves as LangChain embeddings (EmbeddingsInterface) with a stable id, 256 dimensions and unit vectors', async () => {
    // A type check (tsc): LangChain's vector stores and retrievers take this interface, not the base class.
    const asLangChain: EmbeddingsInterface = embedder;
    expect(await asLangChain.embedQuery('refund')).toEqual((await embedder.embedDocuments(['refund']))[0]);
    expect(embedder.id).toBe('local:sif-glove100-w1+hash-v1');
    expect(await embedder.dimension()).toBe(256);
    const [a, b] = await embedder.embedDocuments(['Refund the duplicate capture', 'Refund the duplicate capture']);
    expect(a).toHaveLength(256);
    expect(Math.hypot(...a!)).toBeCloseTo(1, 6);
    expect(a).toEqual(b);
    expect(new LocalSemanticEmbeddings({ semanticWeight: 0.8 }).id).not.toBe(embedder.id);
  });

  it('connects a paraphrase to its topic through meaning, not shared words', async () => {
    const [query, shipping, refunds] = await embedder.embedDocuments([
      'the parcel is still sitting on our dock',
      'Shipment not picked up by the carrier at the warehouse',
      'Issue a refund to the card after inspection',
    ]);
    expect(cosine(query!, shipping!)).toBeGreaterThan(cosine(query!, refunds!));
  });

  it('still gives unknown words a direction (hashed features), and nothing a zero vector', async () => {
    const unknown = await embedder.embedQuery('zzqx-4411 wqpv');
    expect(Math.hypot(...unknown)).toBeCloseTo(1, 6);
    expect((await embedder.embedQuery('')).every((value) => value === 0)).toBe(true);
  });
});
