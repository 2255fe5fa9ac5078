import { describe, expect, it } from 'vitest';
import { ingestChunkOptions, progressLines } from './ingest.ts';

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

describe('progress lines (stderr that is not a terminal)', () => {
  it('writes one line per phase and per tenth of the work, and the last step', () => {
    const lines: string[] = [];
    const progress = progressLines((line) => lines.push(line));
    for (let done = 1; done <= 3; done += 1) progress.update('loading ', done, 3);
    for (let done = 1; done <= 250; done += 1) progress.update('indexing', done, 250);
    expect(lines.slice(0, 4)).toEqual(['loading 1/3', 'loading 2/3', 'loading 3/3', 'indexing 1/250']);
    expect(lines.slice(4)).toEqual([
      'indexing 25/250',
      'indexing 50/250',
      'indexing 75/250',
      'indexing 100/250',
      'indexing 125/250',
      'indexing 150/250',
      'indexing 175/250',
      'indexing 200/250',
      'indexing 225/250',
      'indexing 250/250',
    ]);
  });
});
