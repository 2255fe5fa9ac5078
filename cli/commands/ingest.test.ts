import { describe, expect, it } from 'vitest';
import { ingestChunkOptions } from './ingest.ts';

describe('ingest chunk options', () => {
  const config = { COPILOT_CHUNK_SIZE: 1000, COPILOT_CHUNK_OVERLAP: 150 };

  it('takes each option over its environment variable', () => {
    expect(ingestChunkOptions({}, config)).toEqual({ targetSize: 1000, overlap: 150 });
    expect(ingestChunkOptions({ chunkSize: 400, chunkOverlap: 100 }, config)).toEqual({ targetSize: 400, overlap: 100 });
  });

  it('refuses an overlap not smaller than the chunk size, naming where each value came from', () => {
    expect(() => ingestChunkOptions({ chunkSize: 200, chunkOverlap: 2000 }, config)).toThrow(
      '--chunk-overlap (2000) must be smaller than --chunk-size (200)',
    );
    expect(() => ingestChunkOptions({ chunkOverlap: 1500 }, config)).toThrow(
      '--chunk-overlap (1500) must be smaller than COPILOT_CHUNK_SIZE (1000)',
    );
    expect(() => ingestChunkOptions({ chunkSize: 200 }, { COPILOT_CHUNK_SIZE: 1000, COPILOT_CHUNK_OVERLAP: 300 })).toThrow(
      'COPILOT_CHUNK_OVERLAP (300) must be smaller than --chunk-size (200)',
    );
  });
});
